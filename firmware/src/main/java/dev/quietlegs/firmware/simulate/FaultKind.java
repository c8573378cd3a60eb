package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.safety.Cause;
import dev.quietlegs.hardware.port.Output;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every fault the simulator can be given, and what it does to the plant, the board or the software. */
public enum FaultKind {
    // the pneumatics
    /** A hole in a chamber's seam or fitting: about 1 mm. */
    LEAK(Target.CHAMBER, Cause.LEAK),
    /** The hose pulled off the chamber: everything that goes in comes out. */
    HOSE_OFF(Target.CHAMBER, Cause.HOSE_OFF),
    /** The hose kinked: 5 % of the flow gets through, in and out. */
    KINKED_HOSE(Target.CHAMBER, Cause.HOSE_KINKED),
    INLET_STUCK_OPEN(Target.CHAMBER, Cause.INLET_VALVE),
    INLET_STUCK_CLOSED(Target.CHAMBER, Cause.INLET_VALVE),
    EXHAUST_STUCK_OPEN(Target.CHAMBER, Cause.EXHAUST_VALVE),
    EXHAUST_STUCK_CLOSED(Target.CHAMBER, Cause.EXHAUST_VALVE),
    /** The main vent stays shut whatever it is told. */
    VENT_STUCK_CLOSED(Target.NONE, Cause.MAIN_VENT),
    /** The pump runs at full power whatever it is told. */
    PUMP_STUCK_ON(Target.NONE, Cause.PUMP),
    /** The pump does not run at all. */
    PUMP_DEAD(Target.NONE, Cause.PUMP),
    // the chambers' sensors
    /** The sensor repeats its last reading for ever. */
    SENSOR_STUCK(Target.CHAMBER, Cause.CHAMBER_SENSOR),
    /** The sensor's tube is pinched: it reads the pressure of the moment it froze, with its usual noise. */
    SENSOR_STUCK_NOISY(Target.CHAMBER, Cause.CHAMBER_SENSOR),
    /** The sensor cannot be read (a wire off, a bus error). */
    SENSOR_DISCONNECTED(Target.CHAMBER, Cause.CHAMBER_SENSOR),
    /** The sensor reads 1 mmHg/s lower and lower than the truth: the dangerous direction. */
    SENSOR_DRIFT(Target.CHAMBER, Cause.CHAMBER_SENSOR),
    /** The sensor's noise grows to 5 mmHg (a loose contact). */
    SENSOR_NOISY(Target.CHAMBER, Cause.CHAMBER_SENSOR),
    /** The sensor reads this factor of the truth (default 0.5): zero still reads zero. */
    SENSOR_GAIN(Target.CHAMBER, Cause.CHAMBER_SENSOR, 0.5),
    /** The sensor reads this many mmHg off the truth (default -10: low, the dangerous way). */
    SENSOR_OFFSET(Target.CHAMBER, Cause.CHAMBER_SENSOR, -10),
    /** This chamber's sensor and the next one's read each other's chamber (tubes swapped). */
    SENSOR_SWAP(Target.CHAMBER, Cause.CHAMBER_SENSOR),
    // the manifold's sensor
    MANIFOLD_STUCK(Target.NONE, Cause.MANIFOLD_SENSOR),
    MANIFOLD_GAIN(Target.NONE, Cause.MANIFOLD_SENSOR, 0.5),
    MANIFOLD_DISCONNECTED(Target.NONE, Cause.MANIFOLD_SENSOR),
    // the software
    /** The control loop stops ticking for 2 s (a hung thread); only the watchdog can act. */
    LOOP_STALL(Target.NONE, Cause.FIRMWARE),
    /** The loop ticks on, but the session's logic (and the self-test's) never advances again. */
    SESSION_FREEZE(Target.NONE, Cause.FIRMWARE),
    /** The process is gone: outputs frozen as they are, no more ticks, no watchdog, no systemd. */
    PROCESS_DEAD(Target.NONE, null),
    /** Every write to the output throws from now on; the pin keeps what it had. */
    PIN_WRITE_FAILS(Target.OUTPUT, Cause.OUTPUT_DRIVER),
    /** A write to the output never returns: the loop's thread is stuck in the driver. */
    PIN_WRITE_BLOCKS(Target.OUTPUT, Cause.OUTPUT_DRIVER);

