package dev.quietlegs.firmware.config;

import java.time.Duration;
import java.time.LocalTime;

/**
 * The person's evening, from {@code config/schedule.yaml}: when their symptoms usually begin, how
 * long before it they are reminded, and whether the unit may start a session by itself then.
 *
 * @param onset     the usual onset, or {@code null}: learnt from the diary's reports
 * @param lead      how long before the onset the reminder (and the auto-start) comes
 * @param remind    whether to remind at all
 * @param autoStart whether to start {@code program} by itself at the reminder (off by default)
 * @param program   the program to start, or {@code null}: the unit's default
 */
public record Schedule(LocalTime onset, Duration lead, boolean remind, boolean autoStart, String program) {

    public static final Duration DEFAULT_LEAD = Duration.ofMinutes(60);

    /** No file: reminded an hour before the onset learnt from the diary, never started by itself. */
    public static Schedule defaults() {
        return new Schedule(null, DEFAULT_LEAD, true, false, null);
    }
}
