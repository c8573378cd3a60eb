package dev.quietlegs.firmware.safety;

import dev.quietlegs.hardware.port.OutputFrame;

/**
 * The manifold's sensor is the second opinion on every chamber: air flows downhill, so a chamber
 * fed through its open inlet, with the main vent shut, can never be above the manifold that feeds
 * it. A chamber that reads above it means one of the two sensors lies; and since the gate keeps
 * the manifold below each fed chamber's target plus the margin, a chamber sensor that reads low
 * cannot lead the pump past that; where the gate has slowed the pump at that cap, little air
 * flows and the two must read alike. So the manifold's own reading is judged too: believable, not
 * stuck while the pump runs, never above the ceiling.
 */
final class ManifoldChecks {

    /** A fed chamber may read this much above its manifold (two sensors' tolerances together). */
    static final double DISAGREE_MMHG = 5;
    /**
     * ... for this long in all, counted while fed, so that a noisy sample or the instant an inlet
     * opens is no fault but an inlet that keeps closing and opening again cannot hide one.
     */
    static final long DISAGREE_NANOS = 200_000_000L;
    /**
     * Fed with the pump slowed below this (only the gate slows it so far, at the manifold's cap:
     * the regulator's least is 0.35), little air flows, even from the strongest pump of the
     * envelope through the narrowest inlet: the two read alike.
     */
    static final double SETTLED_PUMP = 0.15;
    static final long SETTLED_NANOS = 300_000_000L;
    /** How alike: this much, plus {@link #SETTLED_FRACTION} of the manifold's reading. */
    static final double SETTLED_MMHG = 6;
    static final double SETTLED_FRACTION = 0.15;
    /** A manifold reading identical this long while the pump runs is stuck. */
    static final long STUCK_NANOS = 500_000_000L;

    private final Trip trip;
    private final long[] aboveNanos;
    private final long[] settledNanos;
    /** Each chamber's reading as it began to be fed, and as its settled stretch began. */
    private final double[] fedStartP;
    private final double[] settleStartP;
    private double previous = Double.NaN;
    private long sameSince = Long.MIN_VALUE;
    private long last = Long.MIN_VALUE;
    /** The pump's duty, smoothed over {@link #DUTY_FILTER_NANOS}: the gate's cap makes it jitter. */
    private double duty;
    static final double DUTY_FILTER_NANOS = 150e6;

    ManifoldChecks(int chambers, Trip trip) {
        this.trip = trip;
        this.aboveNanos = new long[chambers];
        this.settledNanos = new long[chambers];
        this.fedStartP = new double[chambers];
        this.settleStartP = new double[chambers];
        java.util.Arrays.fill(fedStartP, Double.NaN);
    }

    /**
     * Settled, yet the chamber reads well off its manifold. Above it: one of the two sensors. Below
     * it and no higher than when its feeding began: no air gets in (its inlet, a kink shut). Below
     * and still climbing: air gets in slowly (a kink, an inlet opening partly). Below, risen and now
     * still: it holds what it got, so one of the two sensors reads wrong.
     */
    private java.util.List<Cause> settledCauses(int i, double p, double manifold) {
        if (p > manifold) {
            return Cause.of(FaultCode.SENSOR_DISAGREE, i, 1);
        }
        if (p - fedStartP[i] < NO_AIR_IN_MMHG) {
            return Cause.list(Cause.INLET_VALVE, Cause.HOSE_KINKED);
        }
        return p - settleStartP[i] > STILL_CLIMBING_MMHG ? Cause.list(Cause.HOSE_KINKED, Cause.INLET_VALVE)
                : Cause.list(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR);
    }

    /** A fed chamber that rose less than this since its feeding began got no air. */
    static final double NO_AIR_IN_MMHG = 1;
    /** Rising more than this over its settled stretch, air still gets in. */
    static final double STILL_CLIMBING_MMHG = 0.2;

    void check(long now, double[] p, double manifold, OutputFrame out) {
        long dt = last == Long.MIN_VALUE ? 0 : now - last;
        last = now;
        duty += (out.pump() - duty) * (dt / (DUTY_FILTER_NANOS + dt));
        if (Double.isNaN(manifold)) {
            return; // unreadable: the sensor checks' business
        }
        if (manifold < SensorChecks.MIN_MMHG || manifold > SensorChecks.MAX_MMHG) {
            trip.trip(FaultCode.SENSOR_OUT_OF_RANGE, -1, now, manifold);
        }
        if (manifold > Limits.CEILING_MMHG) {
            trip.trip(FaultCode.OVERPRESSURE, -1, now, manifold);
        }
        boolean pumping = out.pump() >= 0.3 && !out.ventOpen();
        if (manifold != previous || !pumping) {
            sameSince = now;
        } else if (now - sameSince >= STUCK_NANOS) {
            trip.trip(FaultCode.SENSOR_STUCK, -1, now, manifold);
        }
        previous = manifold;
        for (int i = 0; i < p.length; i++) {
            if (!(out.inletOpen(i) && !out.ventOpen()) || Double.isNaN(p[i])) {
                settledNanos[i] = 0;
                fedStartP[i] = Double.NaN;
                continue; // not fed: what was seen while fed stands
            }
            if (Double.isNaN(fedStartP[i])) {
                fedStartP[i] = p[i];
            }
            if (p[i] > manifold + DISAGREE_MMHG) {
                aboveNanos[i] += dt;
                if (aboveNanos[i] >= DISAGREE_NANOS) {
                    trip.trip(FaultCode.SENSOR_DISAGREE, i, now, p[i] - manifold);
                }
            } else {
                aboveNanos[i] = 0;
            }
            if (settledNanos[i] == 0) {
                settleStartP[i] = p[i];
            }
            settledNanos[i] = duty < SETTLED_PUMP ? settledNanos[i] + dt : 0;
            if (settledNanos[i] >= SETTLED_NANOS
                    && Math.abs(p[i] - manifold) > SETTLED_MMHG + SETTLED_FRACTION * Math.abs(manifold)) {
                trip.trip(FaultCode.SENSOR_DISAGREE, i, now, p[i] - manifold, settledCauses(i, p[i], manifold));
            }
        }
    }
}
