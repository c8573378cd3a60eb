package dev.quietlegs.firmware.safety;

/**
 * A latched fault: its code, a message a person can act on, the chamber concerned (or -1), and
 * when it was detected on the loop's clock.
 */
public record Fault(FaultCode code, String message, int chamber, long atNanos) {
}
