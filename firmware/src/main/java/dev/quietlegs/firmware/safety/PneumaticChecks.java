package dev.quietlegs.firmware.safety;

import dev.quietlegs.hardware.port.OutputFrame;

/**
 * Effort must produce progress, and nothing may move by itself (Klipper's {@code verify_heater},
 * Kendall's "no garment" alarm): a chamber being filled rises; a chamber being vented falls; a
 * chamber with its inlet closed does not rise; a held chamber does not need topping up again and
 * again; the manifold rises when the pump runs and stays empty when it does not.
 */
final class PneumaticChecks {

    /** A filled chamber must rise at least this much in every second, until near its target. */
    static final double MIN_RISE_MMHG = 1.0;
    static final long RISE_WINDOW_NANOS = 1_000_000_000L;
    /** A vented chamber above {@link #FALL_CHECK_MMHG} must lose this fraction in the first second. */
    static final double MIN_FALL_FRACTION = 0.3;
    static final double FALL_CHECK_MMHG = 10;
    static final long FALL_WINDOW_NANOS = 1_000_000_000L;
    /** A chamber open to the room this long must read within {@link #ZERO_BAND_MMHG} of zero. */
    static final long VENTED_NANOS = 3_000_000_000L;
    static final double ZERO_BAND_MMHG = 4;
    /** Falling more than this in the last second, a vented chamber is venting, slowly. */
    static final double STILL_FALLING_MMHG = 0.5;
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
    /** A held chamber (both valves closed) may lose at most this much in a second (seams: ~0.1). */
    static final double HELD_MAX_LOSS_MMHG = 2.0;
    static final long HELD_WINDOW_NANOS = 1_000_000_000L;
    /**
     * A chamber fed this long in one cycle while already within {@link #NEAR_TARGET_MMHG} of its
     * target does not get there: it loses air as fast as it gets it, or none gets in. A tight chamber
     * needs well under 0.5 s.
     */
    static final long NEAR_TARGET_FEED_NANOS = 1_500_000_000L;
    static final double NEAR_TARGET_MMHG = 2;
    /** The pump off and the main vent open, yet the manifold above this: the pump is running. */
    static final double PUMP_OFF_MAX_MMHG = 8;
    static final long PUMP_OFF_NANOS = 300_000_000L;
    /** The pump on with the main vent closed, yet the manifold below this: it does not pump. */
    static final double PUMP_ON_MIN_MMHG = 3;
    static final long PUMP_ON_NANOS = 500_000_000L;

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
    private final boolean[] wasHeld;
    private final long[] heldStart;
    private final double[] heldStartP;
    private long last = Long.MIN_VALUE;
    private long pumpOffSince = Long.MIN_VALUE;
    private double manifoldAtOff;
    private long pumpOnSince = Long.MIN_VALUE;

    PneumaticChecks(int chambers, Trip trip) {
        this.trip = trip;
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
        this.wasHeld = new boolean[chambers];
        this.heldStart = new long[chambers];
        this.heldStartP = new double[chambers];
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
        for (int i = 0; i < p.length; i++) {
            double v = p[i];
            if (Double.isNaN(v)) {
                continue;
            }
            double target = targets[i];
            nearTargetFeed(i, now, dt, v, target, out.inletOpen(i) && out.pump() > 0);
            filling(i, now, v, target, filling(out, i));
            venting(i, now, v, venting(out, i));
            held(i, now, v, !out.inletOpen(i) && !out.exhaustOpen(i));
            inlet(i, now, v, target, out.inletOpen(i), out.exhaustOpen(i));
        }
        pump(now, manifold, out);
    }

    private void filling(int i, long now, double v, double target, boolean filling) {
        if (filling && !wasFilling[i]) {
            windowStart[i] = now;
            windowP[i] = v;
        } else if (filling && now - windowStart[i] >= RISE_WINDOW_NANOS) {
            if (v - windowP[i] < MIN_RISE_MMHG && (target <= 0 || v < target - 2)) {
                trip.trip(FaultCode.NO_RISE, i, now, v - windowP[i]);
            }
            windowStart[i] = now;
            windowP[i] = v;
        }
        wasFilling[i] = filling;
    }

