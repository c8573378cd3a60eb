package dev.quietlegs.firmware.commission;

import dev.quietlegs.firmware.control.Procedure;
import dev.quietlegs.hardware.port.OutputFrame;
import java.util.List;

/**
 * Measures the build, chamber by chamber, through the same gate as the therapy: each sensor's zero
 * with the cuff open to the room; the pump against the closed manifold; then each chamber filled
 * from empty to {@link #TOP_MMHG} with the pump to itself, held, vented through its exhaust,
 * filled again and vented the second way (its inlet and the main vent, as the supervisor does when
 * an exhaust fails). Every pressure stays under the supervisor's limits; a fault or a stop ends it
 * in the safe state.
 */
public final class Commissioning implements Procedure {

    /** Each chamber is measured up to this: the middle of the programs' range, well under the limits. */
    public static final double TOP_MMHG = 40;
    /** The second way out is measured from this (a fill to TOP again would double the time). */
    static final double SECOND_FROM_MMHG = 30;
    /** The fill marks: seconds from empty to each. */
    static final double[] MARKS_MMHG = {10, 20, 30, 40};
    static final long ZERO_NANOS = 2_000_000_000L;
    static final long PUMP_TIMEOUT_NANOS = 5_000_000_000L;
    static final double PUMP_TO_MMHG = 35;
    /** Longer than this to TOP, the chamber is far outside the envelope: stop filling, go on. */
    static final long FILL_TIMEOUT_NANOS = 30_000_000_000L;
    static final long HOLD_NANOS = 3_000_000_000L;
    /** Averages over this at each end of the hold. */
    static final long HOLD_EDGE_NANOS = 300_000_000L;
    static final long VENT_TIMEOUT_NANOS = 30_000_000_000L;
    static final double EMPTY_MMHG = 3;
    /** The fall is judged per second above this, like the supervisor's check. */
    static final double FALL_ABOVE_MMHG = 10;

    private enum Stage { ZERO, PUMP, PUMP_VENT, FILL, HOLD, VENT, REFILL, SECOND, EMPTY }

    /** What it is doing, for a person watching: the chamber (or -1) and the stage. */
    public record Status(int chamber, String doing) {
    }

    private final List<String> names;
    private final int n;
    private final ProfileBuilder out;
    private Stage stage = Stage.ZERO;
    private int chamber = -1;
    private long since = Long.MIN_VALUE;
    private long windowAt;
    private double windowP;
    private double sum0;
    private double sum1;
    private int count0;
    private int count1;
    private final double[] zeroSum;
    private double manifoldZeroSum;
    private int zeroCount;
    /** The highest the manifold got against the closed vent. */
    private double pumpHighest;
    private volatile String aborted;
    private volatile Status status = new Status(-1, "waiting to start");
    private volatile boolean finished;

    public Commissioning(List<String> chamberNames) {
        this.names = List.copyOf(chamberNames);
        this.n = names.size();
        this.out = new ProfileBuilder(names);
        this.zeroSum = new double[n];
    }

    @Override
    public double holdS() {
        return (FILL_TIMEOUT_NANOS + HOLD_NANOS + VENT_TIMEOUT_NANOS) * 1e-9;
    }

    @Override
    public void abort(String why) {
        aborted = why;
        finished = true;
    }

    /** Why it was ended before it finished, or {@code null}. */
    public String aborted() {
        return aborted;
    }

    /** Whether it has ended, measured or aborted. */
    public boolean finished() {
        return finished;
    }

    public Status status() {
        return status;
    }

    /** What was measured (complete once it finished without being aborted). */
    public ProfileBuilder measured() {
        return out;
    }

