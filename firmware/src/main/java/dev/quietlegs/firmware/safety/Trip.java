package dev.quietlegs.firmware.safety;

import java.util.List;

/** How a check reports a fault: the supervisor latches the first and writes its message. */
@FunctionalInterface
interface Trip {

    /**
     * @param value  the figure behind the fault (a pressure, a time), for the message
     * @param causes the parts to look at, as the check could tell them apart (one or two)
     */
    void trip(FaultCode code, int chamber, long now, double value, List<Cause> causes);

    /** A fault naming its code's usual causes. */
    default void trip(FaultCode code, int chamber, long now, double value) {
        trip(code, chamber, now, value, Cause.of(code, chamber, value));
    }
}
