package dev.quietlegs.hardware.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import dev.quietlegs.hardware.port.StatusLight;

/**
 * Two LEDs: a green one that is dim by its resistor (ready, running; a bedroom at night sees a
 * faint glow) and a red one for a fault. The brightness asked for only switches the green one off
 * at 0: a plain GPIO has no brightness, and the Pi's two PWM channels drive the motor and the pump.
 */
public final class Pi4jStatusLight implements StatusLight {

    private final DigitalOutput ready;
    private final DigitalOutput fault;
    private int shown = -1;

    public Pi4jStatusLight(DigitalOutput ready, DigitalOutput fault) {
        this.ready = ready;
        this.fault = fault;
    }

    @Override
    public void show(Signal signal, double brightness) {
        boolean green = (signal == Signal.READY || signal == Signal.ACTIVE) && brightness > 0;
        boolean red = signal == Signal.FAULT;
        int state = (green ? 1 : 0) | (red ? 2 : 0);
        if (state != shown) {
            shown = state;
            ready.setState(green);
            fault.setState(red);
        }
    }
}