    /** What a fault concerns, after the colon of {@code KIND:TARGET}. */
    public enum Target { NONE, CHAMBER, OUTPUT }

    static final double LEAK_K = 3;
    static final double HOSE_OFF_K = 40;
    static final double KINK_FACTOR = 0.05;
    static final double DRIFT_MMHG_PER_S = -1;
    static final double NOISE_MMHG = 5;
    static final double STALL_S = 2;

    private final Target target;
    private final Cause cause;
    private final double defaultValue;

    FaultKind(Target target, Cause cause) {
        this(target, cause, Double.NaN);
    }

    FaultKind(Target target, Cause cause, double defaultValue) {
        this.target = target;
        this.cause = cause;
        this.defaultValue = defaultValue;
    }

    public Target target() {
        return target;
    }

    /**
     * The part a right diagnosis names. None for a dead process: nothing of the software is left to
     * diagnose it (the hardware's dead-man vents the cuff), so it has no place in the diagnosis figures.
     */
    public Optional<Cause> cause() {
        return Optional.ofNullable(cause);
    }

    /** Whether the fault concerns one chamber (else the pump, the manifold, an output or the software). */
    public boolean perChamber() {
        return target == Target.CHAMBER;
    }

    /** Whether it takes a value ({@code =VALUE}), and its default; NaN when it takes none. */
    public double defaultValue() {
        return defaultValue;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FaultKind fromWire(String s) {
        for (FaultKind k : values()) {
            if (k.wire().equals(s)) {
                return k;
            }
        }
        return null;
    }

    public static String known() {
        return Arrays.stream(values()).map(FaultKind::wire).collect(Collectors.joining(", "));
    }

    /** Breaks the board or its plant; the software's faults are the simulation's to do. */
    void apply(SimulatedBoard board, FaultInjection f) {
        var plant = board.plant();
        int chamber = f.chamber();
        switch (this) {
            case LEAK -> plant.addLeak(chamber, LEAK_K);
            case HOSE_OFF -> plant.addLeak(chamber, HOSE_OFF_K);
            case KINKED_HOSE -> plant.kinkHose(chamber, KINK_FACTOR);
            case INLET_STUCK_OPEN -> plant.stickInlet(chamber, true);
            case INLET_STUCK_CLOSED -> plant.stickInlet(chamber, false);
            case EXHAUST_STUCK_OPEN -> plant.stickExhaust(chamber, true);
            case EXHAUST_STUCK_CLOSED -> plant.stickExhaust(chamber, false);
            case VENT_STUCK_CLOSED -> plant.stickVent(false);
            case PUMP_STUCK_ON -> plant.stickPump(true);
            case PUMP_DEAD -> plant.stickPump(false);
            case SENSOR_STUCK -> board.stickSensor(chamber);
            case SENSOR_STUCK_NOISY -> board.freezeSensor(chamber);
            case SENSOR_DISCONNECTED -> board.disconnectSensor(chamber);
            case SENSOR_DRIFT -> board.driftSensor(chamber, DRIFT_MMHG_PER_S);
            case SENSOR_NOISY -> board.addSensorNoise(chamber, NOISE_MMHG);
            case SENSOR_GAIN -> board.sensorGain(chamber, f.value());
            case SENSOR_OFFSET -> board.sensorOffset(chamber, f.value());
            case SENSOR_SWAP -> board.swapSensors(chamber, (chamber + 1) % plant.chambers());
            case MANIFOLD_STUCK -> board.stickManifoldSensor();
            case MANIFOLD_GAIN -> board.manifoldSensorGain(f.value());
            case MANIFOLD_DISCONNECTED -> board.disconnectManifoldSensor();
            case PIN_WRITE_FAILS -> board.failWrites(f.output());
            case LOOP_STALL, SESSION_FREEZE, PROCESS_DEAD, PIN_WRITE_BLOCKS -> {
                // the simulation's: see Simulation
            }
        }
    }

    /** The outputs a {@link Target#OUTPUT} fault can name, for a cuff of {@code chambers}. */
    static Output[] outputs(int chambers) {
        Output[] all = new Output[3 + 2 * chambers];
        all[0] = Output.PUMP;
        all[1] = Output.MOTOR;
        all[2] = Output.VENT;
        for (int i = 0; i < chambers; i++) {
            all[3 + 2 * i] = Output.inlet(i);
            all[4 + 2 * i] = Output.exhaust(i);
        }
        return all;
    }
}
