package dev.quietlegs.hardware.port;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place where a frame becomes pin writes, shared by every board. It writes only what
 * changed, remembers a value only once its write returned, and writes again next time any output
 * whose write failed, so a driver that throws once can never leave a stale "already done" behind.
 *
 * <p>Every {@link #REFRESH_WRITES}th write rewrites every output whatever it holds, like Klipper's
 * refreshed pins: a driver that fails is found within a second even where nothing changes, and a
 * pin something else has moved is put back.
 *
 * <p>Order: exhausts, main vent, inlets, pump, motor. Going safe, the ways out open before the way
 * in closes and the pump stops; starting a fill, the ways out close before the pump runs.
 *
 * <p>The loop thread calls {@link #write}. {@link #forceSafe} may come from another thread (the
 * watchdog) while the loop is stuck in a write: it touches no shared state but a flag that makes
 * the loop's next write rewrite every output.
 */
public final class OutputStage {

    private final PwmOutput pump;
    private final PwmOutput motor;
    private final ValveBank valves;
    private final double motorMinDuty;
    private final int n;
    private final OutputFrame held;
    private final boolean[] unsure;
    /** One write in this many rewrites every output (once a second at 100 Hz). */
    public static final int REFRESH_WRITES = 100;

    private volatile boolean rewriteAll = true;
    private int sinceRefresh;
    private final List<Output> failed = new ArrayList<>();

    /**
     * @param motorMinDuty the motor's slowest running duty: the lowest non-zero power maps onto it
     */
    public OutputStage(PwmOutput pump, PwmOutput motor, ValveBank valves, double motorMinDuty) {
        if (!(motorMinDuty >= 0 && motorMinDuty < 1)) {
            throw new IllegalArgumentException("motor minimum duty " + motorMinDuty + " is not within [0, 1)");
        }
        this.pump = pump;
        this.motor = motor;
        this.valves = valves;
        this.motorMinDuty = motorMinDuty;
        this.n = valves.chambers();
        this.held = new OutputFrame(n);
        this.unsure = new boolean[2 * n + 3];
    }

    public int chambers() {
        return n;
    }

    /** What the outputs hold: every value here was written and its write returned. Do not modify. */
    public OutputFrame written() {
        return held;
    }

    /** The duty the motor's power maps to: off at 0, then from the slowest running duty to full. */
    public double motorDuty(double power) {
        return power <= 0.005 ? 0 : motorMinDuty + (1 - motorMinDuty) * Math.min(1, power);
    }

    /**
     * Writes every output that differs from what it holds, or whose last write failed.
     *
     * @throws OutputFailure after trying every output, naming those whose driver threw
     */
    public void write(OutputFrame f) {
        boolean all = rewriteAll || ++sinceRefresh >= REFRESH_WRITES;
        rewriteAll = false;
        if (all) {
            sinceRefresh = 0;
        }
        Throwable first = null;
        for (int i = 0; i < n; i++) {
            boolean v = f.exhaustOpen(i);
            if (all || unsure[i] || held.exhaustOpen(i) != v) {
                first = first(first, exhaust(i, v, failed));
            }
        }
        if (all || unsure[n] || held.ventOpen() != f.ventOpen()) {
            first = first(first, vent(f.ventOpen(), failed));
        }
        for (int i = 0; i < n; i++) {
            boolean v = f.inletOpen(i);
            if (all || unsure[n + 1 + i] || held.inletOpen(i) != v) {
                first = first(first, inlet(i, v, failed));
            }
        }
        if (all || unsure[2 * n + 1] || held.pump() != f.pump()) {
            first = first(first, pump(f.pump(), failed));
        }
        if (all || unsure[2 * n + 2] || held.motor() != f.motor()) {
            first = first(first, motor(f.motor(), failed));
        }
        if (first != null) {
            OutputFailure e = new OutputFailure(failed, first);
            failed.clear();
            throw e;
        }
    }

    /**
     * Writes the safe state to every output, whatever is remembered, each on its own so one that
     * throws does not keep the others from it; the next {@link #write} rewrites everything, so a
     * write this races with (the watchdog's, while the loop is stuck in a driver) leaves nothing
     * stale behind. Any thread; it waits on no lock.
     *
     * @return the outputs whose driver threw (empty when all took it)
     */
    public List<Output> forceSafe() {
        rewriteAll = true;
        List<Output> bad = new ArrayList<>(0);
        for (int i = 0; i < n; i++) {
            exhaust(i, true, bad);
        }
        vent(true, bad);
        for (int i = 0; i < n; i++) {
            inlet(i, false, bad);
        }
        pump(0, bad);
        motor(0, bad);
        rewriteAll = true;
        return bad;
    }

    private static Throwable first(Throwable first, Throwable next) {
        return first != null ? first : next;
    }

    // Each returns what the driver threw (and adds its output to failures), or null; the value is
    // remembered only after its write returned.

    private RuntimeException exhaust(int i, boolean open, List<Output> failures) {
        try {
            valves.setExhaust(i, open);
            held.exhaustOpen(i, open);
            unsure[i] = false;
            return null;
        } catch (RuntimeException e) {
            return fail(i, Output.exhaust(i), e, failures);
        }
    }

    private RuntimeException vent(boolean open, List<Output> failures) {
        try {
            valves.setMainVent(open);
            held.ventOpen(open);
            unsure[n] = false;
            return null;
        } catch (RuntimeException e) {
            return fail(n, Output.VENT, e, failures);
        }
    }

    private RuntimeException inlet(int i, boolean open, List<Output> failures) {
        try {
            valves.setInlet(i, open);
            held.inletOpen(i, open);
            unsure[n + 1 + i] = false;
            return null;
        } catch (RuntimeException e) {
            return fail(n + 1 + i, Output.inlet(i), e, failures);
        }
    }

    private RuntimeException pump(double duty, List<Output> failures) {
        try {
            pump.setDuty(duty);
            held.pump(duty);
            unsure[2 * n + 1] = false;
            return null;
        } catch (RuntimeException e) {
            return fail(2 * n + 1, Output.PUMP, e, failures);
        }
    }

    private RuntimeException motor(double power, List<Output> failures) {
        try {
            motor.setDuty(motorDuty(power));
            held.motor(power);
            unsure[2 * n + 2] = false;
            return null;
        } catch (RuntimeException e) {
            return fail(2 * n + 2, Output.MOTOR, e, failures);
        }
    }

    private RuntimeException fail(int index, Output which, RuntimeException e, List<Output> failures) {
        unsure[index] = true;
        failures.add(which);
        return e;
    }
}
