package dev.quietlegs.firmware.safety;

import dev.quietlegs.hardware.port.OutputFrame;

/**
 * Effort must produce progress, and nothing may move by itself (Klipper's {@code verify_heater},
 * Kendall's "no garment" alarm): a chamber being filled rises; a chamber being vented falls; a
 * chamber with its inlet closed does not rise; a held chamber does not need topping up again and
 * again; the manifold rises when the pump runs and stays empty when it does not.
 */
final class PneumaticChecks {

    /** A filled chamber must rise {@link Thresholds#riseMmHg} in every window, until near its target. */
    static final long RISE_WINDOW_NANOS = 1_000_000_000L;
    /**
     * A vented chamber above this must lose {@link Thresholds#fallFraction} of its pressure in every
     * window: an orifice empties a chamber roughly exponentially, at a rate the build sets.
     */
    static final double FALL_CHECK_MMHG = 10;
    static final long FALL_WINDOW_NANOS = 1_000_000_000L;
    /** A chamber open to the room this long must read within {@link #ZERO_BAND_MMHG} of zero. */
    static final long VENTED_NANOS = 3_000_000_000L;
    static final double ZERO_BAND_MMHG = 4;
    /** Falling more than this fraction (or 0.3 mmHg) in the last second, a vented chamber is still venting. */
    static final double STILL_FALLING_FRACTION = 0.03;
    static final double STILL_FALLING_MMHG = 0.3;
    /** A steady vented chamber at less than this share of where its venting began did empty, slowly. */
    static final double STEADY_EMPTIED = 0.7;
    /**
     * A held chamber (both valves closed) may not rise this far above its lowest reading since: a
     * leg that shifts can squeeze it a little.
     */
    static final double UNCOMMANDED_RISE_MMHG = 5;
    /** One open to the room through its exhaust may not rise even this far: air is coming in. */
    static final double UNCOMMANDED_RISE_VENTED_MMHG = 3;
    /** ... for this long: a single noisy sample is the sensor checks' business. */
    static final long RISE_PERSIST_NANOS = 100_000_000L;
    /** This many top-ups of a held chamber within {@link #LEAK_WINDOW_NANOS} is a leak. */
    static final int LEAK_TOP_UPS = 4;
    static final long LEAK_WINDOW_NANOS = 4_000_000_000L;
    /**
     * A chamber that has reached its target and still takes more than this share of the pump's
     * full effort to stay there leaks, however briefly each top-up holds: a healthy chamber of the
     * envelope takes a few percent (0.5 mmHg/s against the slowest top-up).
     */
    static final double LEAK_FED_SHARE = 0.15;
    /**
     * A fill that ends within this of the target reached it (the regulator closes the inlet just
     * short of it; a fill the sequence cut short ends lower). A target that rises more than
     * {@link #RETARGET_MMHG} must be reached again.
     */
    static final double REACHED_MMHG = 0.8;
    static final double RETARGET_MMHG = 1.5;
    static final long LEAK_MIN_SPAN_NANOS = 500_000_000L;
    /**
     * A held chamber (both valves closed) may lose at most {@link Thresholds#heldLossFraction} of its
     * pressure per second, measured from {@link #HELD_SETTLE_NANOS} after its valves shut (the
     * garment and the smoothing settle). A leak the regulator keeps up with shows only as short
     * holds between top-ups, so the losses of successive holds add up until they span
     * {@link #HELD_JUDGE_NANOS}, and are judged together.
     */
    static final long HELD_SETTLE_NANOS = 150_000_000L;
    static final long HELD_JUDGE_NANOS = 1_500_000_000L;
    /** A hold shorter than this after settling adds more noise than loss: it is left out. */
    static final long HELD_MIN_SPAN_NANOS = 100_000_000L;
    /** A loss below this is the sensor's noise (smoothed readings, a few holds added up). */
    static final double HELD_MIN_LOSS_MMHG = 0.5;
    /**
     * A chamber fed {@link Thresholds#nearTargetS} in one cycle while already within this of its
     * target does not get there: it loses air as fast as it gets it, or none gets in.
     */
    static final double NEAR_TARGET_MMHG = 2;
    /**
     * A chamber whose smoothed reading stayed more than this below its target until its release,
     * {@link #SHORT_CYCLES} deliveries running, does not get its pressure: a leak, or a pump gone
     * weak. (A build that never could is found by commissioning, not here.) Releases that are not
     * the therapy's own (a pause, a stop) count neither way.
     */
    static final double SHORT_MMHG = 3;
    static final int SHORT_CYCLES = 2;
    /**
     * ... counted only when its target stood this long per 40 mmHg of it: longer than the envelope
     * lets any chamber take to get there ({@code CuffProfile.FILL_40_MAX_S}, 5.5 s), so a program
     * too quick for the build is no fault of the build.
     */
    static final double SHORT_STRETCH_S_PER_40 = 6.6;

