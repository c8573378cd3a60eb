package dev.quietlegs.firmware.safety;

import dev.quietlegs.hardware.port.OutputFrame;
import java.util.List;

/**
 * The check before every session (IEC 60601-1: an undetected fault is not a single fault). With
 * the cuff vented, every sensor must read near zero; then each chamber in turn must rise when
 * filled, hold for a moment without a gross leak, and fall when vented, while the others stay
 * still. It drives the outputs through the same frame and gate as the therapy.
 */
public final class SelfTest {

    /** What the self-test found. */
    public enum Result { RUNNING, PASSED, FAILED }

    private enum Stage { ZERO, FILL, SETTLE, HOLD, VENT }

    static final double ZERO_BAND_MMHG = 3;
    static final double FILL_TO_MMHG = 10;
    static final long ZERO_NANOS = 500_000_000L;
    static final long ZERO_TIMEOUT_NANOS = 5_000_000_000L;
    static final long HOLD_NANOS = 1_000_000_000L;
    /** Averages over the first and last of the hold may differ {@link Thresholds#holdDropMmHg}. */
    static final long HOLD_EDGE_NANOS = 200_000_000L;
    static final double VENTED_MMHG = 3;
    /** A fill this much faster or slower than the commissioned one is worth a word to the person. */
    static final double CHANGED_FRACTION = 0.35;
    /** Not filled in time but rising this fast over its last 0.5–1 s: air gets in, slowly. */
    static final double STILL_RISING_MMHG_S = 0.3;
    /** Not filled in time and this low: no air gets in; higher: air gets in and out again. */
    static final double NO_AIR_IN_MMHG = 1.5;
    static final double OTHERS_MAX_RISE_MMHG = 3;
    /** Filled, the pump stops with the inlet still open: chamber and manifold share their air. */
    static final long SETTLE_NANOS = 300_000_000L;
    /** ... and then read alike, within this plus {@link #SETTLE_AGREE_FRACTION} of the manifold. */
    static final double SETTLE_AGREE_MMHG = 2.5;
    static final double SETTLE_AGREE_FRACTION = 0.1;

    private final List<String> names;
    private final Thresholds expect;
    private final int chambers;
    private Stage stage;
    private int chamber;
    private long stageSince;
    private double firstSum;
    private int firstCount;
    private double lastSum;
    private int lastCount;
    private String failure;
    private int failedChamber;
    private List<Cause> causes = List.of();
    private final double[] filledS;
    private final double[] lastSecond;
    private final double[] recent;
    private long lastSecondAt;
    private long recentAt;
    private final double[] baseline;
    private double settleFromP = Double.NaN;
    private double settleFromM;
    private int[] used = new int[0];
    private int next;

    public SelfTest(List<String> chamberNames) {
        this(chamberNames, Thresholds.envelope(chamberNames.size()));
    }

    /** A self-test that expects {@code expect} of this build. */
    public SelfTest(List<String> chamberNames, Thresholds expect) {
        this.names = List.copyOf(chamberNames);
        this.expect = expect;
        this.chambers = names.size();
        this.baseline = new double[chambers];
        this.filledS = new double[chambers];
        this.lastSecond = new double[chambers];
        this.recent = new double[chambers];
        if (expect.chambers() != chambers) {
            throw new IllegalArgumentException("thresholds for " + expect.chambers() + " chambers, " + chambers
                    + " named");
        }
    }

    /**
     * Starts a self-test of the chambers a program uses (all sensors are zero-checked; only
     * those chambers are filled, so a vibration-only session never squeezes the leg).
     */
    public void begin(long now, int[] used) {
        this.used = used.clone();
        stage = Stage.ZERO;
        next = 0;
        chamber = this.used.length > 0 ? this.used[0] : -1;
        stageSince = now;
        failure = null;
        failedChamber = -1;
        causes = List.of();
        java.util.Arrays.fill(filledS, Double.NaN);
    }

    /** Why it failed, naming the chamber, or {@code null}. */
    public String failure() {
        return failure;
    }

    /** The parts to look at, when it failed: one, or two when it cannot tell which. */
    public List<Cause> causes() {
        return causes;
    }

