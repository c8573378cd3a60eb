package dev.quietlegs.firmware.service;

import dev.quietlegs.firmware.control.Procedure;
import dev.quietlegs.hardware.port.OutputFrame;
import java.util.Arrays;

/**
 * One bounded thing the builder asked for, driven by the control loop through the supervisor's gate
 * like a session: each tick starts from the safe frame and asks for only what the step needs, so
 * whatever the step does not drive stays safe. It ends by itself (its time is up, or it found what it
 * looked for) or from outside (a fault, {@code stop}, the button, the emergency stop); either way the
 * loop vents. Its outcome is written once, at its end.
 */
abstract class Step implements Procedure {

    private final String what;
    private long since = Long.MIN_VALUE;
    private volatile String outcome;
    private volatile boolean ended;
    private volatile boolean failed;

    Step(String what) {
        this.what = what;
    }

    /** What it does, for the acknowledgement ("the pump at 50 % for 3.0 s"). */
    String what() {
        return what;
    }

    @Override
    public final Result step(long now, double[] pressures, double manifold, OutputFrame out, double[] targets) {
        if (since == Long.MIN_VALUE) {
            since = now;
        }
        out.toSafe();
        Arrays.fill(targets, 0);
        return drive((now - since) * 1e-9, pressures, manifold, out, targets);
    }

    /** One tick, {@code s} seconds after the step began; {@code out} starts safe. */
    abstract Result drive(double s, double[] pressures, double manifold, OutputFrame out, double[] targets);

    /** Ends it from inside: {@code text} is what it found. */
    final Result finish(boolean ok, String text) {
        outcome = text;
        failed = !ok;
        ended = true;
        return ok ? Result.DONE : Result.FAILED;
    }

    @Override
    public final void abort(String why) {
        outcome = "ended early: " + why;
        failed = true;
        ended = true;
    }

    boolean ended() {
        return ended;
    }

    /** Ended by itself with what it was asked to find. */
    boolean succeeded() {
        return ended && !failed;
    }

    /** What it found, or why it ended early; {@code null} while it runs. */
    String outcome() {
        return outcome;
    }

    /** Seconds since it began (0 before its first tick). */
    double elapsedS(long now) {
        return since == Long.MIN_VALUE ? 0 : (now - since) * 1e-9;
    }
}
