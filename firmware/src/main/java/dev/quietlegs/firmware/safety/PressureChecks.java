package dev.quietlegs.firmware.safety;

/**
 * Hard limits on pressure and time: the absolute trip, the trip above a chamber's target, the
 * time any chamber spends above 15 mmHg, and the length of a session. The time above 15 mmHg is
 * held to the shorter of the configured limit and what the running program itself allows (its
 * longest hold plus a slack), so a session that stops progressing is caught by its own timing,
 * from outside the session's code; a start that never begins the therapy likewise.
 */
final class PressureChecks {

    /** After a target is lowered, the trip level follows it down this fast. */
    private static final double TRIP_DECAY_MMHG_PER_S = 10;
    /** Beyond a self-test at its slowest, a start may take this long (venting first, commands). */
    static final double START_SLACK_S = 30;
    /** Longest the program's clock may stand still while the therapy is delivered. */
    static final double STILL_LIMIT_S = 2;

    private final Limits limits;
    /** Beyond what a program holds a chamber: filling to 15 mmHg, and venting below it on this build. */
    private final double progressSlackS;
    /** Longest a start (venting, then the self-test) may take before the therapy begins. */
    private final double startLimitS;
    private final Trip trip;
    private final long[] inflatedSince;
    private final double[] allowed;
    private long sessionSince = Long.MIN_VALUE;
    private long startingSince = Long.MIN_VALUE;
    private long inflatedLimitNanos;
    private double progressS = Double.NaN;
    private long progressSince = Long.MIN_VALUE;
    private boolean programBound;
    private long last = Long.MIN_VALUE;

    PressureChecks(int chambers, Limits limits, Trip trip) {
        this(limits, Thresholds.envelope(chambers), trip);
    }

    PressureChecks(Limits limits, Thresholds expect, Trip trip) {
        int chambers = expect.chambers();
        this.limits = limits;
        this.progressSlackS = expect.releaseS();
        this.startLimitS = expect.selfTestS(java.util.stream.IntStream.range(0, chambers).toArray()) + START_SLACK_S;
        this.trip = trip;
        this.inflatedSince = new long[chambers];
        this.allowed = new double[chambers];
        this.inflatedLimitNanos = (long) (limits.inflatedS() * 1e9);
        reset();
    }

    void reset() {
        java.util.Arrays.fill(inflatedSince, Long.MIN_VALUE);
        java.util.Arrays.fill(allowed, Double.POSITIVE_INFINITY);
    }

    /**
     * @param heldS the longest the program holds any chamber inflated in one cycle (0 when it
     *              inflates none), while a session is active; ignored otherwise
     * @param delivering whether the therapy is being delivered (running, tapering): its clock must move
     * @param programS the session's own clock, in seconds of therapy
     */
    void session(boolean active, boolean starting, double heldS, boolean delivering, double programS, long now) {
        if (!delivering || programS != progressS) {
            progressS = programS;
            progressSince = now;
        } else if (now - progressSince > (long) (STILL_LIMIT_S * 1e9)) {
            trip.trip(FaultCode.SESSION_STUCK, -1, now, (now - progressSince) * 1e-9);
        }
        if (!active) {
            sessionSince = Long.MIN_VALUE;
        } else if (sessionSince == Long.MIN_VALUE) {
            sessionSince = now;
        }
        if (!starting) {
            startingSince = Long.MIN_VALUE;
        } else if (startingSince == Long.MIN_VALUE) {
            startingSince = now;
        }
        // Idle or starting, nothing should be above 15 mmHg for longer than the slack either.
        double bound = (active && !starting ? heldS : 0) + progressSlackS;
        programBound = bound < limits.inflatedS();
        inflatedLimitNanos = (long) (Math.min(bound, limits.inflatedS()) * 1e9);
    }

    void check(long now, double[] p, double[] targets) {
        check(now, p, targets, null);
    }

    /**
     * @param out what the outputs were told, or null: a chamber over its trip level while its inlet
     *            was told open on a running pump is being fed by the firmware past its target
     */
    void check(long now, double[] p, double[] targets, dev.quietlegs.hardware.port.OutputFrame out) {
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
                    boolean fed = out != null && out.inletOpen(i) && out.pump() > 0;
                    trip.trip(FaultCode.OVERPRESSURE, i, now, v, fed
                            ? Cause.list(Cause.FIRMWARE, Cause.CHAMBER_SENSOR) : Cause.of(FaultCode.OVERPRESSURE, i, v));
                }
            } else {
                allowed[i] = Double.POSITIVE_INFINITY; // a released chamber is the venting check's
            }
            if (v > Limits.INFLATED_MMHG) {
                if (inflatedSince[i] == Long.MIN_VALUE) {
                    inflatedSince[i] = now;
                } else if (now - inflatedSince[i] > inflatedLimitNanos) {
                    trip.trip(programBound ? FaultCode.SESSION_STUCK : FaultCode.INFLATED_TOO_LONG, i, now,
                            inflatedLimitNanos * 1e-9);
                }
            } else {
                inflatedSince[i] = Long.MIN_VALUE;
            }
        }
        if (sessionSince != Long.MIN_VALUE && now - sessionSince > (long) (limits.maxSessionS() * 1e9)) {
            trip.trip(FaultCode.SESSION_TOO_LONG, -1, now, limits.maxSessionS());
        }
        if (startingSince != Long.MIN_VALUE && now - startingSince > (long) (startLimitS * 1e9)) {
            trip.trip(FaultCode.SESSION_STUCK, -1, now, startLimitS);
        }
    }
}