    /**
     * After a pass, what changed since the cuff was commissioned, in words for the person ("" when
     * nothing did, or there is no profile): each chamber whose fill to 10 mmHg took much less or
     * much more time than then.
     */
    public String changes() {
        StringBuilder sb = new StringBuilder();
        for (int i : used) {
            double then = expect.expectedFillS(i);
            double now = filledS[i];
            if (Double.isNaN(then) || Double.isNaN(now) || Math.abs(now / then - 1) <= CHANGED_FRACTION) {
                continue;
            }
            long pct = Math.round(Math.abs(now / then - 1) * 100);
            sb.append(sb.isEmpty() ? "" : "; ").append("the ").append(names.get(i)).append(" chamber now fills ")
                    .append(pct).append(now < then ? " % faster" : " % slower").append(" than when commissioned (")
                    .append(String.format(java.util.Locale.ROOT, "%.1f s, then %.1f s", now, then)).append(")")
                    .append(now < then ? ": is the cuff on more tightly, or the leg larger?"
                            : ": is the cuff on more loosely, or is a hose leaking?");
        }
        return sb.toString();
    }

    /**
     * After a pass, the first chamber it filled whose fill to 10 mmHg took {@link #CHANGED_FRACTION}
     * less or more time than {@code reference} says (NaN there counts as unlike), or -1. Allocates nothing.
     */
    public int unlike(double[] reference) {
        for (int i : used) {
            double then = reference[i];
            if (Double.isNaN(then) || Math.abs(filledS[i] / then - 1) > CHANGED_FRACTION) {
                return i;
            }
        }
        return -1;
    }

    /** After a pass, copies each filled chamber's time to 10 mmHg into {@code into}; the others are left. */
    public void copyFills(double[] into) {
        for (int i : used) {
            into[i] = filledS[i];
        }
    }

    /** The chamber that failed, or -1 (the manifold, the pump, or all). */
    public int failedChamber() {
        return failedChamber;
    }