    /** The pump off, the main vent and every inlet shut, yet the manifold up this much: the pump runs. */
    static final double CLOSED_RISE_MMHG = 3;

    /** The pump off and the main vent open, yet the manifold above this: the pump is running. */
    static final double PUMP_OFF_MAX_MMHG = 8;
    static final long PUMP_OFF_NANOS = 300_000_000L;
    /**
     * The pump on with the main vent closed, yet the manifold below this and no fed chamber up by
     * {@link #PUMP_ON_CHAMBER_RISE_MMHG}: it does not pump. (A weak pump into a large chamber through
     * a wide inlet keeps the manifold low, but the chamber rises.)
     */
    static final double PUMP_ON_MIN_MMHG = 3;
    static final double PUMP_ON_CHAMBER_RISE_MMHG = 0.3;
    /** ... judged while the pump is asked for at least this: slowed near a target, a weak one may barely lift a big chamber. */
    static final double PUMP_ON_DUTY = 0.6;
    static final long PUMP_ON_NANOS = 1_000_000_000L;

    /**
     * The windowed checks compare smoothed readings (this time constant): a sensor's noise, two
     * unlucky samples a second apart, must not look like a chamber that stopped falling.
     */
    static final double SMOOTH_S = 0.1;

    private final Thresholds expect;
    private final double[] smooth;
    private final double[] share;
    private final long nearTargetNanos;
    private final Trip trip;
    private final boolean[] wasFilling;
    private final long[] windowStart;
    private final double[] windowP;
    private final boolean[] wasVenting;
    private final long[] ventStart;
    private final long[] ventSince;
    private final double[] ventStartP;
    private final boolean[] wasInletOpen;
    private final double[] closedMin;
    private final long[] risenSince;
    private final long[][] topUps;
    private final int[] topUpNext;
    private final long[] fillNanos;
    private final double[] peak;
    private final double[] deliveredTarget;
    private final int[] shortRuns;
    private final double[] stretchS;
    private boolean delivering;
    private final boolean[] reached;
    private final boolean[] wasFed;
    private final double[] reachedTarget;
    private final long[] fedSince;
    private final long[] judgedAt;
    private final long[] fedNanos;
    private final boolean[] wasHeld;
    private final long[] heldStart;
    private final double[] heldStartP;
    private final double[] heldLoss;
    private final long[] heldSpan;
    /** What the holds added up so far may lose, each at its own pressure. */
    private final double[] heldAllowed;
    private long last = Long.MIN_VALUE;
    private long pumpOffSince = Long.MIN_VALUE;
    private double manifoldAtOff;
    private long pumpOnSince = Long.MIN_VALUE;
    private long closedSince = Long.MIN_VALUE;
    private double closedAt;
    private final double[] atPumpOn;
    /** What each chamber and the manifold read as its fill began, and the manifold 0.3 s into a rise window. */
    private final double[] fillStartP;
    private final long[] fillStartAt;
    private final double[] windowM;
    private final double[] ventFirstP;
    /** Last time the manifold stood above {@link #PUMP_ON_MIN_MMHG} with the pump off, the vent open and no inlet open. */
    private long manifoldUpIdleAt = Long.MIN_VALUE;
    private long upIdleSince = Long.MIN_VALUE;
    private final double[] atPumpOff;
    private double manifoldNow;
    private int pumpOnInlets;

