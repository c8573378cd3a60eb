package dev.quietlegs.hardware.port;

/** Debounced button presses, polled by the control loop. */
public interface Buttons {

    /** The next press not yet taken, or {@code null} when there is none. */
    Button pollPress();
}