    /**
     * One tick of the self-test: judges the readings and writes what it wants into {@code out} and
     * the chambers' targets into {@code targets}.
     */
    public Result step(long now, double[] p, double manifold, OutputFrame out, double[] targets) {
        out.toSafe();
        java.util.Arrays.fill(targets, 0);
        long in = now - stageSince;
        switch (stage) {
            case ZERO -> {
                int bad = firstOutside(p, ZERO_BAND_MMHG);
                if (in >= ZERO_NANOS && bad < 0 && Math.abs(manifold) < ZERO_BAND_MMHG) {
                    if (used.length == 0) {
                        return Result.PASSED;
                    }
                    fill(p, now);
                } else if (in > ZERO_TIMEOUT_NANOS) {
                    if (bad >= 0) {
                        return fail(bad, List.of(Cause.CHAMBER_SENSOR), Double.isNaN(p[bad])
                                ? "the pressure sensor of the " + names.get(bad) + " chamber cannot be read"
                                : "the " + names.get(bad) + " chamber reads " + Math.round(p[bad])
                                        + " mmHg with the cuff open to the room: sensor offset, or the cuff cannot empty");
                    }
                    return fail(-1, Double.isNaN(manifold) ? List.of(Cause.MANIFOLD_SENSOR)
                            : List.of(Cause.MANIFOLD_SENSOR, Cause.PUMP), Double.isNaN(manifold)
                            ? "the manifold's pressure sensor cannot be read"
                            : "the manifold reads " + Math.round(manifold)
                                    + " mmHg with the pump off: sensor offset or pump running");
                }
            }
            case FILL -> {
                out.inletOpen(chamber, true);
                out.exhaustOpen(chamber, false);
                out.ventOpen(false);
                out.pump(1.0);
                targets[chamber] = FILL_TO_MMHG;
                // Two snapshots half a second apart: at the time-out the older is 0.5 to 1 s old.
                if (now - recentAt >= 500_000_000L) {
                    lastSecondAt = recentAt;
                    recentAt = now;
                    System.arraycopy(recent, 0, lastSecond, 0, chambers);
                    System.arraycopy(p, 0, recent, 0, chambers);
                }
                if (p[chamber] >= FILL_TO_MMHG) {
                    filledS[chamber] = in * 1e-9;
                    next(Stage.SETTLE, now);
                } else if (in > expect.fillS(chamber) * 1e9) {
                    return notFilled(p, manifold, now);
                }
                if (othersRose(p) >= 0) {
                    return othersRoseFailure(othersRose(p), p);
                }
            }
            case SETTLE -> {
                if (Double.isNaN(settleFromP)) {
                    settleFromP = p[chamber];
                    settleFromM = manifold;
                }
                out.inletOpen(chamber, true);
                out.exhaustOpen(chamber, false);
                out.ventOpen(false);
                targets[chamber] = FILL_TO_MMHG;
                if (othersRose(p) >= 0) {
                    return othersRoseFailure(othersRose(p), p);
                }
                if (in >= SETTLE_NANOS) {
                    double settledFrom = settleFromP;
                    settleFromP = Double.NaN;
                    if (manifold < p[chamber] - SETTLE_AGREE_MMHG) {
                        // Air flows back out through the manifold: into the chamber that rose, if one did.
                        int j = mostRisen(p);
                        boolean fell = settledFrom - p[chamber] > 1;
                        return j >= 0 ? othersRoseFailure(j, p)
                                : !fell ? fail(chamber, List.of(Cause.MANIFOLD_SENSOR, Cause.CHAMBER_SENSOR), "with the"
                                        + " air settled between them the " + names.get(chamber) + " chamber reads "
                                        + Math.round(p[chamber]) + " mmHg and the manifold " + Math.round(manifold)
                                        + ": one of the two pressure sensors is wrong (check their tubes and wiring)")
                                : fail(chamber, List.of(Cause.MAIN_VENT, Cause.CHAMBER_SENSOR), "the " + names.get(chamber) + " chamber's air flows back out through"
                                        + " the manifold (it reads " + Math.round(p[chamber]) + " mmHg, the manifold "
                                        + Math.round(manifold) + "): the main vent does not close, or one of the two"
                                        + " pressure sensors is wrong");
                    }
                    if (Math.abs(p[chamber] - manifold) > SETTLE_AGREE_MMHG + SETTLE_AGREE_FRACTION * Math.abs(manifold)) {
                        if (manifold - settleFromM > 1 && manifold > p[chamber]) {
                            return fail(-1, List.of(Cause.PUMP, Cause.MANIFOLD_SENSOR), "with the pump told off the"
                                    + " manifold kept rising (" + Math.round(manifold) + " mmHg, the " + names.get(chamber)
                                    + " chamber " + Math.round(p[chamber]) + "): the pump runs when told not to (it"
                                    + " still hums), or the manifold's sensor is wrong");
                        }
                        return fail(chamber, List.of(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR), "with the air"
                                + " settled between them the " + names.get(chamber) + " chamber reads "
                                + Math.round(p[chamber]) + " mmHg and the manifold " + Math.round(manifold)
                                + ": one of the two pressure sensors is wrong (check their tubes and wiring)");
                    }
                    firstSum = 0;
                    firstCount = 0;
                    lastSum = 0;
                    lastCount = 0;
                    next(Stage.HOLD, now);
                }
            }
            case HOLD -> {
                out.exhaustOpen(chamber, false);
                targets[chamber] = FILL_TO_MMHG;
                if (in < HOLD_EDGE_NANOS) {
                    firstSum += p[chamber];
                    firstCount++;
                } else if (in >= HOLD_NANOS - HOLD_EDGE_NANOS) {
                    lastSum += p[chamber];
                    lastCount++;
                }
                if (in >= HOLD_NANOS) {
                    double drop = firstCount == 0 || lastCount == 0 ? 0 : firstSum / firstCount - lastSum / lastCount;
                    if (drop > expect.holdDropMmHg() && manifold > PneumaticChecks.PUMP_ON_MIN_MMHG) {
                        return fail(chamber, List.of(Cause.INLET_VALVE, Cause.LEAK), "the " + names.get(chamber)
                                + " chamber lost " + String.format(java.util.Locale.ROOT, "%.1f", drop) + " mmHg in a 1 s"
                                + " hold while the open manifold stood at " + Math.round(manifold) + " mmHg: its air goes"
                                + " out through its inlet valve, which does not close");
                    }
                    if (drop > expect.holdDropMmHg()) {
                        return fail(chamber, List.of(Cause.LEAK, Cause.EXHAUST_VALVE), "the " + names.get(chamber) + " chamber lost "
                                + String.format(java.util.Locale.ROOT, "%.1f", drop)
                                + " mmHg in a 1 s hold: it leaks (a hose, a seam, or the exhaust valve not closing: air"
                        + " hissing at the exhaust port means the valve)");
                    }
                    next(Stage.VENT, now);
                }
            }
            case VENT -> {
                if (p[chamber] < VENTED_MMHG) {
                    if (++next == used.length) {
                        return Result.PASSED;
                    }
                    chamber = used[next];
                    fill(p, now);
                } else if (in > expect.ventS(chamber) * 1e9) {
                    return fail(chamber, List.of(Cause.EXHAUST_VALVE, Cause.HOSE_KINKED), "the " + names.get(chamber)
                            + " chamber did not fall below " + Math.round(VENTED_MMHG) + " mmHg in "
                            + seconds(expect.ventS(chamber)) + " s when vented: the exhaust valve does not open, or"
                            + " the hose is kinked (a kinked hose also fills slowly)");
                }
            }
        }
        return Result.RUNNING;
    }