    PneumaticChecks(int chambers, Trip trip) {
        this(Thresholds.envelope(chambers), trip);
    }

    PneumaticChecks(Thresholds expect, Trip trip) {
        int chambers = expect.chambers();
        this.expect = expect;
        this.nearTargetNanos = (long) (expect.nearTargetS() * 1e9);
        this.trip = trip;
        this.atPumpOn = new double[chambers];
        this.fillStartP = new double[chambers];
        this.fillStartAt = new long[chambers];
        this.windowM = new double[chambers];
        this.ventFirstP = new double[chambers];
        this.atPumpOff = new double[chambers];
        this.smooth = new double[chambers];
        java.util.Arrays.fill(smooth, Double.NaN);
        this.share = new double[chambers];
        this.wasFilling = new boolean[chambers];
        this.windowStart = new long[chambers];
        this.windowP = new double[chambers];
        this.wasVenting = new boolean[chambers];
        this.ventStart = new long[chambers];
        this.ventSince = new long[chambers];
        this.ventStartP = new double[chambers];
        this.wasInletOpen = new boolean[chambers];
        this.closedMin = new double[chambers];
        java.util.Arrays.fill(closedMin, Double.POSITIVE_INFINITY);
        this.risenSince = new long[chambers];
        java.util.Arrays.fill(risenSince, Long.MIN_VALUE);
        this.topUps = new long[chambers][LEAK_TOP_UPS];
        for (long[] ring : topUps) {
            java.util.Arrays.fill(ring, Long.MIN_VALUE);
        }
        this.topUpNext = new int[chambers];
        this.fillNanos = new long[chambers];
        this.peak = new double[chambers];
        this.deliveredTarget = new double[chambers];
        this.shortRuns = new int[chambers];
        this.stretchS = new double[chambers];
        this.reached = new boolean[chambers];
        this.wasFed = new boolean[chambers];
        this.reachedTarget = new double[chambers];
        this.fedSince = new long[chambers];
        this.judgedAt = new long[chambers];
        this.fedNanos = new long[chambers];
        this.wasHeld = new boolean[chambers];
        this.heldStart = new long[chambers];
        this.heldStartP = new double[chambers];
        this.heldLoss = new double[chambers];
        this.heldSpan = new long[chambers];
        this.heldAllowed = new double[chambers];
    }

    /** Chamber {@code i} is being filled: its inlet open onto a running pump. */
    static boolean filling(OutputFrame out, int i) {
        return out.inletOpen(i) && out.pump() >= 0.3;
    }

    /** Chamber {@code i} is open to the room through its exhaust only. */
    static boolean venting(OutputFrame out, int i) {
        return out.exhaustOpen(i) && !out.inletOpen(i);
    }

    void check(long now, double[] p, double manifold, OutputFrame out, double[] targets) {
        long dt = last == Long.MIN_VALUE ? 0 : now - last;
        last = now;
        manifoldNow = manifold;
        if (out.pump() == 0 && out.ventOpen() && inletMask(out, p.length) == 0 && manifold > PUMP_ON_MIN_MMHG) {
            if (upIdleSince == Long.MIN_VALUE) {
                upIdleSince = now;
            } else if (now - upIdleSince >= PUMP_OFF_NANOS) {
                manifoldUpIdleAt = now; // air reaching the open manifold from somewhere: a chamber, through its inlet?
            }
        } else {
            upIdleSince = Long.MIN_VALUE;
        }
        double pumpShare = out.pump() / inlets(out, p.length); // what each open inlet gets of the pump
        for (int i = 0; i < p.length; i++) {
            double v = p[i];
            if (Double.isNaN(v)) {
                continue;
            }
            double smoothed = smooth[i] = Double.isNaN(smooth[i]) ? v
                    : smooth[i] + (v - smooth[i]) * Math.min(1, dt * 1e-9 / SMOOTH_S);
            double target = targets[i];
            nearTargetFeed(i, now, dt, v, target, out.inletOpen(i) && out.pump() > 0);
            shortfall(i, now, smoothed, target, dt * 1e-9);
            fedShare(i, now, dt, v, target, out.inletOpen(i) && out.pump() > 0, pumpShare);
            filling(i, now, dt, smoothed, target, filling(out, i), pumpShare);
            venting(i, now, smoothed, venting(out, i));
            held(i, now, smoothed, !out.inletOpen(i) && !out.exhaustOpen(i));
            inlet(i, now, v, target, out.inletOpen(i), out.exhaustOpen(i));
        }
        pump(now, p, manifold, out);
    }

