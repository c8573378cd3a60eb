package dev.quietlegs.hardware.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.sim.PlantParameters;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import org.junit.jupiter.api.Test;

class CalibratedSensorsTest {

    private final Ads1115Chip chip = new Ads1115Chip();
    private final AdcPressureSensors adc = new AdcPressureSensors(new Ads1115(chip), 3, 5.0, 2.0 / 3.0);

    private static double adcVolts(double mmHg) {
        return 5.0 * (0.018 * mmHg / AdcPressureSensors.MMHG_PER_KPA + 0.04) * 2.0 / 3.0;
    }

    private void readAll(double ankle, double calf, double thigh, double manifold) {
        chip.volts[0] = adcVolts(ankle);
        chip.volts[1] = adcVolts(calf);
        chip.volts[2] = adcVolts(thigh);
        chip.volts[3] = adcVolts(manifold);
        for (int i = 0; i < 5; i++) {
            adc.sample();
        }
    }

    @Test
    void eachSensorIsCorrectedByItsOwnZeroAndGain() {
        SensorCalibration c = SensorCalibration.none(3).with(1, 2.0, 1.1).with(3, -1.0, 0.9);
        CalibratedSensors s = new CalibratedSensors(adc, c);
        readAll(40, 42, 40, 51);
        assertThat(s.readMmHg(0)).isCloseTo(40, within(0.05));
        assertThat(s.readMmHg(1)).isCloseTo(1.1 * (42 - 2), within(0.05));
        assertThat(s.readManifoldMmHg()).isCloseTo(0.9 * (51 + 1), within(0.05));
    }

    @Test
    void theRawVoltsArePassedThroughAsTheSensorGivesThem() {
        CalibratedSensors s = new CalibratedSensors(adc, SensorCalibration.none(3).with(0, 3, 1.2));
        readAll(0, 0, 0, 37.5);
        assertThat(s.volts(0)).isCloseTo(0.2, within(0.001));
        assertThat(s.manifoldVolts()).isCloseTo(5.0 * (0.018 * 37.5 / AdcPressureSensors.MMHG_PER_KPA + 0.04),
                within(0.001));
    }

    @Test
    void aNewCalibrationAppliesFromTheNextReadingAndAnUnreadableSensorStaysUnreadable() {
        CalibratedSensors s = new CalibratedSensors(adc, SensorCalibration.none(3));
        readAll(30, 0, 0, 0);
        assertThat(s.readMmHg(0)).isCloseTo(30, within(0.05));
        s.apply(SensorCalibration.none(3).with(0, 0, 1.2));
        assertThat(s.readMmHg(0)).isCloseTo(36, within(0.05));
        chip.failing = true;
        for (int i = 0; i < 5; i++) {
            adc.sample();
        }
        assertThat(s.readMmHg(0)).isNaN();
    }

    @Test
    void impossibleCorrectionsAndTheWrongNumberOfSensorsAreRefused() {
        assertThatThrownBy(() -> SensorCalibration.none(3).with(0, 0, 1.4)).hasMessageContaining("gain 1.4");
        assertThatThrownBy(() -> SensorCalibration.none(3).with(0, 12, 1)).hasMessageContaining("zero 12");
        assertThatThrownBy(() -> SensorCalibration.none(3).with(0, Double.NaN, 1)).hasMessageContaining("zero NaN");
        assertThatThrownBy(() -> new CalibratedSensors(adc, SensorCalibration.none(2)))
                .hasMessageContaining("2 chambers' sensors for 3");
    }

    @Test
    void onTheSimulatedBoardTheCorrectionUndoesAGainError() {
        long[] now = {0};
        SimulatedBoard sim = new SimulatedBoard(PlantParameters.legCuff(3), () -> now[0]);
        sim.sensorGain(0, 0.9);
        Board b = CalibratedSensors.on(sim, SensorCalibration.none(3).with(0, 0, 1 / 0.9));
        sim.heartbeat();
        sim.plant().setPumpDuty(1);
        sim.plant().setMainVent(false);
        sim.plant().setExhaust(0, false);
        sim.plant().setInlet(0, true);
        for (int i = 0; i < 200; i++) { // 2 s with the dead-man fed
            now[0] += 10_000_000L;
            sim.heartbeat();
        }
        double truth = sim.plant().chamberMmHg(0);
        assertThat(truth).isGreaterThan(20);
        assertThat(b.sensors().readMmHg(0)).isCloseTo(truth, within(1.5));
        assertThat(b.sensors().volts(0)).isCloseTo(5.0 * (0.018 * 0.9 * truth / 7.500617 + 0.04), within(0.02));
        assertThat(b.outputs()).isSameAs(sim.outputs());
    }
}