    @Override
    public Result step(long now, double[] p, double manifold, OutputFrame frame, double[] targets) {
        if (since == Long.MIN_VALUE) {
            since = now;
        }
        frame.toSafe();
        java.util.Arrays.fill(targets, 0);
        long in = now - since;
        switch (stage) {
            case ZERO -> {
                for (int i = 0; i < n; i++) {
                    zeroSum[i] += p[i];
                }
                manifoldZeroSum += manifold;
                zeroCount++;
                if (in >= ZERO_NANOS) {
                    for (int i = 0; i < n; i++) {
                        out.zero(i, zeroSum[i] / zeroCount);
                    }
                    out.manifoldZero(manifoldZeroSum / zeroCount);
                    next(Stage.PUMP, -1, now, "the pump against the closed manifold");
                }
            }
            case PUMP -> {
                frame.ventOpen(false);
                frame.pump(1.0);
                if (manifold > pumpHighest) { // the room at least; an unreadable manifold (NaN) counts nothing
                    pumpHighest = manifold;
                }
                if (manifold >= PUMP_TO_MMHG || in > PUMP_TIMEOUT_NANOS) {
                    out.pump(manifold >= PUMP_TO_MMHG ? in * 1e-9 : Double.NaN, pumpHighest);
                    next(Stage.PUMP_VENT, -1, now, "venting the manifold");
                }
            }
            case PUMP_VENT -> {
                if (manifold < EMPTY_MMHG && in >= 500_000_000L) {
                    nextChamber(now, p);
                }
            }
            case FILL -> {
                fill(frame, targets, TOP_MMHG);
                double s = in * 1e-9;
                out.fillMark(chamber, p[chamber], s, manifold);
                if (now - windowAt >= 1_000_000_000L) {
                    if (p[chamber] < TOP_MMHG - 2) {
                        out.rise(chamber, p[chamber] - windowP);
                    }
                    windowAt = now;
                    windowP = p[chamber];
                }
                if (p[chamber] >= TOP_MMHG || in > FILL_TIMEOUT_NANOS) {
                    sum0 = sum1 = 0;
                    count0 = count1 = 0;
                    next(Stage.HOLD, chamber, now, "holding the " + names.get(chamber) + " chamber");
                }
            }
            case HOLD -> {
                frame.exhaustOpen(chamber, false);
                targets[chamber] = TOP_MMHG;
                if (in < HOLD_EDGE_NANOS) {
                    sum0 += p[chamber];
                    count0++;
                } else if (in >= HOLD_NANOS - HOLD_EDGE_NANOS) {
                    sum1 += p[chamber];
                    count1++;
                }
                if (in >= HOLD_NANOS) {
                    out.hold(chamber, sum0 / count0, sum1 / count1, (HOLD_NANOS - HOLD_EDGE_NANOS) * 1e-9);
                    windowAt = now;
                    windowP = p[chamber];
                    next(Stage.VENT, chamber, now, "venting the " + names.get(chamber) + " chamber through its exhaust");
                }
            }
            case VENT -> {
                frame.exhaustOpen(chamber, true);
                out.ventMark(chamber, false, p[chamber], in * 1e-9);
                if (now - windowAt >= 1_000_000_000L) {
                    if (windowP > FALL_ABOVE_MMHG) {
                        out.fall(chamber, (windowP - p[chamber]) / windowP);
                    }
                    windowAt = now;
                    windowP = p[chamber];
                }
                if (p[chamber] < EMPTY_MMHG || in > VENT_TIMEOUT_NANOS) {
                    next(Stage.REFILL, chamber, now, "filling the " + names.get(chamber) + " chamber again");
                }
            }
            case REFILL -> {
                fill(frame, targets, SECOND_FROM_MMHG);
                if (p[chamber] >= SECOND_FROM_MMHG || in > FILL_TIMEOUT_NANOS) {
                    next(Stage.SECOND, chamber, now, "venting the " + names.get(chamber)
                            + " chamber the second way (inlet and main vent)");
                }
            }
            case SECOND -> {
                frame.inletOpen(chamber, true);
                frame.exhaustOpen(chamber, false);
                frame.ventOpen(true);
                out.ventMark(chamber, true, p[chamber], in * 1e-9);
                if (p[chamber] < EMPTY_MMHG || in > VENT_TIMEOUT_NANOS) {
                    next(Stage.EMPTY, chamber, now, "emptying the " + names.get(chamber) + " chamber");
                }
            }
            case EMPTY -> {
                if (allBelow(p, EMPTY_MMHG) || in > VENT_TIMEOUT_NANOS) {
                    if (chamber == n - 1) {
                        status = new Status(-1, "done");
                        finished = true;
                        return Result.DONE;
                    }
                    nextChamber(now, p);
                }
            }
        }
        return Result.RUNNING;
    }

    private void fill(OutputFrame frame, double[] targets, double to) {
        frame.inletOpen(chamber, true);
        frame.exhaustOpen(chamber, false);
        frame.ventOpen(false);
        frame.pump(1.0);
        targets[chamber] = to;
    }

    private void nextChamber(long now, double[] p) {
        chamber++;
        windowAt = now;
        windowP = p[chamber];
        next(Stage.FILL, chamber, now, "filling the " + names.get(chamber) + " chamber from empty");
    }

    private void next(Stage s, int which, long now, String doing) {
        stage = s;
        since = now;
        status = new Status(which, doing);
    }

    private static boolean allBelow(double[] p, double mmHg) {
        for (double v : p) {
            if (!(v < mmHg)) {
                return false;
            }
        }
        return true;
    }
}
