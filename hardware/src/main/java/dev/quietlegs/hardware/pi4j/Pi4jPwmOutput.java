package dev.quietlegs.hardware.pi4j;

import com.pi4j.io.pwm.Pwm;
import dev.quietlegs.hardware.port.PwmOutput;

/**
 * A hardware PWM channel (the pump, the vibration motor) through Pi4J. Pi4J 3.0 takes the duty
 * in whole percent; the pin is written only when that percent changes, since the supervisor
 * passes every tick's request and each write is a sysfs write on the linuxfs provider.
 */
public final class Pi4jPwmOutput implements PwmOutput {

    private final Pwm pwm;
    private final int frequencyHz;
    private int percent = -1;
    private double duty;

    public Pi4jPwmOutput(Pwm pwm, int frequencyHz) {
        this.pwm = pwm;
        this.frequencyHz = frequencyHz;
    }

    @Override
    public void setDuty(double value) {
        duty = value < 0 || Double.isNaN(value) ? 0 : Math.min(1, value);
        int p = (int) Math.round(duty * 100);
        if (p == percent) {
            return;
        }
        percent = p;
        if (p == 0) {
            pwm.off();
        } else {
            pwm.on(p, frequencyHz);
        }
    }

    @Override
    public double duty() {
        return duty;
    }
}
