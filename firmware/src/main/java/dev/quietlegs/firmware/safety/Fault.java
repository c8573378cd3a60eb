package dev.quietlegs.firmware.safety;

import java.util.List;

/**
 * A latched fault: its code, a message a person can act on, the chamber concerned (or -1), when it
 * was detected on the loop's clock, and the parts to look at (one when the check can tell, two
 * when it cannot; the message says how to tell them apart).
 */
public record Fault(FaultCode code, String message, int chamber, long atNanos, List<Cause> causes) {

    public Fault {
        causes = List.copyOf(causes);
    }

    /** A fault naming its code's usual causes. */
    public Fault(FaultCode code, String message, int chamber, long atNanos) {
        this(code, message, chamber, atNanos, Cause.of(code, chamber, 0));
    }
}
