package dev.quietlegs.firmware.journal;

import dev.quietlegs.firmware.config.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The reminder before the usual onset: the trials applied compression for at least an hour before
 * the symptoms usually began, so a person is reminded the schedule's lead time ({@link #LEAD} by
 * default) before their usual onset: the schedule's, or the median of their last 14 reports (3 at
 * least). Once a night, only with a synchronised clock, not once a session has started that night,
 * and never after the usual onset itself.
 */
public final class Reminder {

    public static final Duration LEAD = Duration.ofHours(1);
    static final int MIN_REPORTS = 3;

    private final ZoneId zone;
    private final Schedule schedule;
    private LocalDate remindedFor;

    public Reminder(ZoneId zone) {
        this(zone, Schedule.defaults());
    }

    public Reminder(ZoneId zone, Schedule schedule) {
        this.zone = zone;
        this.schedule = schedule;
    }

    /**
     * Tonight's window from the lead time before the usual onset until the onset, as {start, end};
     * null when the onset is learnt and too few reports were made.
     */
    static Instant[] window(Schedule schedule, List<DiaryEntry> diary, LocalDate tonight, ZoneId zone) {
        LocalTime onset = schedule.onset() != null ? schedule.onset() : usualOnset(diary, tonight, zone);
        if (onset == null) {
            return null;
        }
        LocalDateTime onsetAt = onset.isBefore(LocalTime.NOON) ? tonight.plusDays(1).atTime(onset) : tonight.atTime(onset);
        Instant end = onsetAt.atZone(zone).toInstant();
        return new Instant[] {end.minus(schedule.lead()), end};
    }

    /** The usual onset from the last 14 nights' reports before {@code tonight}, or null with fewer than 3. */
    static LocalTime usualOnset(List<DiaryEntry> diary, LocalDate tonight, ZoneId zone) {
        List<Integer> sinceNoon = new ArrayList<>();
        for (DiaryEntry e : diary) {
            if (e.onset() == null) {
                continue;
            }
            long ago = tonight.toEpochDay() - Adherence.night(e, zone).toEpochDay();
            if (ago >= 1 && ago <= 14) {
                sinceNoon.add(Math.floorMod(e.onset().getHour() * 60 + e.onset().getMinute() - 720, 1440));
            }
        }
        if (sinceNoon.size() < MIN_REPORTS) {
            return null;
        }
        sinceNoon.sort(null);
        int n = sinceNoon.size();
        int median = n % 2 == 1 ? sinceNoon.get(n / 2) : (sinceNoon.get(n / 2 - 1) + sinceNoon.get(n / 2)) / 2;
        return LocalTime.NOON.plusMinutes(median);
    }

    /**
     * Called now and then (every minute will do): the reminder's words when one is due now, else
     * null. Due from {@link #LEAD} before the usual onset until the onset, once a night.
     */
    public String check(Instant now, Boolean synced, List<SessionRecord> sessions, List<DiaryEntry> diary) {
        if (!Boolean.TRUE.equals(synced)) {
            return null; // the wall clock may be hours off: better no reminder than one at 3 am
        }
        LocalDate tonight = Adherence.night(now, zone);
        if (tonight.equals(remindedFor)) {
            return null;
        }
        Instant[] window = schedule.remind() ? window(schedule, diary, tonight, zone) : null;
        if (window == null || now.isBefore(window[0]) || !now.isBefore(window[1])) {
            return null;
        }
        LocalTime onset = LocalTime.ofInstant(window[1], zone);
        for (SessionRecord s : sessions) {
            if (Adherence.night(s.startedAt(), zone).equals(tonight)) {
                return null; // tonight's session has begun already
            }
        }
        remindedFor = tonight;
        long lead = schedule.lead().toMinutes();
        return "your legs usually get restless around " + onset + ": a session now gives them "
                + (lead == 60 ? "an hour's" : lead + " minutes'") + " start";
    }
}
