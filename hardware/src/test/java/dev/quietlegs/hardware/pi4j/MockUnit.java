package dev.quietlegs.hardware.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import dev.quietlegs.hardware.sim.Plant;
import dev.quietlegs.hardware.sim.PlantParameters;
import dev.quietlegs.hardware.wiring.PinMap;
import dev.quietlegs.hardware.wiring.PinRules.PwmSoc;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The Pi4J board on Pi4J's mock plugin, wired to the simulated plant as the real pins are wired
 * to the pneumatics: after each tick it reads the mock PWM duties and pin levels, integrates the
 * plant, and answers the ADS1115's conversion with the bytes a real chip would give for the
 * sensor's voltage (MPX5050GP through the divider, with each sensor's own zero offset and noise).
 * Used by the hardware tests and, through the test jar, by the firmware's whole-session test.
 */
public final class MockUnit implements AutoCloseable {

    /** Zero offsets of the four sensors, mmHg: what calibration at start-up must remove. */
    static final double[] SENSOR_OFFSETS = {0.8, -0.6, 1.5, 0.3};

    private final Context pi4j;
    private final PinMap map;
    private final Pi4jBoard board;
    private final Plant plant;
    private final SplittableRandom noise = new SplittableRandom(7);
    private final Pwm pumpPwm;
    private final Pwm motorPwm;
    private final DigitalOutput[] inlets;
    private final DigitalOutput[] exhausts;
    private final DigitalOutput vent;
    private final I2C adc;
    private final byte[] word = new byte[2];
    private final byte[] stale = new byte[2];
    private long lastNanos;
    private boolean i2cBroken;
    private final DigitalOutput heartbeat;
    private boolean beatWas;
    private long lastEdgeNanos = Long.MIN_VALUE;

    public MockUnit(int chambers, LongSupplier nanos) {
        this.map = PinMap.standard(chambers);
        this.pi4j = Pi4J.newContextBuilder().add(MockPwmProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                MockDigitalInputProvider.newInstance(), MockI2CProvider.newInstance()).build();
        this.board = Pi4jBoard.open(pi4j, map, PwmSoc.BCM, nanos, 0.3, "Pi4J mock board");
        this.plant = new Plant(PlantParameters.legCuff(chambers));
        this.pumpPwm = pi4j.registry().get("pump", Pwm.class);
        this.motorPwm = pi4j.registry().get("motor", Pwm.class);
        this.inlets = new DigitalOutput[chambers];
        this.exhausts = new DigitalOutput[chambers];
        for (int i = 0; i < chambers; i++) {
            inlets[i] = pi4j.registry().get("inlet-" + (i + 1), DigitalOutput.class);
            exhausts[i] = pi4j.registry().get("exhaust-" + (i + 1), DigitalOutput.class);
        }
        this.vent = pi4j.registry().get("main-vent", DigitalOutput.class);
        this.heartbeat = pi4j.registry().get("heartbeat", DigitalOutput.class);
        plant.setDriverSupply(false); // the dead-man holds the supply off until the heartbeat toggles
        this.adc = pi4j.registry().get("ads1115", I2C.class);
        this.lastNanos = nanos.getAsLong();
        setButton(false); // pulled up: released reads high
    }

    /** Whether the dead-man has the drivers' supply off. */
    public boolean deadmanCut() {
        return !plant.driverSupply();
    }

    public Pi4jBoard board() {
        return board;
    }

    public Plant plant() {
        return plant;
    }

    public Context pi4j() {
        return pi4j;
    }

    /** Zero calibration as at start-up, the mock chip answering each conversion. */
    public void calibrate() {
        board.calibrateZero(5, () -> afterTick(lastNanos));
    }

    /** The finger on the start/stop button (closes to ground). */
    public void setButton(boolean pressed) {
        input("start-stop").mockState(pressed ? DigitalState.LOW : DigitalState.HIGH);
    }

    /** The emergency stop (its contact opens, the pulled-up pin reads high). */
    public void setEmergencyStop(boolean pressed) {
        input("emergency-stop").mockState(pressed ? DigitalState.HIGH : DigitalState.LOW);
    }

    /** From now on the ADC does not answer, as with a loose I2C wire. */
    public void breakI2c() {
        i2cBroken = true;
    }

    private MockDigitalInput input(String id) {
        return (MockDigitalInput) pi4j.registry().get(id);
    }

    /**
     * The plant up to {@code nanos} under the outputs as the pins show them, the dead-man fed by the
     * heartbeat pin (no edge for 0.25 s cuts the drivers' supply), then the ADC's answer.
     */
    public void afterTick(long nanos) {
        if (nanos > lastNanos) {
            plant.advance((nanos - lastNanos) * 1e-9);
            lastNanos = nanos;
        }
        boolean beat = heartbeat.isHigh();
        if (beat != beatWas) {
            beatWas = beat;
            lastEdgeNanos = nanos;
        }
        plant.setDriverSupply(lastEdgeNanos != Long.MIN_VALUE && nanos - lastEdgeNanos <= 250_000_000L);
        plant.setPumpDuty(pumpPwm.isOn() ? pumpPwm.dutyCycle() / 100.0 : 0);
        plant.setMotorDuty(motorPwm.isOn() ? motorPwm.dutyCycle() / 100.0 : 0);
        for (int i = 0; i < inlets.length; i++) {
            plant.setInlet(i, inlets[i].isHigh());
            plant.setExhaust(i, exhausts[i].isLow());
        }
        plant.setMainVent(vent.isLow());
        // A config write started a conversion: put its result where the driver will read it.
        while (adc.readRegister(1, word, 0, 2) == 2) {
            int input = (word[0] >> 4) & 0b011;
            // The chip's conversion register holds only the latest result; the mock's is a FIFO.
            while (adc.readRegister(0, stale, 0, 2) > 0) {
                continue;
            }
            if (!i2cBroken) {
                int counts = (int) Math.round(adcVolts(input) / (4.096 / 32768));
                counts = Math.max(-32768, Math.min(32767, counts));
                adc.writeRegister(0, new byte[] {(byte) (counts >> 8), (byte) counts}, 0, 2);
            }
        }
    }

    private double adcVolts(int input) {
        int slot = map.sensorInputs().indexOf(input);
        double mmHg = slot >= 0 ? plant.chamberMmHg(slot) : plant.manifoldMmHg();
        mmHg += SENSOR_OFFSETS[input] + noise.nextGaussian() * 0.2;
        double kPa = mmHg / 7.500617;
        double vout = map.sensorSupplyV() * (0.018 * kPa + 0.04);
        return vout * map.sensorDivider();
    }

    @Override
    public void close() {
        board.close();
    }
}
