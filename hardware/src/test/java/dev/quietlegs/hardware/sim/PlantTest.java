package dev.quietlegs.hardware.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.hardware.port.OutputFrame;
import org.junit.jupiter.api.Test;

class PlantTest {

    private final PlantParameters params = PlantParameters.legCuff(3);

    private Plant filling(int chamber) {
        Plant plant = new Plant(params);
        plant.setMainVent(false);
        plant.setExhaust(chamber, false);
        plant.setInlet(chamber, true);
        plant.setPumpDuty(1.0);
        return plant;
    }

    @Test
    void aChamberFillsInSecondsAndTheOthersStayFlat() {
        Plant plant = filling(1);
        double t = 0;
        while (plant.chamberMmHg(1) < 40 && t < 20) {
            plant.advance(0.01);
            t += 0.01;
        }
        // About 250 mL of air at roughly 65 mL/s: a few seconds, like a Kendall SCD's 11 s for three.
        assertThat(t).isBetween(2.0, 6.0);
        assertThat(plant.chamberMmHg(0)).isZero();
        assertThat(plant.chamberMmHg(2)).isZero();
        assertThat(plant.manifoldMmHg()).isGreaterThan(plant.chamberMmHg(1));
    }

    @Test
    void theFlowFallsWithBackPressure() {
        Plant plant = filling(0);
        plant.advance(0.5);
        double early = plant.chamberMmHg(0);
        plant.advance(2.0);
        double mid = plant.chamberMmHg(0);
        plant.advance(0.5);
        double late = plant.chamberMmHg(0);
        // Over equal half-seconds the rise shrinks as the cuff stiffens and the pump slows, yet
        // compliance stiffening alone would make it grow; the pump curve must dominate late on.
        assertThat(early).isGreaterThan(0);
        assertThat(late - mid).isLessThan(early * 4);
    }

    @Test
    void theMechanicalReliefCapsTheManifoldWhenThePumpDeadHeads() {
        Plant plant = new Plant(params);
        plant.setMainVent(false);
        plant.setPumpDuty(1.0);
        plant.advance(10);
        assertThat(plant.manifoldMmHg()).isGreaterThan(params.reliefMmHg()).isLessThan(params.reliefMmHg() + 20);
    }

    @Test
    void aPoweredDownPlantDeflatesThroughItsNormallyOpenValves() {
        Plant plant = filling(2);
        plant.advance(4);
        assertThat(plant.chamberMmHg(2)).isGreaterThan(30);
        plant.setPumpDuty(0);
        plant.setInlet(2, false);
        plant.setExhaust(2, true);
        plant.setMainVent(true);
        plant.advance(3);
        assertThat(plant.chamberMmHg(2)).isLessThan(5);
    }

    @Test
    void aClosedChamberHoldsItsPressureButForASlowLeak() {
        Plant plant = filling(0);
        plant.advance(3);
        plant.setInlet(0, false);
        plant.setPumpDuty(0);
        double held = plant.chamberMmHg(0);
        plant.advance(10);
        double after = plant.chamberMmHg(0);
        assertThat(after).isLessThan(held).isGreaterThan(held - 5);
    }

    @Test
    void aLeakDeflatesAChamberTheValvesHoldClosed() {
        Plant plant = filling(0);
        plant.advance(3);
        plant.setInlet(0, false);
        plant.setPumpDuty(0);
        plant.addLeak(0, 30);
        plant.advance(5);
        assertThat(plant.chamberMmHg(0)).isLessThan(5);
    }

    @Test
    void theMotorSpinsUpWithItsTimeConstantAndStallsBelowItsStartDuty() {
        Plant plant = new Plant(params);
        plant.setMotorDuty(0.8);
        plant.advance(params.motorTimeConstant());
        assertThat(plant.motorSpeed()).isCloseTo(0.8 * (1 - Math.exp(-1)), within(0.02));
        plant.advance(2);
        assertThat(plant.motorSpeed()).isCloseTo(0.8, within(0.01));
        plant.setMotorDuty(params.motorStartDuty() / 2);
        plant.advance(2);
        assertThat(plant.motorSpeed()).isLessThan(0.01);
    }

    @Test
    void theBoardIntegratesUpToTheClockAndItsSensorsAreNoisyButRepeatable() {
        long[] now = {0};
        SimulatedBoard a = new SimulatedBoard(params, () -> now[0]);
        SimulatedBoard b = new SimulatedBoard(params, () -> now[0]);
        for (SimulatedBoard board : new SimulatedBoard[] {a, b}) {
            board.write(new OutputFrame(3).ventOpen(false).exhaustOpen(0, false).inletOpen(0, true).pump(1));
        }
        for (int t = 0; t < 300; t++) {
            now[0] += 10_000_000L;
            a.heartbeat();
            b.heartbeat();
        }
        double ra = a.sensors().readMmHg(0);
        double rb = b.sensors().readMmHg(0);
        assertThat(ra).isEqualTo(rb);
        assertThat(ra).isCloseTo(a.plant().chamberMmHg(0), within(1.5));
        assertThat(a.plant().seconds()).isCloseTo(3.0, within(1e-6));
        a.disconnectSensor(1);
        assertThat(a.sensors().readMmHg(1)).isNaN();
    }

    @Test
    void aVentedChamberSettlesToExactlyZeroNotIntoSubnormalNumbers() {
        Plant plant = filling(0);
        plant.advance(3);
        plant.setPumpDuty(0);
        plant.setInlet(0, false);
        plant.setExhaust(0, true);
        plant.setMainVent(true);
        plant.advance(600);
        assertThat(plant.chamberMmHg(0)).isZero();
        assertThat(plant.manifoldMmHg()).isZero();
    }
}