    /**
     * A filled chamber must rise {@link Thresholds#riseMmHg} per second of the pump's full effort
     * it had: the regulator slows the pump near a target, and chambers filled together share it.
     */
    private void filling(int i, long now, long dt, double v, double target, boolean filling, double pumpShare) {
        if (filling && !wasFilling[i]) {
            windowStart[i] = now;
            windowP[i] = v;
            windowM[i] = Double.NaN;
            share[i] = 0;
            fillStartP[i] = v;
            fillStartAt[i] = now;
        } else if (filling) {
            share[i] += pumpShare * dt * 1e-9;
            if (Double.isNaN(windowM[i]) && now - windowStart[i] >= RISE_WINDOW_NANOS / 3) {
                windowM[i] = manifoldNow;
            }
            if (now - windowStart[i] >= RISE_WINDOW_NANOS) {
                if (v - windowP[i] < expect.riseMmHg() * share[i] && (target <= 0 || v < target - 2)) {
                    noRise(i, now, v - windowP[i]);
                }
                windowStart[i] = now;
                windowP[i] = v;
                windowM[i] = Double.NaN;
                share[i] = 0;
            }
        }
        wasFilling[i] = filling;
    }

    /**
     * A filled chamber that does not rise: the manifold tells why. Empty, the pump does not pump.
     * Still climbing, the air goes in and the chamber's sensor does not see it. Else the air leaves
     * as fast as it comes: the hose is off, or the exhaust valve stands open.
     */
    private void noRise(int i, long now, double rose) {
        if (!(manifoldNow >= PUMP_ON_MIN_MMHG)) {
            // No pressure anywhere: the pump does not pump, or the air leaves as fast as it comes.
            trip.trip(FaultCode.PUMP_NO_PROGRESS, -1, now, manifoldNow, Cause.list(Cause.PUMP, Cause.HOSE_OFF));
        } else if (manifoldNow - windowM[i] > 1.5) {
            trip.trip(FaultCode.NO_RISE, i, now, rose, Cause.list(Cause.CHAMBER_SENSOR));
        } else {
            trip.trip(FaultCode.NO_RISE, i, now, rose);
        }
    }

    private static int inlets(OutputFrame out, int chambers) {
        return Math.max(1, Integer.bitCount(inletMask(out, chambers)));
    }

    /**
     * Vented for seconds, a chamber reads a steady pressure. Below zero: its sensor. Well below what
     * it had when its venting began: it did empty, but now slowly (its exhaust, a kink). Otherwise
     * either it never emptied (its exhaust) or its sensor reads high.
     */
    private void steady(int i, long now, double v) {
        if (v < 0) {
            trip.trip(FaultCode.SENSOR_DRIFT, i, now, v);
        } else if (v < STEADY_EMPTIED * ventFirstP[i]) {
            trip.trip(FaultCode.NO_FALL, i, now, v);
        } else {
            trip.trip(FaultCode.SENSOR_DRIFT, i, now, v, Cause.list(Cause.EXHAUST_VALVE, Cause.CHAMBER_SENSOR));
        }
    }

    /**
     * A chamber loses air. If the manifold lately stood up with the pump off and the vent open, the
     * air went out through its inlet into the manifold; a large hole is a hose off or an exhaust
     * standing open, a small one a leak.
     */
    private void leak(int i, long now, double value, boolean big) {
        boolean intoManifold = manifoldUpIdleAt != Long.MIN_VALUE && now - manifoldUpIdleAt <= LEAK_WINDOW_NANOS;
        trip.trip(FaultCode.LEAK, i, now, value, intoManifold ? Cause.list(Cause.INLET_VALVE, Cause.LEAK)
                : big ? Cause.list(Cause.HOSE_OFF, Cause.EXHAUST_VALVE) : Cause.of(FaultCode.LEAK, i, value));
    }

