package dev.quietlegs.hardware.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.Buttons;
import dev.quietlegs.hardware.port.OutputStage;
import dev.quietlegs.hardware.port.PressureSensors;
import dev.quietlegs.hardware.port.StatusLight;
import dev.quietlegs.hardware.sensor.AdcPressureSensors;
import dev.quietlegs.hardware.sensor.Ads1115;
import dev.quietlegs.hardware.wiring.PinMap;
import dev.quietlegs.hardware.wiring.PinRules.PwmSoc;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The real unit through Pi4J, built from a {@link PinMap}: hardware PWM for the motor and the
 * pump, GPIO outputs for the valves and the lights, GPIO inputs for the buttons, the ADS1115 on
 * I2C for the pressures, and the heartbeat line into the dead-man. Every output starts and shuts
 * down in the safe state (all low: pump and motor off, inlets closed, exhausts and the main vent
 * open).
 */
public final class Pi4jBoard implements Board {

    private final Context pi4j;
    private final String description;
    private final OutputStage outputs;
    private final DigitalOutput heartbeat;
    private boolean beat;
    private final AdcPressureSensors sensors;
    private final Pi4jButtons buttons;
    private final Pi4jStatusLight light;
    private boolean closed;

    private Pi4jBoard(Context pi4j, PinMap map, PwmSoc soc, LongSupplier nanos, double motorMinDuty,
            String description) {
        this.pi4j = pi4j;
        this.description = description;
        // Outputs first, each created safe: the safe state before anything else is touched.
        SafeOutputs out = SafeOutputs.create(pi4j, map, soc);
        this.outputs = new OutputStage(new Pi4jPwmOutput(out.pump(), map.pwmHz()),
                new Pi4jPwmOutput(out.motor(), map.pwmHz()),
                new Pi4jValveBank(out.inlets(), out.exhausts(), out.vent()), motorMinDuty);
        this.heartbeat = output(pi4j, "heartbeat", map.heartbeatGpio());
        this.light = new Pi4jStatusLight(output(pi4j, "status-light", map.lightGpio()),
                output(pi4j, "fault-light", map.faultLightGpio()));
        this.buttons = new Pi4jButtons(input(pi4j, "start-stop", map.buttonGpio()),
                input(pi4j, "emergency-stop", map.estopGpio()), map.debounceMs() * 1_000_000L, nanos);
        I2C i2c = pi4j.create(I2C.newConfigBuilder(pi4j).id("ads1115").name("pressure ADC").bus(map.i2cBus())
                .device(map.adcAddress()).build());
        this.sensors = new AdcPressureSensors(new Ads1115(new Pi4jI2cDevice(i2c)),
                map.sensorInputs().stream().mapToInt(Integer::intValue).toArray(), map.manifoldInput(),
                map.sensorSupplyV(), map.sensorDivider());
    }

    /**
     * Builds the board on {@code pi4j}, which it then owns: {@link #close} shuts it down. If a pin
     * cannot be had, what was created is put back in the safe state and released before the
     * exception leaves.
     *
     * @param soc   how the PWM pins are numbered on this Pi's PWM chip
     * @param nanos the control loop's clock, for debouncing
     * @param motorMinDuty the vibration motor's slowest running duty
     */
    public static Pi4jBoard open(Context pi4j, PinMap map, PwmSoc soc, LongSupplier nanos, double motorMinDuty,
            String description) {
        try {
            return new Pi4jBoard(pi4j, map, soc, nanos, motorMinDuty, description);
        } catch (RuntimeException e) {
            pi4j.shutdown();
            throw e;
        }
    }

    /**
     * Drives every output of {@code map} to the safe state and nothing else (no inputs, no I2C):
     * what the service manager runs after the unit's process is gone, however it went, since a
     * killed process leaves the Pi's pins and PWM channels as they were. The caller shuts Pi4J down.
     */
    public static void driveSafe(Context pi4j, PinMap map, PwmSoc soc) {
        SafeOutputs.create(pi4j, map, soc);
    }

    /** Every output of the map, valves de-energised (all low) and PWM off. */
    private record SafeOutputs(List<DigitalOutput> inlets, List<DigitalOutput> exhausts, DigitalOutput vent, Pwm pump,
            Pwm motor) {

        static SafeOutputs create(Context pi4j, PinMap map, PwmSoc soc) {
            List<DigitalOutput> inlets = new ArrayList<>();
            List<DigitalOutput> exhausts = new ArrayList<>();
            for (int i = 0; i < map.chambers(); i++) {
                inlets.add(output(pi4j, "inlet-" + (i + 1), map.inletGpio().get(i)));
                exhausts.add(output(pi4j, "exhaust-" + (i + 1), map.exhaustGpio().get(i)));
            }
            DigitalOutput vent = output(pi4j, "main-vent", map.ventGpio());
            return new SafeOutputs(inlets, exhausts, vent, pwm(pi4j, "pump", soc.channel(map.pumpGpio()), map.pwmHz()),
                    pwm(pi4j, "motor", soc.channel(map.motorGpio()), map.pwmHz()));
        }
    }

    /**
     * Measures each sensor's zero with the cuff open to the room (the board starts vented; give
     * the air a moment to leave first).
     *
     * @throws IllegalStateException naming the sensor that reads too far from zero or not at all
     */
    public void calibrateZero(double maxOffsetMmHg) {
        calibrateZero(maxOffsetMmHg, () -> {
            try {
                Thread.sleep(2); // one ADS1115 conversion at 860 SPS is 1.2 ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void calibrateZero(double maxOffsetMmHg, Runnable waitForConversion) {
        sensors.calibrateZero(8, maxOffsetMmHg, waitForConversion);
    }

    private static DigitalOutput output(Context pi4j, String id, int gpio) {
        return pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(id).address(gpio)
                .initial(DigitalState.LOW).shutdown(DigitalState.LOW).build());
    }

    private static DigitalInput input(Context pi4j, String id, int gpio) {
        return pi4j.create(DigitalInput.newConfigBuilder(pi4j).id(id).address(gpio).pull(PullResistance.PULL_UP)
                .build());
    }

    /** Off until commanded; a channel left running by a killed process is switched off here. */
    private static Pwm pwm(Context pi4j, String id, int channel, int hz) {
        Pwm pwm = pi4j.create(Pwm.newConfigBuilder(pi4j).id(id).address(channel).pwmType(PwmType.HARDWARE)
                .frequency(hz).initial(0).shutdown(0).build());
        pwm.off();
        return pwm;
    }

    @Override
    public OutputStage outputs() {
        return outputs;
    }

    @Override
    public void heartbeat() {
        beat = !beat;
        heartbeat.state(beat ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Override
    public PressureSensors sensors() {
        return sensors;
    }

    @Override
    public Buttons buttons() {
        return buttons;
    }

    @Override
    public StatusLight light() {
        return light;
    }

    @Override
    public String describe() {
        return description;
    }

    /** The safe state written pin by pin, then Pi4J shut down (which leaves every pin at its shutdown state, low). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            outputs.forceSafe();
            heartbeat.low();
            light.show(StatusLight.Signal.OFF, 0);
        } finally {
            pi4j.shutdown();
        }
    }
}
