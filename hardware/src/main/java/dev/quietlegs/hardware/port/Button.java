package dev.quietlegs.hardware.port;

/** The physical buttons of the unit. */
public enum Button {
    /** Starts the default program when idle, stops a running session. */
    START_STOP,
    /** Vents everything and latches a fault, whatever the session is doing. */
    EMERGENCY_STOP
}