    /** Losing more than this share of its pressure a second, or taking more than this share of the pump, a hole is large. */
    static final double BIG_LOSS_FRACTION = 0.3;
    static final double BIG_FED_SHARE = 0.5;

    private void held(int i, long now, double v, boolean held) {
        if (held && !wasHeld[i]) {
            heldStart[i] = now;
            heldStartP[i] = Double.NaN;
        } else if (held && Double.isNaN(heldStartP[i])) {
            if (now - heldStart[i] >= HELD_SETTLE_NANOS) {
                heldStart[i] = now;
                heldStartP[i] = v;
            }
        } else if (held) {
            double loss = heldLoss[i] + heldStartP[i] - v;
            long span = heldSpan[i] + now - heldStart[i];
            if (span >= HELD_JUDGE_NANOS) {
                double allowed = heldAllowed[i] + expect.heldLossFraction() * heldStartP[i] * (now - heldStart[i]) * 1e-9;
                if (loss > Math.max(HELD_MIN_LOSS_MMHG, allowed)) {
                    leak(i, now, loss, loss / v / (span * 1e-9) > BIG_LOSS_FRACTION);
                }
                heldLoss[i] = 0;
                heldSpan[i] = 0;
                heldAllowed[i] = 0;
                heldStart[i] = now;
                heldStartP[i] = v;
            }
        } else if (wasHeld[i] && !Double.isNaN(heldStartP[i]) && now - heldStart[i] >= HELD_MIN_SPAN_NANOS) {
            heldLoss[i] += heldStartP[i] - v;
            heldSpan[i] += now - heldStart[i];
            heldAllowed[i] += expect.heldLossFraction() * heldStartP[i] * (now - heldStart[i]) * 1e-9;
        }
        wasHeld[i] = held;
    }

    /** Whether the therapy is being delivered (running, tapering), as of the session's last word. */
    void delivering(boolean d) {
        delivering = d;
    }

    private void shortfall(int i, long now, double v, double target, double dtS) {
        if (target > 0) {
            peak[i] = Math.max(peak[i], v);
            deliveredTarget[i] = target;
            stretchS[i] += dtS;
            return;
        }
        if (deliveredTarget[i] > 0 && delivering
                && stretchS[i] >= SHORT_STRETCH_S_PER_40 * deliveredTarget[i] / 40) {
            shortRuns[i] = peak[i] < deliveredTarget[i] - SHORT_MMHG ? shortRuns[i] + 1 : 0;
            if (shortRuns[i] >= SHORT_CYCLES) {
                trip.trip(FaultCode.LOW_PRESSURE, i, now, peak[i]);
            }
        }
        peak[i] = 0;
        deliveredTarget[i] = 0;
        stretchS[i] = 0;
    }

    /**
     * Once a chamber's first fill has ended at its target, the share of the pump's effort it takes
     * to keep it there, from then on: judged every {@link #LEAK_WINDOW_NANOS} and when the chamber
     * is released, once at least {@link #LEAK_MIN_SPAN_NANOS} have passed (a program may hold a
     * chamber only briefly). Counted from the fill's end, a top-up put off while other chambers
     * fill weighs no more than it should.
     */
    private void fedShare(int i, long now, long dt, double v, double target, boolean fed, double pumpShare) {
        boolean over = !(target > 0) || reached[i] && target > reachedTarget[i] + RETARGET_MMHG;
        if (reached[i] && (over || now - judgedAt[i] >= LEAK_WINDOW_NANOS)) {
            long span = now - fedSince[i];
            if (span >= LEAK_MIN_SPAN_NANOS && fedNanos[i] > LEAK_FED_SHARE * span) {
                leak(i, now, (double) fedNanos[i] / span, fedNanos[i] > BIG_FED_SHARE * span);
            }
            judgedAt[i] = now;
        }
        if (over) {
            reached[i] = false;
        } else if (!reached[i]) {
            // The first fill ends when the inlet closes near the target: from then on, feeding tops up.
            if (!fed && wasFed[i] && v >= target - REACHED_MMHG) {
                reached[i] = true;
                reachedTarget[i] = target;
                fedSince[i] = now;
                judgedAt[i] = now;
                fedNanos[i] = 0;
            }
        } else {
            reachedTarget[i] = Math.min(reachedTarget[i], target);
            fedNanos[i] += fed ? (long) (dt * pumpShare) : 0;
        }
        wasFed[i] = fed;
    }

