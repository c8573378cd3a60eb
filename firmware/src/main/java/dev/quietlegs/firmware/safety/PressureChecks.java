package dev.quietlegs.firmware.safety;

/**
 * Hard limits on pressure and time: the absolute trip, the trip above a chamber's target, the
 * time any chamber spends above 15 mmHg, and the length of a session.
 */
final class PressureChecks {

    /** After a target is lowered, the trip level follows it down this fast. */
    private static final double TRIP_DECAY_MMHG_PER_S = 10;

    private final Limits limits;
    private final Trip trip;
    private final long[] inflatedSince;
    private final double[] allowed;
    private long sessionSince = Long.MIN_VALUE;
    private long last = Long.MIN_VALUE;

    PressureChecks(int chambers, Limits limits, Trip trip) {
        this.limits = limits;
        this.trip = trip;
        this.inflatedSince = new long[chambers];
        this.allowed = new double[chambers];
        reset();
    }

    void reset() {
        java.util.Arrays.fill(inflatedSince, Long.MIN_VALUE);
        java.util.Arrays.fill(allowed, Double.POSITIVE_INFINITY);
    }

    void sessionActive(boolean active, long now) {
        if (!active) {
            sessionSince = Long.MIN_VALUE;
        } else if (sessionSince == Long.MIN_VALUE) {
            sessionSince = now;
        }
    }

    void check(long now, double[] p, double[] targets) {
        double dt = last == Long.MIN_VALUE ? 0 : (now - last) * 1e-9;
        last = now;
        for (int i = 0; i < p.length; i++) {
            double v = p[i];
            if (Double.isNaN(v)) {
                continue;
            }
            if (v > limits.tripMmHg()) {
                trip.trip(FaultCode.OVERPRESSURE, i, now, v);
            }
            double target = targets[i];
            if (target > 0) {
                double floor = target + limits.marginMmHg();
                allowed[i] = Double.isInfinite(allowed[i]) ? floor
                        : Math.max(floor, allowed[i] - TRIP_DECAY_MMHG_PER_S * dt);
                if (v > allowed[i]) {
                    trip.trip(FaultCode.OVERPRESSURE, i, now, v);
                }
            } else {
                allowed[i] = Double.POSITIVE_INFINITY; // a released chamber is the venting check's
            }
            if (v > Limits.INFLATED_MMHG) {
                if (inflatedSince[i] == Long.MIN_VALUE) {
                    inflatedSince[i] = now;
                } else if (now - inflatedSince[i] > (long) (limits.inflatedS() * 1e9)) {
                    trip.trip(FaultCode.INFLATED_TOO_LONG, i, now, limits.inflatedS());
                }
            } else {
                inflatedSince[i] = Long.MIN_VALUE;
            }
        }
        if (sessionSince != Long.MIN_VALUE && now - sessionSince > (long) (limits.maxSessionS() * 1e9)) {
            trip.trip(FaultCode.SESSION_TOO_LONG, -1, now, limits.maxSessionS());
        }
    }
}
