package dev.quietlegs.hardware.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.port.Buttons;
import java.util.function.LongSupplier;

/**
 * The start/stop button and the emergency stop's sense contact, read by the control loop once per
 * tick and debounced here: a level counts once it has read the same for the debounce time. Polling
 * on the loop, not Pi4J's listener threads, keeps presses in step with the ticks and allocates nothing.
 *
 * <p>The button closes to ground (pressed = low). The emergency stop's contact is normally closed
 * to ground, so pressed, a broken wire and an unreadable pin all read as pressed: fail-safe.
 */
public final class Pi4jButtons implements Buttons {

    private final Debounced start;
    private final Debounced estop;
    private boolean sampled;

    public Pi4jButtons(DigitalInput startStop, DigitalInput emergencyStop, long debounceNanos, LongSupplier nanos) {
        long now = nanos.getAsLong();
        this.start = new Debounced(startStop, DigitalState.LOW, false, debounceNanos, nanos, now);
        this.estop = new Debounced(emergencyStop, DigitalState.HIGH, true, debounceNanos, nanos, now);
    }

    /** The loop calls this until it returns null, once per tick: the pins are read on the first call. */
    @Override
    public Button pollPress() {
        if (!sampled) {
            sampled = true;
            estop.sample();
            start.sample();
        }
        if (estop.takePress()) {
            return Button.EMERGENCY_STOP;
        }
        if (start.takePress()) {
            return Button.START_STOP;
        }
        sampled = false;
        return null;
    }

    @Override
    public boolean emergencyStopHeld() {
        return estop.stable;
    }

    private static final class Debounced {
        private final DigitalInput pin;
        private final DigitalState active;
        private final boolean unreadableIsPressed;
        private final long debounceNanos;
        private final LongSupplier nanos;
        private boolean raw;
        private boolean stable;
        private long changedAt;
        private boolean pressed;

        Debounced(DigitalInput pin, DigitalState active, boolean unreadableIsPressed, long debounceNanos,
                LongSupplier nanos, long now) {
            this.pin = pin;
            this.active = active;
            this.unreadableIsPressed = unreadableIsPressed;
            this.debounceNanos = debounceNanos;
            this.nanos = nanos;
            this.changedAt = now;
        }

        void sample() {
            long now = nanos.getAsLong();
            boolean level;
            try {
                level = pin.state() == active;
            } catch (RuntimeException e) {
                level = unreadableIsPressed;
            }
            if (level != raw) {
                raw = level;
                changedAt = now;
            } else if (level != stable && now - changedAt >= debounceNanos) {
                stable = level;
                pressed |= level;
            }
        }

        boolean takePress() {
            boolean p = pressed;
            pressed = false;
            return p;
        }
    }
}
