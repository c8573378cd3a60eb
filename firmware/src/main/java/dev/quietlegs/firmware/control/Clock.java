package dev.quietlegs.firmware.control;

/** Monotonic time for the control loop: the system's on the unit, a virtual one in simulations. */
public interface Clock {

    /** Monotonic nanoseconds; only differences mean anything. */
    long nanos();

    /** Returns at or after {@code deadline}; at once if it has passed. */
    void sleepUntil(long deadline) throws InterruptedException;
}
