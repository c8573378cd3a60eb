package dev.quietlegs.hardware.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.hardware.wiring.PinRules.Problem;
import dev.quietlegs.hardware.wiring.PinRules.PwmSoc;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PinRulesTest {

    private static final PinMap STANDARD = PinMap.standard(3);

    private static PinMap with(List<Integer> inlets, List<Integer> exhausts, List<Integer> sensors, int motor,
            int pump, int vent, int manifold, int address) {
        PinMap s = STANDARD;
        return new PinMap(s.pwmHz(), motor, pump, inlets, exhausts, vent, s.buttonGpio(), s.estopGpio(),
                s.lightGpio(), s.faultLightGpio(), s.heartbeatGpio(), s.i2cBus(), address, sensors, manifold, s.sensorSupplyV(),
                s.sensorDivider(), s.pwmChip(), s.debounceMs());
    }

    private static Problem problem(PinMap map) {
        return PinRules.check(map, 3).orElseThrow(() -> new AssertionError("accepted: " + map));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void theStandardWiringIsValidForOneToThreeChambers(int chambers) {
        assertThat(PinRules.check(PinMap.standard(chambers), chambers)).isEmpty();
    }

    @Test
    void aPinUsedTwiceNamesBothUses() {
        Problem p = problem(with(List.of(17, 27, 22), List.of(23, 17, 25), List.of(0, 1, 2), 18, 19, 26, 3, 0x48));
        assertThat(p.key()).isEqualTo("exhaust_gpio");
        assertThat(p.message()).isEqualTo("GPIO 17 is used twice: for chamber 1's inlet and for chamber 2's exhaust");
    }

    @Test
    void thePinsOfTheI2cBusAreTaken() {
        Problem p = problem(with(List.of(17, 27, 22), List.of(23, 24, 25), List.of(0, 1, 2), 18, 19, 2, 3, 0x48));
        assertThat(p).isEqualTo(new Problem("vent_gpio", "GPIO 2 is used twice: for I2C bus 1's SDA and for the main vent"));
    }

    @Test
    void pwmOnAPinWithoutAPwmChannelIsRefused() {
        Problem p = problem(with(List.of(17, 27, 22), List.of(23, 24, 25), List.of(0, 1, 2), 18, 20, 26, 3, 0x48));
        assertThat(p.key()).isEqualTo("pump_gpio");
        assertThat(p.message()).contains("GPIO 20 has no hardware PWM channel");
    }

    @Test
    void theMotorAndThePumpCannotShareAPwmChannel() {
        Problem p = problem(with(List.of(17, 27, 22), List.of(23, 24, 25), List.of(0, 1, 2), 18, 12, 26, 3, 0x48));
        assertThat(p.key()).isEqualTo("pump_gpio");
        assertThat(p.message()).contains("same PWM channel (0) on a Pi 4");
    }

    @Test
    void aChamberWithoutItsSensorIsRefused() {
        Problem p = problem(with(List.of(17, 27, 22), List.of(23, 24, 25), List.of(0, 1), 18, 19, 26, 3, 0x48));
        assertThat(p).isEqualTo(new Problem("sensor_inputs",
                "the cuff has 3 chambers but 2 are listed: chamber 3 has no pressure sensor"));
    }

    @Test
    void aChamberWithoutItsValvesIsRefused() {
        assertThat(problem(with(List.of(17, 27), List.of(23, 24, 25), List.of(0, 1, 2), 18, 19, 26, 3, 0x48)).message())
                .isEqualTo("the cuff has 3 chambers but 2 are listed: chamber 3 has no inlet valve");
        assertThat(problem(with(List.of(17, 27, 22), List.of(23, 24, 25, 8), List.of(0, 1, 2), 18, 19, 26, 3, 0x48)))
                .isEqualTo(new Problem("exhaust_gpio", "4 listed for a cuff of 3 chambers: one exhaust valve per chamber,"
                        + " distal first"));
    }

    @Test
    void twoSensorsOnOneInputOrAnInputTheChipLacksAreRefused() {
        assertThat(problem(with(List.of(17, 27, 22), List.of(23, 24, 25), List.of(0, 1, 2), 18, 19, 26, 1, 0x48)))
                .isEqualTo(new Problem("manifold_input", "the manifold's sensor is on input 1, which chamber 2's sensor"
                        + " already reads"));
        assertThat(problem(with(List.of(17, 27, 22), List.of(23, 24, 25), List.of(0, 4, 2), 18, 19, 26, 3, 0x48)).message())
                .isEqualTo("chamber 2's sensor is on input 4; the ADS1115 has inputs 0 to 3");
    }

    @Test
    void pinsOffTheHeaderAndWrongAddressesAreRefused() {
        assertThat(problem(with(List.of(17, 27, 40), List.of(23, 24, 25), List.of(0, 1, 2), 18, 19, 26, 3, 0x48)).message())
                .isEqualTo("GPIO 40 is not on the 40-pin header (GPIO 0 to 27)");
        assertThat(problem(with(List.of(17, 27, 22), List.of(23, 24, 25), List.of(0, 1, 2), 18, 19, 26, 3, 0x40)).key())
                .isEqualTo("adc_address");
    }

    @Test
    void moreChambersThanOneAdcReadsAreRefused() {
        assertThat(PinRules.check(STANDARD, 4)).get().extracting(Problem::key).isEqualTo("sensor_inputs");
    }

    @Test
    void pwmChannelsAreNumberedPerChip() {
        assertThat(new int[] {PwmSoc.BCM.channel(12), PwmSoc.BCM.channel(13), PwmSoc.BCM.channel(18),
                PwmSoc.BCM.channel(19), PwmSoc.BCM.channel(17)}).containsExactly(0, 1, 0, 1, -1);
        assertThat(new int[] {PwmSoc.RP1.channel(12), PwmSoc.RP1.channel(13), PwmSoc.RP1.channel(18),
                PwmSoc.RP1.channel(19)}).containsExactly(0, 1, 2, 3);
    }
}
