package dev.quietlegs.hardware.sim;

import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.port.Buttons;
import dev.quietlegs.hardware.port.PressureSensors;
import dev.quietlegs.hardware.port.PwmOutput;
import dev.quietlegs.hardware.port.StatusLight;
import dev.quietlegs.hardware.port.ValveBank;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * The board of the unit, made of a {@link Plant}. Time comes from the same clock as the control
 * loop's: before any read or write the plant is integrated up to "now", so an actuator change
 * takes effect at the instant it was made, in virtual time as in real time.
 *
 * <p>Not thread-safe, like the hardware: only the control loop touches it (button presses and
 * fault injection excepted, which are queued or plain field writes).
 */
public final class SimulatedBoard implements Board {

    private final Plant plant;
    private final LongSupplier nanos;
    private long syncedNanos;
    private final SplittableRandom noise;

    private final Pwm vibration = new Pwm(true);
    private final Pwm pump = new Pwm(false);
    private final Valves valves;
    private final Sensors sensors;
    private final ConcurrentLinkedQueue<Button> presses = new ConcurrentLinkedQueue<>();
    private volatile StatusLight.Signal signal = StatusLight.Signal.OFF;
    private volatile double brightness;
    private final Buttons buttons = presses::poll;
    private final StatusLight light = (s, b) -> {
        signal = s;
        brightness = b;
    };

    // sensor faults, per chamber
    private final double[] stuckAt;
    private final boolean[] disconnected;
    private final double[] driftPerSecond;
    private final double[] driftStart;
    private final double[] extraNoise;

    public SimulatedBoard(PlantParameters parameters, LongSupplier nanos) {
        this.plant = new Plant(parameters);
        this.nanos = nanos;
        this.syncedNanos = nanos.getAsLong();
        this.noise = new SplittableRandom(parameters.seed());
        this.valves = new Valves();
        this.sensors = new Sensors();
        int n = parameters.chambers();
        this.stuckAt = new double[n];
        java.util.Arrays.fill(stuckAt, Double.NaN);
        this.disconnected = new boolean[n];
        this.driftPerSecond = new double[n];
        this.driftStart = new double[n];
        this.extraNoise = new double[n];
    }

    /** The plant behind the board: tests and the simulator's reports read the true pressures. */
    public Plant plant() {
        sync();
        return plant;
    }

    /** Integrates the plant up to the clock's present. */
    public void sync() {
        long now = nanos.getAsLong();
        long delta = now - syncedNanos;
        if (delta > 0) {
            plant.advance(delta * 1e-9);
            syncedNanos = now;
        }
    }

    /** Presses a button, as a finger would. */
    public void press(Button button) {
        presses.add(button);
    }

    public StatusLight.Signal lightSignal() {
        return signal;
    }

    public double lightBrightness() {
        return brightness;
    }

    // ---- sensor faults ----

    public void stickSensor(int chamber) {
        sync();
        stuckAt[chamber] = sensors.measure(chamber);
    }

    public void disconnectSensor(int chamber) {
        disconnected[chamber] = true;
    }

    public void driftSensor(int chamber, double mmHgPerSecond) {
        sync();
        driftPerSecond[chamber] = mmHgPerSecond;
        driftStart[chamber] = plant.seconds();
    }

    public void addSensorNoise(int chamber, double sigmaMmHg) {
        extraNoise[chamber] = sigmaMmHg;
    }

    @Override
    public PwmOutput vibration() {
        return vibration;
    }

    @Override
    public PwmOutput pump() {
        return pump;
    }

    @Override
    public ValveBank valves() {
        return valves;
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
        return "simulated board (" + plant.chambers() + "-chamber cuff, 12 V diaphragm pump)";
    }

    @Override
    public void close() {
        sync();
        plant.setPumpDuty(0);
        plant.setMotorDuty(0);
        plant.setMainVent(true);
        for (int i = 0; i < plant.chambers(); i++) {
            plant.setInlet(i, false);
            plant.setExhaust(i, true);
        }
    }

    private final class Pwm implements PwmOutput {
        private final boolean motor;
        private double duty;

        Pwm(boolean motor) {
            this.motor = motor;
        }

        @Override
        public void setDuty(double value) {
            sync();
            duty = value < 0 ? 0 : (value > 1 ? 1 : value);
            if (motor) {
                plant.setMotorDuty(duty);
            } else {
                plant.setPumpDuty(duty);
            }
        }

        @Override
        public double duty() {
            return duty;
        }
    }

    private final class Valves implements ValveBank {
        private final boolean[] inlet = new boolean[plant.chambers()];
        private final boolean[] exhaust = new boolean[plant.chambers()];
        private boolean vent = true;

        Valves() {
            java.util.Arrays.fill(exhaust, true);
        }

        @Override
        public int chambers() {
            return plant.chambers();
        }

        @Override
        public void setInlet(int chamber, boolean open) {
            if (inlet[chamber] != open) {
                sync();
                inlet[chamber] = open;
                plant.setInlet(chamber, open);
            }
        }

        @Override
        public void setExhaust(int chamber, boolean open) {
            if (exhaust[chamber] != open) {
                sync();
                exhaust[chamber] = open;
                plant.setExhaust(chamber, open);
            }
        }

        @Override
        public void setMainVent(boolean open) {
            if (vent != open) {
                sync();
                vent = open;
                plant.setMainVent(open);
            }
        }

        @Override
        public boolean inletOpen(int chamber) {
            return inlet[chamber];
        }

        @Override
        public boolean exhaustOpen(int chamber) {
            return exhaust[chamber];
        }

        @Override
        public boolean mainVentOpen() {
            return vent;
        }
    }

    private final class Sensors implements PressureSensors {
        @Override
        public int chambers() {
            return plant.chambers();
        }

        @Override
        public double readMmHg(int chamber) {
            sync();
            if (disconnected[chamber]) {
                return Double.NaN;
            }
            if (!Double.isNaN(stuckAt[chamber])) {
                return stuckAt[chamber];
            }
            return measure(chamber);
        }

        @Override
        public double readManifoldMmHg() {
            sync();
            double step = plant.parameters().sensorResolutionMmHg();
            double value = plant.manifoldMmHg() + noise.nextGaussian() * plant.parameters().sensorNoiseMmHg();
            return step > 0 ? Math.rint(value / step) * step : value;
        }

        double measure(int chamber) {
            PlantParameters p = plant.parameters();
            double sigma = p.sensorNoiseMmHg() + extraNoise[chamber];
            double value = plant.chamberMmHg(chamber)
                    + noise.nextGaussian() * sigma
                    + driftPerSecond[chamber] * (plant.seconds() - driftStart[chamber]);
            double step = p.sensorResolutionMmHg();
            return step > 0 ? Math.rint(value / step) * step : value;
        }
    }
}