    private void nearTargetFeed(int i, long now, long dt, double v, double target, boolean fed) {
        if (target <= 0) {
            fillNanos[i] = 0;
        } else if (fed && v >= target - NEAR_TARGET_MMHG) {
            fillNanos[i] += dt;
            if (fillNanos[i] > nearTargetNanos) {
                trip.trip(FaultCode.NO_RISE, i, now, fillNanos[i] * 1e-9);
            }
        }
    }

    private void venting(int i, long now, double v, boolean venting) {
        if (venting && !wasVenting[i]) {
            ventSince[i] = now;
            ventStart[i] = now;
            ventStartP[i] = v;
            ventFirstP[i] = v;
        } else if (venting && now - ventStart[i] >= FALL_WINDOW_NANOS) {
            if (v > FALL_CHECK_MMHG && v > (1 - expect.fallFraction(i)) * ventStartP[i]) {
                trip.trip(FaultCode.NO_FALL, i, now, v);
            }
            // Open to the room this long, a chamber that no longer falls reads zero, or its sensor
            // is wrong. One still falling above FALL_CHECK_MMHG is the check above's; below it, a
            // large chamber through a small exhaust may take a while yet.
            boolean falling = v > 0 && ventStartP[i] - v > Math.max(STILL_FALLING_MMHG, STILL_FALLING_FRACTION * v);
            if (now - ventSince[i] >= VENTED_NANOS && Math.abs(v) > ZERO_BAND_MMHG && !falling) {
                steady(i, now, v);
            }
            ventStart[i] = now;
            ventStartP[i] = v;
        }
        wasVenting[i] = venting;
    }

    /**
     * Whether, while chamber {@code j} rises shut off, another has been filled half a second without
     * its own reading rising: the two sensors' tubes are swapped, not an inlet leaking.
     */
    private boolean swapped(int j, long now) {
        for (int i = 0; i < smooth.length; i++) {
            if (i != j && wasFilling[i] && now - fillStartAt[i] >= RISE_WINDOW_NANOS / 5
                    && smooth[i] - fillStartP[i] < 1) {
                return true;
            }
        }
        return false;
    }

    private void inlet(int i, long now, double v, double target, boolean open, boolean vented) {
        if (open) {
            if (!wasInletOpen[i] && target > 0) {
                long[] ring = topUps[i];
                ring[topUpNext[i]] = now;
                topUpNext[i] = (topUpNext[i] + 1) % ring.length;
                long oldest = ring[topUpNext[i]];
                if (oldest != Long.MIN_VALUE && now - oldest <= LEAK_WINDOW_NANOS) {
                    leak(i, now, LEAK_TOP_UPS, false);
                }
            }
            closedMin[i] = Double.POSITIVE_INFINITY;
            risenSince[i] = Long.MIN_VALUE;
        } else {
            closedMin[i] = Math.min(closedMin[i], v);
            if (v > closedMin[i] + (vented ? UNCOMMANDED_RISE_VENTED_MMHG : UNCOMMANDED_RISE_MMHG)) {
                if (risenSince[i] == Long.MIN_VALUE) {
                    risenSince[i] = now;
                } else if (now - risenSince[i] >= RISE_PERSIST_NANOS) {
                    trip.trip(FaultCode.UNCOMMANDED_RISE, i, now, v - closedMin[i], swapped(i, now)
                            ? Cause.list(Cause.CHAMBER_SENSOR) : Cause.list(Cause.INLET_VALVE));
                }
            } else {
                risenSince[i] = Long.MIN_VALUE;
            }
        }
        if (target <= 0) {
            java.util.Arrays.fill(topUps[i], Long.MIN_VALUE); // a new cycle's first fill is no top-up
        }
        wasInletOpen[i] = open;
    }

