package dev.quietlegs.firmware.journal;

import java.time.Instant;
import java.util.Locale;

/**
 * One session as the journal keeps it: written when it starts, updated as it goes, finished when
 * it ends. Durations come from the monotonic clock; {@code startedAt} from the wall clock, which
 * {@code clockSynced} says could be trusted ({@code null}: could not be told).
 *
 * @param durationS  start to end (or to the last update, while under way)
 * @param deliveredS therapy time: running and tapering, pauses not counted
 * @param stoppedBy  who stopped it (console, button, mqtt, …), or {@code null}
 * @param faultCode  the fault that ended it, or {@code null}
 * @param selfTest   passed, failed or not-run
 */
public record SessionRecord(long id, Instant startedAt, Boolean clockSynced, String boot, long startMonoNanos,
                            String program, double plannedS, double durationS, double deliveredS, int pauses,
                            Outcome outcome, String stoppedBy, String faultCode, String reason, String selfTest,
                            int vibration, int intensity) {

    /** How a session ended. */
    public enum Outcome {
        IN_PROGRESS, DONE, STOPPED, FAULT, NOT_STARTED, INTERRUPTED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Outcome fromWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public Instant endedAt() {
        return startedAt.plusMillis(Math.round(durationS * 1000));
    }

    public double deliveredMinutes() {
        return deliveredS / 60;
    }

    /** The whole program ran. */
    public boolean complete() {
        return outcome == Outcome.DONE;
    }

    SessionRecord withId(long newId) {
        return new SessionRecord(newId, startedAt, clockSynced, boot, startMonoNanos, program, plannedS, durationS,
                deliveredS, pauses, outcome, stoppedBy, faultCode, reason, selfTest, vibration, intensity);
    }
}
