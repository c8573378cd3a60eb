package dev.quietlegs.hardware.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import dev.quietlegs.hardware.sensor.Ads1115;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Pi4J adapters against Pi4J's own mock plugin: the duty, the pin states, the I2C bytes. */
class Pi4jAdaptersTest {

    private final Context pi4j = Pi4J.newContextBuilder()
            .add(MockPwmProvider.newInstance(), MockDigitalOutputProvider.newInstance(), MockI2CProvider.newInstance())
            .build();

    @AfterEach
    void shutDown() {
        pi4j.shutdown();
    }

    private DigitalOutput output(String id, int gpio) {
        return pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(id).address(gpio)
                .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
    }

    @Test
    void thePwmRunsAtTheCommandedDutyAndFrequencyAndOffAtZero() {
        Pwm pwm = pi4j.create(Pwm.newConfigBuilder(pi4j).id("pump").address(19).pwmType(PwmType.HARDWARE)
                .initial(0).shutdown(0).build());
        Pi4jPwmOutput pump = new Pi4jPwmOutput(pwm, 25_000);
        pump.setDuty(0.35);
        assertThat(pwm.isOn()).isTrue();
        assertThat(pwm.dutyCycle()).isEqualTo(35);
        assertThat(pwm.frequency()).isEqualTo(25_000);
        pump.setDuty(1.7);
        assertThat(pwm.dutyCycle()).isEqualTo(100);
        pump.setDuty(0);
        assertThat(pwm.isOn()).isFalse();
        pump.setDuty(Double.NaN);
        assertThat(pwm.isOn()).isFalse();
    }

    @Test
    void valvePinsFollowEachCommandAndAllLowIsTheSafeState() {
        List<DigitalOutput> inlets = new ArrayList<>();
        List<DigitalOutput> exhausts = new ArrayList<>();
        int[] inletPins = {17, 27, 22};
        int[] exhaustPins = {23, 24, 25};
        for (int i = 0; i < 3; i++) {
            inlets.add(output("inlet" + i, inletPins[i]));
            exhausts.add(output("exhaust" + i, exhaustPins[i]));
        }
        DigitalOutput vent = output("vent", 26);
        Pi4jValveBank valves = new Pi4jValveBank(inlets, exhausts, vent);
        // the safe state at start: everything de-energised
        assertThat(inlets).allMatch(DigitalOutput::isLow);
        assertThat(exhausts).allMatch(DigitalOutput::isLow);
        assertThat(vent.isLow()).isTrue();

        // filling the calf: its inlet open (energised), its exhaust closed (energised), vent closed
        valves.setInlet(1, true);
        valves.setExhaust(1, false);
        valves.setMainVent(false);
        assertThat(inlets.get(1).isHigh()).isTrue();
        assertThat(exhausts.get(1).isHigh()).isTrue();
        assertThat(vent.isHigh()).isTrue();
        assertThat(inlets.get(0).isLow() && inlets.get(2).isLow()).isTrue();

        // venting again: back to all low
        valves.setInlet(1, false);
        valves.setExhaust(1, true);
        valves.setMainVent(true);
        assertThat(inlets).allMatch(DigitalOutput::isLow);
        assertThat(exhausts).allMatch(DigitalOutput::isLow);
        assertThat(vent.isLow()).isTrue();
    }

    @Test
    void theAds1115DriverWritesItsConfigAndReadsItsConversionAsBytesOnTheBus() throws IOException {
        I2C i2c = pi4j.create(I2C.newConfigBuilder(pi4j).id("ads1115").bus(1).device(0x48).build());
        Ads1115 adc = new Ads1115(new Pi4jI2cDevice(i2c));
        adc.start(2);
        byte[] config = new byte[2];
        i2c.readRegister(1, config, 0, 2); // the mock keeps what was written, per register
        assertThat(config).containsExactly((byte) 0xE3, (byte) 0xE3);

        i2c.writeRegister(0, new byte[] {0x10, 0x00}, 0, 2); // the chip's conversion: 0x1000 counts
        assertThat(adc.readVolts()).isCloseTo(0.512, within(1e-9));
        i2c.writeRegister(0, new byte[] {(byte) 0xff, (byte) 0xff}, 0, 2); // -1 count
        assertThat(adc.readVolts()).isCloseTo(-4.096 / 32768, within(1e-12));
    }

    @Test
    void aReadThatReturnsTooFewBytesIsAnIoErrorNotAStaleValue() {
        I2C i2c = pi4j.create(I2C.newConfigBuilder(pi4j).id("ads1115").bus(1).device(0x48).build());
        Ads1115 adc = new Ads1115(new Pi4jI2cDevice(i2c));
        assertThatThrownBy(adc::readVolts).isInstanceOf(IOException.class);
    }
}