    private void pump(long now, double[] p, double manifold, OutputFrame out) {
        if (Double.isNaN(manifold)) {
            return;
        }
        // A chamber's inlet open with the pump off: its air may pass through the manifold to the vent.
        if (out.pump() == 0 && out.ventOpen() && !anyInlet(out, p.length)) {
            if (pumpOffSince == Long.MIN_VALUE) {
                pumpOffSince = now;
                manifoldAtOff = manifold;
                System.arraycopy(smooth, 0, atPumpOff, 0, smooth.length);
            } else if (now - pumpOffSince >= PUMP_OFF_NANOS && manifold > PUMP_OFF_MAX_MMHG) {
                // Air still in and unmoved: the vent does not open. Rising, or held up against an
                // open vent: the pump still runs.
                boolean held = manifold <= manifoldAtOff + PUMP_ON_MIN_MMHG && manifold > 0.8 * manifoldAtOff;
                FaultCode code = held ? FaultCode.VENT_STUCK : FaultCode.PUMP_STUCK_ON;
                trip.trip(code, -1, now, manifold, chamberFell() ? Cause.list(Cause.INLET_VALVE, Cause.of(code,
                        -1, manifold).get(0)) : Cause.of(code, -1, manifold));
            }
        } else {
            pumpOffSince = Long.MIN_VALUE;
        }
        // The gate's probe: nothing may lift a closed manifold with the pump off.
        if (out.pump() == 0 && !out.ventOpen() && inletMask(out, p.length) == 0) {
            if (closedSince == Long.MIN_VALUE) {
                closedSince = now;
                closedAt = manifold;
            } else if (manifold > closedAt + CLOSED_RISE_MMHG) {
                trip.trip(FaultCode.PUMP_STUCK_ON, -1, now, manifold);
            }
        } else {
            closedSince = Long.MIN_VALUE;
        }
        // Another inlet opening drains the manifold into an empty chamber: the window starts again.
        int inlets = inletMask(out, p.length);
        if (out.pump() >= PUMP_ON_DUTY && !out.ventOpen() && inlets == pumpOnInlets) {
            if (pumpOnSince == Long.MIN_VALUE) {
                pumpOnSince = now;
                System.arraycopy(smooth, 0, atPumpOn, 0, p.length);
            } else if (now - pumpOnSince >= PUMP_ON_NANOS && manifold < PUMP_ON_MIN_MMHG && !fedRose(out)) {
                trip.trip(FaultCode.PUMP_NO_PROGRESS, -1, now, manifold);
            }
        } else {
            pumpOnSince = Long.MIN_VALUE;
        }
        pumpOnInlets = inlets;
    }

    /** Whether a chamber above the manifold lost air since the pump went off: it feeds the manifold through its inlet. */
    private boolean chamberFell() {
        for (int i = 0; i < smooth.length; i++) {
            if (atPumpOff[i] - smooth[i] > 1 && smooth[i] > manifoldNow) {
                return true;
            }
        }
        return false;
    }

    private static int inletMask(OutputFrame out, int chambers) {
        int m = 0;
        for (int i = 0; i < chambers; i++) {
            m |= out.inletOpen(i) ? 1 << i : 0;
        }
        return m;
    }

    /** Whether a chamber being fed has risen since the pump came on (smoothed; NaN readings never have). */
    private boolean fedRose(OutputFrame out) {
        for (int i = 0; i < smooth.length; i++) {
            if (out.inletOpen(i) && smooth[i] - atPumpOn[i] >= PUMP_ON_CHAMBER_RISE_MMHG) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyInlet(OutputFrame out, int chambers) {
        for (int i = 0; i < chambers; i++) {
            if (out.inletOpen(i)) {
                return true;
            }
        }
        return false;
    }
}
