package dev.quietlegs.firmware.safety;

/**
 * Is each reading believable? Readable; inside what a gauge sensor on a cuff can show; not
 * jumping faster than air can move; changing while its chamber is filled. (Whether a vented
 * chamber reads zero is judged with the pneumatics, which know whether it is still falling.)
 */
final class SensorChecks {

    /** Lowest believable gauge reading: the cuff cannot be below room pressure. */
    static final double MIN_MMHG = -5;
    /** Highest believable reading (an MPX5050GP reads to 375 mmHg; the relief opens far below). */
    static final double MAX_MMHG = 300;
    /** Fastest a chamber's pressure can change (a small full chamber venting): mmHg/s. */
    static final double MAX_SLEW_MMHG_PER_S = 150;
    /** Noise a good reading may add on top of the slew from one tick to the next. */
    static final double JUMP_ALLOWANCE_MMHG = 3;
    /** A reading identical for this long while its chamber is filled is stuck. */
    static final long STUCK_NANOS = 500_000_000L;

    private final Trip trip;
    private final double[] previous;
    /** When each reading last changed, for the jump allowance (its first reading is judged by nothing). */
    private final long[] changedAt;
    /** Since when each reading has been the same while its chamber was filled. */
    private final long[] stuckSince;
    private long last = Long.MIN_VALUE;

    SensorChecks(int chambers, Trip trip) {
        this.trip = trip;
        this.previous = new double[chambers];
        this.changedAt = new long[chambers];
        this.stuckSince = new long[chambers];
        java.util.Arrays.fill(previous, Double.NaN);
    }

    void check(long now, double[] p, double manifold, dev.quietlegs.hardware.port.OutputFrame out) {
        double dt = last == Long.MIN_VALUE ? Double.NaN : (now - last) * 1e-9;
        last = now;
        if (Double.isNaN(manifold)) {
            trip.trip(FaultCode.SENSOR_UNREADABLE, -1, now, manifold);
        }
        for (int i = 0; i < p.length; i++) {
            double v = p[i];
            if (Double.isNaN(v)) {
                trip.trip(FaultCode.SENSOR_UNREADABLE, i, now, v);
                continue;
            }
            if (v < MIN_MMHG || v > MAX_MMHG) {
                trip.trip(FaultCode.SENSOR_OUT_OF_RANGE, i, now, v);
            }
            double before = previous[i];
            // A sensor read round-robin (an ADS1115 converts one input at a time) changes only
            // every few ticks: the air had all the time since its last change to move.
            double since = Math.max(dt, (now - changedAt[i]) * 1e-9);
            if (Math.abs(v - before) > MAX_SLEW_MMHG_PER_S * since + JUMP_ALLOWANCE_MMHG) {
                trip.trip(FaultCode.SENSOR_JUMP, i, now, v - before); // false on the first reading: NaN
            }
            if (v != before) {
                changedAt[i] = now;
            }
            // Stuck counts while filled, and while vented from above 10 mmHg (the air leaves fast
            // there): a steady reading of an empty or held chamber is no fault.
            boolean moving = PneumaticChecks.filling(out, i)
                    || PneumaticChecks.venting(out, i) && v > PneumaticChecks.FALL_CHECK_MMHG;
            if (v != before || !moving) {
                stuckSince[i] = now;
            } else if (now - stuckSince[i] >= STUCK_NANOS) {
                trip.trip(FaultCode.SENSOR_STUCK, i, now, v);
            }
            previous[i] = v;
        }
    }
}
