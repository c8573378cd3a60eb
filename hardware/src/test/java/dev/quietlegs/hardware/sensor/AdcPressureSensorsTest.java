package dev.quietlegs.hardware.sensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdcPressureSensorsTest {

    private static final double VS = 5.0;
    private static final double DIVIDER = 2.0 / 3.0;
    private final Ads1115Chip chip = new Ads1115Chip();
    private final AdcPressureSensors sensors = new AdcPressureSensors(new Ads1115(chip), 3, VS, DIVIDER);

    /** The voltage at the ADC for a gauge pressure, as an MPX5050GP behind the divider gives it. */
    private static double adcVolts(double mmHg) {
        double kPa = mmHg / AdcPressureSensors.MMHG_PER_KPA;
        return VS * (0.018 * kPa + 0.04) * DIVIDER;
    }

    private void set(double ankle, double calf, double thigh, double manifold) {
        chip.volts[0] = adcVolts(ankle);
        chip.volts[1] = adcVolts(calf);
        chip.volts[2] = adcVolts(thigh);
        chip.volts[3] = adcVolts(manifold);
    }

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            sensors.sample();
        }
    }

    @Test
    void theConfigWordStartsASingleEndedSingleShotConversionAt860SamplesPerSecond() {
        assertThat(Ads1115.configFor(0)).isEqualTo(0xC3E3);
        assertThat(Ads1115.configFor(3)).isEqualTo(0xF3E3);
        assertThatThrownBy(() -> Ads1115.configFor(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneInputIsConvertedPerTickRoundRobinAndReadTheTickAfter() {
        set(40, 35, 30, 60);
        ticks(1);
        assertThat(sensors.readMmHg(0)).isNaN(); // started, not read yet
        ticks(4);
        assertThat(sensors.readMmHg(0)).isCloseTo(40, within(0.05));
        assertThat(sensors.readMmHg(1)).isCloseTo(35, within(0.05));
        assertThat(sensors.readMmHg(2)).isCloseTo(30, within(0.05));
        assertThat(sensors.readManifoldMmHg()).isCloseTo(60, within(0.05));
        assertThat(chip.configWrites).extracting(c -> c >> 12 & 0b11).containsExactly(0, 1, 2, 3, 0);
    }

    @Test
    void aCountIsAboutOneSixtiethOfAMmHgAndNegativeCountsReadBelowZero() {
        set(0, 0, 0, 0);
        chip.volts[0] = adcVolts(0) + Ads1115.VOLTS_PER_COUNT;
        ticks(5);
        double perCount = sensors.readMmHg(0) - sensors.readMmHg(1);
        assertThat(perCount).isCloseTo(0.0156, within(0.001));
        chip.volts[2] = -0.01;
        ticks(4);
        assertThat(sensors.readMmHg(2)).isLessThan(-5); // impossible: the supervisor trips on it
    }

    @Test
    void theZeroOffsetIsMeasuredVentedAndSubtracted() {
        set(1.2, -0.8, 0.5, 2.0);
        sensors.calibrateZero(4, 10, () -> { });
        set(41.2, 34.2, 30.5, 2.0);
        ticks(5);
        assertThat(sensors.readMmHg(0)).isCloseTo(40, within(0.05));
        assertThat(sensors.readMmHg(1)).isCloseTo(35, within(0.05));
        assertThat(sensors.readManifoldMmHg()).isCloseTo(0, within(0.05));
    }

    @Test
    void aZeroThatIsNotNearZeroIsRefusedNamingTheInput() {
        set(0, 25, 0, 0);
        assertThatThrownBy(() -> sensors.calibrateZero(4, 10, () -> { }))
                .hasMessageContaining("chamber 2 (ADS1115 input 1) reads 25.0 mmHg with the cuff open");
    }

    @Test
    void anI2cErrorMakesTheInputUnreadableUntilItReadsAgain() {
        set(40, 35, 30, 60);
        ticks(5);
        chip.failing = true;
        ticks(1);
        assertThat(sensors.readMmHg(0)).isNaN();
        chip.failing = false;
        ticks(4);
        assertThat(sensors.readMmHg(0)).isCloseTo(40, within(0.05));
        chip.failing = true;
        assertThatThrownBy(() -> sensors.calibrateZero(2, 10, () -> { })).hasMessageContaining("cannot be read");
    }
}
