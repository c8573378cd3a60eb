package dev.quietlegs.firmware.safety;

import java.util.List;
import java.util.Locale;

/**
 * What a person should look at when the unit faults: the part most likely at fault. A fault names
 * one cause when its check can tell, two when it cannot (its message then says how to tell them
 * apart). Wire names are stable, like the fault codes.
 */
public enum Cause {
    /** A hole in a chamber, its hose or a fitting. */
    LEAK,
    /** A chamber's hose off its port, or the cuff not on the leg. */
    HOSE_OFF,
    /** A chamber's hose kinked or pinched: air passes slowly both ways. */
    HOSE_KINKED,
    INLET_VALVE,
    EXHAUST_VALVE,
    MAIN_VENT,
    PUMP,
    /** A chamber's pressure sensor or its tube. */
    CHAMBER_SENSOR,
    /** The manifold's pressure sensor or its tube. */
    MANIFOLD_SENSOR,
    /** A driver or its wiring: an output that does not take what it is told. */
    OUTPUT_DRIVER,
    /** The firmware itself: a hung or failing loop, a session that stopped progressing. */
    FIRMWARE,
    /** Someone stopped the unit. */
    PERSON;

    /** What a person should look at, in words. */
    public String words() {
        return switch (this) {
            case LEAK -> "a leak (a hose, a fitting or a seam)";
            case HOSE_OFF -> "the hose off, or the cuff not on the leg";
            case HOSE_KINKED -> "a kinked or pinched hose";
            case INLET_VALVE -> "the inlet valve";
            case EXHAUST_VALVE -> "the exhaust valve";
            case MAIN_VENT -> "the main vent";
            case PUMP -> "the pump";
            case CHAMBER_SENSOR -> "the chamber's pressure sensor or its tube";
            case MANIFOLD_SENSOR -> "the manifold's pressure sensor or its tube";
            case OUTPUT_DRIVER -> "an output's driver or its wiring";
            case FIRMWARE -> "the firmware";
            case PERSON -> "whoever stopped it";
        };
    }

    /** The parts, for a fault message: "X, or Y". */
    static String sentence(List<Cause> causes) {
        return String.join(", or ", causes.stream().map(Cause::words).toList());
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static final List<Cause> NONE = List.of();
    /** Every one- and two-cause list, made once: a check that trips again every tick allocates nothing. */
    private static final List<List<List<Cause>>> LISTS = lists();

    private static List<List<List<Cause>>> lists() {
        Cause[] all = values();
        List<List<List<Cause>>> byFirst = new java.util.ArrayList<>();
        for (Cause a : all) {
            List<List<Cause>> bySecond = new java.util.ArrayList<>();
            bySecond.add(List.of(a));
            for (Cause b : all) {
                bySecond.add(a == b ? List.of(a) : List.of(a, b));
            }
            byFirst.add(List.copyOf(bySecond));
        }
        return List.copyOf(byFirst);
    }

    /** {@code [a]}, without allocating. */
    static List<Cause> list(Cause a) {
        return LISTS.get(a.ordinal()).get(0);
    }

    /** {@code [a, b]}, without allocating. */
    static List<Cause> list(Cause a, Cause b) {
        return LISTS.get(a.ordinal()).get(b.ordinal() + 1);
    }

    /** The causes a fault of {@code code} names by default, for {@code chamber} (-1: the manifold or none). */
    static List<Cause> of(FaultCode code, int chamber, double value) {
        Cause sensor = chamber < 0 ? MANIFOLD_SENSOR : CHAMBER_SENSOR;
        return switch (code) {
            case OVERPRESSURE -> list(INLET_VALVE, sensor);
            case INFLATED_TOO_LONG, SESSION_TOO_LONG, SESSION_STUCK, LOOP_LATE, SOFTWARE_ERROR -> list(FIRMWARE);
            case SENSOR_UNREADABLE, SENSOR_OUT_OF_RANGE, SENSOR_STUCK, SENSOR_JUMP, SENSOR_DRIFT -> list(sensor);
            case SENSOR_DISAGREE -> value > 0 ? list(CHAMBER_SENSOR, MANIFOLD_SENSOR)
                    : list(INLET_VALVE, HOSE_KINKED);
            case NO_RISE -> list(HOSE_OFF, EXHAUST_VALVE);
            case NO_FALL -> list(EXHAUST_VALVE, HOSE_KINKED);
            case UNCOMMANDED_RISE -> list(INLET_VALVE);
            case LEAK -> list(LEAK, EXHAUST_VALVE);
            case LOW_PRESSURE -> list(LEAK, PUMP);
            case PUMP_STUCK_ON, PUMP_NO_PROGRESS -> list(PUMP);
            case VENT_STUCK -> list(MAIN_VENT);
            case LOOP_STALL -> list(FIRMWARE, OUTPUT_DRIVER);
            case OUTPUT_FAILED -> list(OUTPUT_DRIVER);
            case EMERGENCY_STOP -> list(PERSON);
            case SELF_TEST_FAILED -> NONE;
        };
    }
}
