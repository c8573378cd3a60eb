package dev.quietlegs.firmware.safety;

/**
 * The supervisor's limits. The compiled-in ceiling bounds all of them: configuration can lower a
 * limit, never raise it past what the code allows.
 *
 * @param maxMmHg        no chamber is filled at or above this
 * @param marginMmHg     a reading this far above the limit, or above the chamber's target, trips
 * @param inflatedS      longest time any chamber may stay above 15 mmHg (IEC 80601-2-30: 180 s)
 * @param maxSessionS    longest a session may last, pauses included, whatever the commands say
 * @param watchdogS      a loop that has not ticked for this long is stalled
 */
public record Limits(double maxMmHg, double marginMmHg, double inflatedS, double maxSessionS, double watchdogS) {

    /** The absolute ceiling of any chamber, compiled in. */
    public static final double CEILING_MMHG = 80.0;
    /** Above this a chamber counts as inflated for the time limit (IEC 80601-2-30). */
    public static final double INFLATED_MMHG = 15.0;
    /** Longest any session may last, compiled in. */
    public static final double CEILING_SESSION_S = 120 * 60;
    /** The largest margin above a target or the limit, compiled in. */
    public static final double CEILING_MARGIN_MMHG = 20;
    /** The longest the watchdog may wait for a tick, compiled in. */
    public static final double CEILING_WATCHDOG_S = 2;
    /** Longest any chamber may stay inflated, compiled in (IEC allows 180 s). */
    public static final double CEILING_INFLATED_S = 170;

    public Limits {
        if (!(maxMmHg > 0 && maxMmHg <= CEILING_MMHG)) {
            throw new IllegalArgumentException("max " + maxMmHg + " mmHg is not within the ceiling " + CEILING_MMHG);
        }
        if (!(inflatedS > 0 && inflatedS <= CEILING_INFLATED_S)) {
            throw new IllegalArgumentException("inflated limit " + inflatedS + " s is not within " + CEILING_INFLATED_S);
        }
        if (!(maxSessionS > 0 && maxSessionS <= CEILING_SESSION_S)) {
            throw new IllegalArgumentException("session limit " + maxSessionS + " s is not within " + CEILING_SESSION_S);
        }
        // A NaN margin would make the trip level NaN and switch the overpressure trip off.
        if (!(marginMmHg >= 0 && marginMmHg <= CEILING_MARGIN_MMHG)) {
            throw new IllegalArgumentException("margin " + marginMmHg + " mmHg is not within 0 to " + CEILING_MARGIN_MMHG);
        }
        if (!(watchdogS > 0 && watchdogS <= CEILING_WATCHDOG_S)) {
            throw new IllegalArgumentException("watchdog " + watchdogS + " s is not within 0 to " + CEILING_WATCHDOG_S);
        }
    }

    /** Any reading above this trips, whatever the target. */
    public double tripMmHg() {
        return Math.min(CEILING_MMHG, maxMmHg + marginMmHg);
    }
}
