package dev.quietlegs.firmware.safety;

import java.util.Locale;

/** Why the unit went to its safe state. Codes are stable: phones and logs key on them. */
public enum FaultCode {
    // hard limits
    /** A chamber read above the absolute trip pressure, or well above its target. */
    OVERPRESSURE,
    /** A chamber stayed above 15 mmHg longer than the limit (IEC 80601-2-30's concern). */
    INFLATED_TOO_LONG,
    /** A session lasted longer than any program could, whatever the commands said. */
    SESSION_TOO_LONG,
    // sensors
    /** A pressure sensor could not be read: the unit is blind, so it vents. */
    SENSOR_UNREADABLE,
    /** A reading outside what a gauge sensor on this cuff can physically show. */
    SENSOR_OUT_OF_RANGE,
    /** A reading that did not change at all while its chamber was being filled. */
    SENSOR_STUCK,
    /** A reading that jumped faster than air can move: noise, a loose wire. */
    SENSOR_JUMP,
    /** A vented chamber that does not read near zero: the sensor has drifted. */
    SENSOR_DRIFT,
    /** A chamber reads above the manifold that feeds it: one of the two sensors is wrong. */
    SENSOR_DISAGREE,
    // pneumatics
    /** A chamber did not rise while filled: hose off, no garment, inlet stuck closed, big leak. */
    NO_RISE,
    /** A chamber did not fall while vented: exhaust stuck closed, hose kinked. */
    NO_FALL,
    /** A chamber rose with its inlet closed: inlet valve leaking or stuck open. */
    UNCOMMANDED_RISE,
    /** A held chamber needs topping up again and again: it leaks. */
    LEAK,
    /** A chamber fell short of its target by its release, cycle after cycle: it leaks, or the pump is too weak for it. */
    LOW_PRESSURE,
    /** The manifold is pressurised with the pump switched off: pump stuck on. */
    PUMP_STUCK_ON,
    /** The manifold keeps its pressure with the pump off and the main vent told to open: the vent is stuck. */
    VENT_STUCK,
    /** The pump runs and the manifold does not rise: pump dead or disconnected. */
    PUMP_NO_PROGRESS,
    // the loop
    /** The control loop stopped ticking: the watchdog vented the cuff. */
    LOOP_STALL,
    /**
     * The session stopped progressing while the loop ticks: a chamber held past its program's own
     * release, or a start that never began the therapy.
     */
    SESSION_STUCK,
    /** A tick came far later than its deadline. */
    LOOP_LATE,
    /** An output's driver did not take a write: its pin may hold anything, so the dead-man cuts. */
    OUTPUT_FAILED,
    /** The firmware itself threw: the tick was abandoned and every output driven safe. */
    SOFTWARE_ERROR,
    // people and checks
    /** Someone pressed the emergency stop. */
    EMERGENCY_STOP,
    /** The self-test before a session found a problem. */
    SELF_TEST_FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FaultCode fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
