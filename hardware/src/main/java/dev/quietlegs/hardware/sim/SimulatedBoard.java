package dev.quietlegs.hardware.sim;

import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.port.Buttons;
import dev.quietlegs.hardware.port.Output;
import dev.quietlegs.hardware.port.OutputStage;
import dev.quietlegs.hardware.port.PressureSensors;
import dev.quietlegs.hardware.port.PwmOutput;
import dev.quietlegs.hardware.port.StatusLight;
import dev.quietlegs.hardware.port.ValveBank;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * The board of the unit, made of a {@link Plant}. Time comes from the same clock as the control
 * loop's: before any read or write the plant is integrated up to "now", so an actuator change
 * takes effect at the instant it was made, in virtual time as in real time.
 *
 * <p>It has the hardware's dead-man too: the heartbeat line must toggle at least every
 * {@link #DEADMAN_S}, else the drivers' supply is cut until it toggles again (hardware/README.md).
 * And it can be broken as real boards break: sensors that lie, drivers that throw or hang.
 *
 * <p>Not thread-safe, like the hardware: only the control loop touches it (button presses, fault
 * injection and the watchdog's {@link #forceSafe} excepted).
 */
public final class SimulatedBoard implements Board {

    /** The missing-pulse detector's timeout: no heartbeat edge for this long cuts the supply. */
    public static final double DEADMAN_S = 0.25;
    /** The slowest running duty of the vibration motor when none is configured. */
    public static final double DEFAULT_MOTOR_MIN_DUTY = 0.30;

    private final Plant plant;
    private final LongSupplier nanos;
    private long syncedNanos;
    private final long deadmanNanos = (long) (DEADMAN_S * 1e9);
    private long lastBeatNanos;
    private boolean beaten;
    private final SplittableRandom noise;

    private final Pwm motor = new Pwm(Output.MOTOR);
    private final Pwm pump = new Pwm(Output.PUMP);
    private final double[] duty = new double[2];
    private final Valves valves;
    private final OutputStage outputs;
    private final Sensors sensors;
    private final ConcurrentLinkedQueue<Button> presses = new ConcurrentLinkedQueue<>();
    private volatile StatusLight.Signal signal = StatusLight.Signal.OFF;
    private volatile double brightness;
    private final Buttons buttons = presses::poll;
    private final StatusLight light = (s, b) -> {
        signal = s;
        brightness = b;
    };

    // sensor faults, per chamber, then the manifold's
    private final double[] stuckAt;
    private final boolean[] disconnected;
    private final double[] driftPerSecond;
    private final double[] driftStart;
    private final double[] extraNoise;
    private final double[] gain;
    private final double[] offset;
    private final double[] frozenTruth;
    private final int[] readsChamber;
    private double manifoldStuckAt = Double.NaN;
    private double manifoldGain = 1;
    private boolean manifoldDisconnected;

    // driver faults
    private volatile Output failing;
    private volatile Output blocking;
    private volatile Runnable whileBlocked;
    private volatile boolean hung;
    private volatile boolean stuckInWrite;

    public SimulatedBoard(PlantParameters parameters, LongSupplier nanos) {
        this(parameters, nanos, DEFAULT_MOTOR_MIN_DUTY);
    }

    /** @param motorMinDuty the vibration motor's slowest running duty (configuration's motor.min_duty) */
    public SimulatedBoard(PlantParameters parameters, LongSupplier nanos, double motorMinDuty) {
        this.plant = new Plant(parameters);
        this.nanos = nanos;
        this.syncedNanos = nanos.getAsLong();
        this.noise = new SplittableRandom(parameters.seed());
        this.valves = new Valves();
        this.sensors = new Sensors();
        this.outputs = new OutputStage(pump, motor, valves, motorMinDuty);
        int n = parameters.chambers();
        this.stuckAt = nans(n);
        this.disconnected = new boolean[n];
        this.driftPerSecond = new double[n];
        this.driftStart = new double[n];
        this.extraNoise = new double[n];
        this.gain = new double[n];
        Arrays.fill(gain, 1);
        this.offset = new double[n];
        this.frozenTruth = nans(n);
        this.readsChamber = new int[n];
        for (int i = 0; i < n; i++) {
            readsChamber[i] = i;
        }
        // No heartbeat yet: the drivers have no supply until the loop runs (as on the real board).
        plant.setDriverSupply(false);
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** The plant behind the board: tests and the simulator's reports read the true pressures. */
    public Plant plant() {
        sync();
        return plant;
    }

    /** Integrates the plant up to the clock's present, cutting the drivers' supply when the dead-man times out. */
    public void sync() {
        long now = nanos.getAsLong();
        if (plant.driverSupply() && now - lastBeatNanos > deadmanNanos) {
            long cut = lastBeatNanos + deadmanNanos;
            if (cut > syncedNanos) {
                plant.advance((cut - syncedNanos) * 1e-9);
                syncedNanos = cut;
            }
            plant.setDriverSupply(false);
        }
        long delta = now - syncedNanos;
        if (delta > 0) {
            plant.advance(delta * 1e-9);
            syncedNanos = now;
        }
    }

    @Override
    public void heartbeat() {
        if (stuckInWrite) {
            return; // the thread that would toggle it is stuck in a driver
        }
        sync();
        lastBeatNanos = nanos.getAsLong();
        beaten = true;
        plant.setDriverSupply(true);
    }

    /** Whether the dead-man has cut the drivers' supply. */
    public boolean deadmanTripped() {
        sync();
        return beaten && !plant.driverSupply();
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

    /** The duty on the pump's PWM pin. */
    public double pumpDuty() {
        return duty[0];
    }

    /** The duty on the motor's PWM pin. */
    public double motorDuty() {
        return duty[1];
    }

    // ---- driver faults ----

    /** From now on every write to {@code output} throws, and the pin keeps what it had. */
    public void failWrites(Output output) {
        failing = output;
    }

    /**
     * From now on a write to {@code output} never returns: {@code whileBlocked} runs in its place
     * (a real board parks the thread there; a simulation in virtual time notes that the writing
     * thread is gone). Nothing after it in the same call reaches a pin, and no heartbeat follows.
     */
    public void blockWrites(Output output, Runnable whileBlocked) {
        this.whileBlocked = whileBlocked;
        this.blocking = output;
    }

    /** Whether the loop's thread is stuck in a blocked write. */
    public boolean hung() {
        return hung;
    }

    @Override
    public java.util.List<Output> forceSafe() {
        stuckInWrite = false; // another thread: it has not reached the blocked pin yet
        try {
            return outputs.forceSafe();
        } finally {
            stuckInWrite = hung;
        }
    }

    private boolean drop(Output o) {
        if (stuckInWrite) {
            return true;
        }
        if (o.equals(blocking)) {
            stuckInWrite = true;
            hung = true;
            whileBlocked.run();
            return true;
        }
        if (o.equals(failing)) {
            throw new IllegalStateException("simulated driver failure on " + o);
        }
        return false;
    }

    // ---- sensor faults ----

    public void stickSensor(int chamber) {
        sync();
        stuckAt[chamber] = sensors.measure(chamber);
    }

    /** The sensor's tube is pinched: it goes on reading the pressure of now, with its usual noise. */
    public void freezeSensor(int chamber) {
        sync();
        frozenTruth[chamber] = plant.chamberMmHg(chamber);
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

    /** The sensor reads {@code factor} of the truth (a gain error: zero still reads zero). */
    public void sensorGain(int chamber, double factor) {
        gain[chamber] = factor;
    }

    public void sensorOffset(int chamber, double mmHg) {
        offset[chamber] = mmHg;
    }

    /** The sensors of {@code chamber} and {@code other} read each other's chamber (hoses swapped). */
    public void swapSensors(int chamber, int other) {
        readsChamber[chamber] = other;
        readsChamber[other] = chamber;
    }

    public void stickManifoldSensor() {
        sync();
        manifoldStuckAt = sensors.readManifoldMmHg();
    }

    public void manifoldSensorGain(double factor) {
        manifoldGain = factor;
    }

    public void disconnectManifoldSensor() {
        manifoldDisconnected = true;
    }

    @Override
    public OutputStage outputs() {
        return outputs;
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
        forceSafe();
    }

    private final class Pwm implements PwmOutput {
        private final Output which;

        Pwm(Output which) {
            this.which = which;
        }

        @Override
        public void setDuty(double value) {
            if (drop(which)) {
                return;
            }
            sync();
            double d = value > 0 ? Math.min(1, value) : 0;
            if (which == Output.MOTOR) {
                duty[1] = d;
                plant.setMotorDuty(d);
            } else {
                duty[0] = d;
                plant.setPumpDuty(d);
            }
        }
    }

    private final class Valves implements ValveBank {
        @Override
        public int chambers() {
            return plant.chambers();
        }

        @Override
        public void setInlet(int chamber, boolean open) {
            if (!dropChamber(Output.Kind.INLET, chamber)) {
                sync();
                plant.setInlet(chamber, open);
            }
        }

        @Override
        public void setExhaust(int chamber, boolean open) {
            if (!dropChamber(Output.Kind.EXHAUST, chamber)) {
                sync();
                plant.setExhaust(chamber, open);
            }
        }

        @Override
        public void setMainVent(boolean open) {
            if (!drop(Output.VENT)) {
                sync();
                plant.setMainVent(open);
            }
        }

        /** {@link #drop} for a chamber's valve, allocating only when a fault concerns that kind. */
        private boolean dropChamber(Output.Kind kind, int chamber) {
            Output f = failing;
            Output b = blocking;
            boolean concerned = stuckInWrite || (f != null && f.kind() == kind && f.chamber() == chamber)
                    || (b != null && b.kind() == kind && b.chamber() == chamber);
            return concerned && drop(new Output(kind, chamber));
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
            if (manifoldDisconnected) {
                return Double.NaN;
            }
            if (!Double.isNaN(manifoldStuckAt)) {
                return manifoldStuckAt;
            }
            double value = plant.manifoldMmHg() * manifoldGain
                    + noise.nextGaussian() * plant.parameters().sensorNoiseMmHg();
            return quantise(value);
        }

        /** What an MPX5050GP on a 5.0 V supply puts out for this reading (data sheet's transfer function). */
        @Override
        public double volts(int chamber) {
            return mpx5050Volts(readMmHg(chamber));
        }

        @Override
        public double manifoldVolts() {
            return mpx5050Volts(readManifoldMmHg());
        }

        private static double mpx5050Volts(double mmHg) {
            return 5.0 * (0.018 * mmHg / 7.500617 + 0.04);
        }

        double measure(int chamber) {
            PlantParameters p = plant.parameters();
            double sigma = p.sensorNoiseMmHg() + extraNoise[chamber];
            double truth = Double.isNaN(frozenTruth[chamber]) ? plant.chamberMmHg(readsChamber[chamber])
                    : frozenTruth[chamber];
            double value = truth * gain[chamber] + offset[chamber]
                    + noise.nextGaussian() * sigma
                    + driftPerSecond[chamber] * (plant.seconds() - driftStart[chamber]);
            return quantise(value);
        }

        private double quantise(double value) {
            double step = plant.parameters().sensorResolutionMmHg();
            return step > 0 ? Math.rint(value / step) * step : value;
        }
    }
}