    private void held(int i, long now, double v, boolean held) {
        if (held && !wasHeld[i]) {
            heldStart[i] = now;
            heldStartP[i] = v;
        } else if (held && now - heldStart[i] >= HELD_WINDOW_NANOS) {
            if (heldStartP[i] - v > HELD_MAX_LOSS_MMHG) {
                trip.trip(FaultCode.LEAK, i, now, heldStartP[i] - v);
            }
            heldStart[i] = now;
            heldStartP[i] = v;
        }
        wasHeld[i] = held;
    }

    private void nearTargetFeed(int i, long now, long dt, double v, double target, boolean fed) {
        if (target <= 0) {
            fillNanos[i] = 0;
        } else if (fed && v >= target - NEAR_TARGET_MMHG) {
            fillNanos[i] += dt;
            if (fillNanos[i] > NEAR_TARGET_FEED_NANOS) {
                trip.trip(FaultCode.NO_RISE, i, now, fillNanos[i] * 1e-9);
            }
        }
    }

    private void venting(int i, long now, double v, boolean venting) {
        if (venting && !wasVenting[i]) {
            ventSince[i] = now;
            ventStart[i] = now;
            ventStartP[i] = v;
        } else if (venting && now - ventStart[i] >= FALL_WINDOW_NANOS) {
            if (v > FALL_CHECK_MMHG && v > (1 - MIN_FALL_FRACTION) * ventStartP[i]) {
                trip.trip(FaultCode.NO_FALL, i, now, v);
            }
            if (now - ventSince[i] >= VENTED_NANOS && Math.abs(v) > ZERO_BAND_MMHG) {
                // Open to the room this long, a chamber reads zero. Still falling: the air leaves
                // too slowly. Not falling: the sensor is wrong.
                boolean falling = v > 0 && ventStartP[i] - v > STILL_FALLING_MMHG;
                trip.trip(falling ? FaultCode.NO_FALL : FaultCode.SENSOR_DRIFT, i, now, v);
            }
            ventStart[i] = now;
            ventStartP[i] = v;
        }
        wasVenting[i] = venting;
    }

    private void inlet(int i, long now, double v, double target, boolean open, boolean vented) {
        if (open) {
            if (!wasInletOpen[i] && target > 0) {
                long[] ring = topUps[i];
                ring[topUpNext[i]] = now;
                topUpNext[i] = (topUpNext[i] + 1) % ring.length;
                long oldest = ring[topUpNext[i]];
                if (oldest != Long.MIN_VALUE && now - oldest <= LEAK_WINDOW_NANOS) {
                    trip.trip(FaultCode.LEAK, i, now, LEAK_TOP_UPS);
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
                    trip.trip(FaultCode.UNCOMMANDED_RISE, i, now, v - closedMin[i]);
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

    private void pump(long now, double manifold, OutputFrame out) {
        if (Double.isNaN(manifold)) {
            return;
        }
        if (out.pump() == 0 && out.ventOpen()) {
            if (pumpOffSince == Long.MIN_VALUE) {
                pumpOffSince = now;
                manifoldAtOff = manifold;
            } else if (now - pumpOffSince >= PUMP_OFF_NANOS && manifold > PUMP_OFF_MAX_MMHG) {
                // Air still in and unmoved: the vent does not open. Rising, or held up against an
                // open vent: the pump still runs.
                boolean held = manifold <= manifoldAtOff + PUMP_ON_MIN_MMHG && manifold > 0.8 * manifoldAtOff;
                trip.trip(held ? FaultCode.VENT_STUCK : FaultCode.PUMP_STUCK_ON, -1, now, manifold);
            }
        } else {
            pumpOffSince = Long.MIN_VALUE;
        }
        if (out.pump() >= 0.3 && !out.ventOpen()) {
            if (pumpOnSince == Long.MIN_VALUE) {
                pumpOnSince = now;
            } else if (now - pumpOnSince >= PUMP_ON_NANOS && manifold < PUMP_ON_MIN_MMHG) {
                trip.trip(FaultCode.PUMP_NO_PROGRESS, -1, now, manifold);
            }
        } else {
            pumpOnSince = Long.MIN_VALUE;
        }
    }
}
