package dev.quietlegs.hardware.port;

/** The status LED on the front of the unit. */
public interface StatusLight {

    enum Signal { OFF, READY, ACTIVE, FAULT }

    /** @param brightness 0.0 to 1.0; kept low at night so the light does not wake anyone. */
    void show(Signal signal, double brightness);
}
