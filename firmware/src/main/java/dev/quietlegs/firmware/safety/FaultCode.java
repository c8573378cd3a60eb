package dev.quietlegs.firmware.safety;

import java.util.Locale;

/** Why the unit went to its safe state. Codes are stable: phones and logs key on them. */
public enum FaultCode {
    /** A chamber read above the trip pressure. */
    OVERPRESSURE,
    /** A chamber stayed above 15 mmHg longer than the limit (IEC 80601-2-30's concern). */
    INFLATED_TOO_LONG,
    /** A pressure sensor could not be read: the unit is blind, so it vents. */
    SENSOR_UNREADABLE,
    /** Someone pressed the emergency stop. */
    EMERGENCY_STOP;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
