package dev.quietlegs.hardware.pi4j;

import com.pi4j.io.pwm.Pwm;
import dev.quietlegs.hardware.port.PwmOutput;

/**
 * A hardware PWM channel (the pump, the vibration motor) through Pi4J. Pi4J 3.0 takes the duty
 * in whole percent; the pin is written only when that percent changes (each write is a sysfs write
 * on the linuxfs provider), and the percent is remembered only once Pi4J has taken it.
 */
public final class Pi4jPwmOutput implements PwmOutput {

    private final Pwm pwm;
    private final int frequencyHz;
    private int percent = -1;

    public Pi4jPwmOutput(Pwm pwm, int frequencyHz) {
        this.pwm = pwm;
        this.frequencyHz = frequencyHz;
    }

    @Override
    public void setDuty(double value) {
        double duty = value > 0 ? Math.min(1, value) : 0;
        int p = (int) Math.round(duty * 100);
        if (p == percent) {
            return;
        }
        percent = -1; // unknown until the write returns
        if (p == 0) {
            pwm.off();
        } else {
            pwm.on(p, frequencyHz);
        }
        percent = p;
    }
}
