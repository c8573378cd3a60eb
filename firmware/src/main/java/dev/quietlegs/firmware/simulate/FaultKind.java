package dev.quietlegs.firmware.simulate;

import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Every fault the simulator can be given, and what it does to the plant or the board. */
public enum FaultKind {
    /** A hole in a chamber's seam or fitting: about 1 mm. */
    LEAK(true),
    /** The hose pulled off the chamber: everything that goes in comes out. */
    HOSE_OFF(true),
    /** The hose kinked: 5 % of the flow gets through, in and out. */
    KINKED_HOSE(true),
    INLET_STUCK_OPEN(true),
    INLET_STUCK_CLOSED(true),
    EXHAUST_STUCK_OPEN(true),
    EXHAUST_STUCK_CLOSED(true),
    /** The pump runs at full power whatever it is told. */
    PUMP_STUCK_ON(false),
    /** The pump does not run at all. */
    PUMP_DEAD(false),
    /** The sensor repeats its last reading for ever. */
    SENSOR_STUCK(true),
    /** The sensor cannot be read (a wire off, a bus error). */
    SENSOR_DISCONNECTED(true),
    /** The sensor reads 1 mmHg/s lower and lower than the truth: the dangerous direction. */
    SENSOR_DRIFT(true),
    /** The sensor's noise grows to 5 mmHg (a loose contact). */
    SENSOR_NOISY(true),
    /** The control loop stops ticking for 2 s (a hung thread); only the watchdog can act. */
    LOOP_STALL(false);

    static final double LEAK_K = 3;
    static final double HOSE_OFF_K = 40;
    static final double KINK_FACTOR = 0.05;
    static final double DRIFT_MMHG_PER_S = -1;
    static final double NOISE_MMHG = 5;
    static final double STALL_S = 2;

    private final boolean perChamber;

    FaultKind(boolean perChamber) {
        this.perChamber = perChamber;
    }

    /** Whether the fault concerns one chamber (else the pump or the loop). */
    public boolean perChamber() {
        return perChamber;
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

    /** Breaks the board or its plant; {@link #LOOP_STALL} is the simulation's to do. */
    void apply(SimulatedBoard board, int chamber) {
        var plant = board.plant();
        switch (this) {
            case LEAK -> plant.addLeak(chamber, LEAK_K);
            case HOSE_OFF -> plant.addLeak(chamber, HOSE_OFF_K);
            case KINKED_HOSE -> plant.kinkHose(chamber, KINK_FACTOR);
            case INLET_STUCK_OPEN -> plant.stickInlet(chamber, true);
            case INLET_STUCK_CLOSED -> plant.stickInlet(chamber, false);
            case EXHAUST_STUCK_OPEN -> plant.stickExhaust(chamber, true);
            case EXHAUST_STUCK_CLOSED -> plant.stickExhaust(chamber, false);
            case PUMP_STUCK_ON -> plant.stickPump(true);
            case PUMP_DEAD -> plant.stickPump(false);
            case SENSOR_STUCK -> board.stickSensor(chamber);
            case SENSOR_DISCONNECTED -> board.disconnectSensor(chamber);
            case SENSOR_DRIFT -> board.driftSensor(chamber, DRIFT_MMHG_PER_S);
            case SENSOR_NOISY -> board.addSensorNoise(chamber, NOISE_MMHG);
            case LOOP_STALL -> {
                // the simulation stops ticking the loop
            }
        }
    }
}
