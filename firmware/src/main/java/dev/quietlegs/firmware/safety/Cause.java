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

    /** The causes a fault of {@code code} names by default, for {@code chamber} (-1: the manifold or none). */
    static List<Cause> of(FaultCode code, int chamber, double value) {
        Cause sensor = chamber < 0 ? MANIFOLD_SENSOR : CHAMBER_SENSOR;
        return switch (code) {
            case OVERPRESSURE -> List.of(INLET_VALVE, sensor);
            case INFLATED_TOO_LONG, SESSION_TOO_LONG, SESSION_STUCK, LOOP_LATE, SOFTWARE_ERROR -> List.of(FIRMWARE);
            case SENSOR_UNREADABLE, SENSOR_OUT_OF_RANGE, SENSOR_STUCK, SENSOR_JUMP, SENSOR_DRIFT -> List.of(sensor);
            case SENSOR_DISAGREE -> value > 0 ? List.of(CHAMBER_SENSOR, MANIFOLD_SENSOR)
                    : List.of(INLET_VALVE, HOSE_KINKED);
            case NO_RISE -> List.of(HOSE_OFF, EXHAUST_VALVE);
            case NO_FALL -> List.of(EXHAUST_VALVE, HOSE_KINKED);
            case UNCOMMANDED_RISE -> List.of(INLET_VALVE);
            case LEAK -> List.of(LEAK, EXHAUST_VALVE);
            case LOW_PRESSURE -> List.of(LEAK, PUMP);
            case PUMP_STUCK_ON, PUMP_NO_PROGRESS -> List.of(PUMP);
            case VENT_STUCK -> List.of(MAIN_VENT);
            case LOOP_STALL -> List.of(FIRMWARE, OUTPUT_DRIVER);
            case OUTPUT_FAILED -> List.of(OUTPUT_DRIVER);
            case EMERGENCY_STOP -> List.of(PERSON);
            case SELF_TEST_FAILED -> List.of();
        };
    }
}
