package dev.quietlegs.firmware.safety;

/** How a check reports a fault: the supervisor latches the first and writes its message. */
@FunctionalInterface
interface Trip {

    /** @param value the figure behind the fault (a pressure, a time), for the message */
    void trip(FaultCode code, int chamber, long now, double value);
}
