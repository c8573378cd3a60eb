package dev.quietlegs.hardware.port;

/** A PWM-driven load (the vibration motor, the pump): duty as a fraction of full power. */
public interface PwmOutput {

    /**
     * @param duty 0.0 (off) to 1.0 (full); values outside are clamped by the implementation.
     * @throws RuntimeException when the driver could not write it: the duty is then unknown
     */
    void setDuty(double duty);
}
