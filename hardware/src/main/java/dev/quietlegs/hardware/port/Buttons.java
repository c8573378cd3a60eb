package dev.quietlegs.hardware.port;

/** Debounced button presses, polled by the control loop. */
public interface Buttons {

    /** The next press not yet taken, or {@code null} when there is none. */
    Button pollPress();

    /**
     * Whether the emergency stop is still pressed (a latching mushroom switch stays down until
     * turned): while it is, a fault must not be cleared. A momentary button never is.
     */
    default boolean emergencyStopHeld() {
        return false;
    }
}