    private void fill(double[] p, long now) {
        System.arraycopy(p, 0, baseline, 0, chambers);
        System.arraycopy(p, 0, lastSecond, 0, chambers);
        System.arraycopy(p, 0, recent, 0, chambers);
        lastSecondAt = now;
        recentAt = now;
        settleFromP = Double.NaN;
        next(Stage.FILL, now);
    }

    /**
     * The chamber did not reach its fill pressure in time: the manifold tells where the air went.
     * None built up: the pump. Built up, and the chamber still rising: air gets in too slowly.
     * Built up, the chamber flat and empty: none gets in. Flat above that: it gets in and out again.
     */
    private Result notFilled(double[] p, double manifold, long now) {
        String which = "the " + names.get(chamber) + " chamber";
        String did = which + " did not rise to " + Math.round(FILL_TO_MMHG) + " mmHg in "
                + seconds(expect.fillS(chamber)) + " s (it reached " + Math.round(p[chamber]) + ", the manifold "
                + Math.round(manifold) + "): ";
        if (!(manifold >= PneumaticChecks.PUMP_ON_MIN_MMHG)) {
            return fail(-1, List.of(Cause.PUMP), did + "the pump does not build pressure (is it running? its hose"
                    + " on?)");
        }
        if (p[chamber] - lastSecond[chamber] > STILL_RISING_MMHG_S * (now - lastSecondAt) * 1e-9) {
            return fail(chamber, List.of(Cause.HOSE_KINKED, Cause.INLET_VALVE), did + "air gets in too slowly: its"
                    + " hose kinked or pinched, or its inlet valve opens only partly");
        }
        if (p[chamber] < NO_AIR_IN_MMHG) {
            return fail(chamber, List.of(Cause.INLET_VALVE, Cause.HOSE_KINKED), did + "no air gets in: its inlet"
                    + " valve does not open (it clicks when it does), or its hose is kinked shut");
        }
        return fail(chamber, List.of(Cause.HOSE_OFF, Cause.EXHAUST_VALVE), did + "the air gets in and out again:"
                + " its hose is off or the cuff is not on the leg, or its exhaust valve stays open (then air"
                + " hisses at the exhaust port)");
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : String.format(java.util.Locale.ROOT, "%.1f", s);
    }

    private void next(Stage s, long now) {
        stage = s;
        stageSince = now;
    }

    private Result fail(int which, List<Cause> why, String message) {
        failedChamber = which;
        failure = message;
        causes = why;
        return Result.FAILED;
    }

    private static int firstOutside(double[] p, double band) {
        for (int i = 0; i < p.length; i++) {
            if (!(Math.abs(p[i]) < band)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Another chamber rose while this one was filled. This one's own reading still: the two
     * sensors' tubes are swapped. Else the other's inlet lets air by.
     */
    private Result othersRoseFailure(int j, double[] p) {
        if (p[chamber] - baseline[chamber] < 1) {
            return fail(chamber, List.of(Cause.CHAMBER_SENSOR), "the " + names.get(j) + " chamber's reading rose while"
                    + " the " + names.get(chamber) + " chamber was filled, and the " + names.get(chamber) + " chamber's"
                    + " did not: the two sensors' tubes (or the chambers' hoses) are swapped");
        }
        return fail(j, List.of(Cause.INLET_VALVE), "the " + names.get(j) + " chamber rose while the "
                + names.get(chamber) + " chamber was filled: its inlet valve lets air by, or the hoses are swapped");
    }

    /** The other chamber that rose most since this one's fill began, if by more than 1 mmHg, or -1. */
    private int mostRisen(double[] p) {
        int most = -1;
        double by = 1.0;
        for (int j = 0; j < p.length; j++) {
            if (j != chamber && p[j] - baseline[j] > by) {
                by = p[j] - baseline[j];
                most = j;
            }
        }
        return most;
    }

    private int othersRose(double[] p) {
        for (int j = 0; j < p.length; j++) {
            if (j != chamber && p[j] > baseline[j] + OTHERS_MAX_RISE_MMHG) {
                return j;
            }
        }
        return -1;
    }
}
