package dev.quietlegs.firmware.journal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adherence and trends from the journal. A night runs from noon to noon, so a session after
 * midnight counts for the evening before; a morning's diary entry is about the night before it.
 * The shares count only nights since the journal's first one (a unit set up three days ago is not
 * at 3 of 7). Information for the person and their clinician, never advice on medication.
 */
public final class Adherence {

    /** Onset this much earlier, week on week, is worth mentioning to a clinician. */
    static final int ONSET_SHIFT_MIN = 120;
    public static final String ONSET_NOTE = "symptoms are starting earlier: worth mentioning to your clinician";

    /** What a night must have: a whole program (the default), or at least this many minutes of therapy. */
    public record Target(Double minutes) {
        public static final Target WHOLE_PROGRAM = new Target(null);

        boolean met(double nightMinutes, boolean anyComplete) {
            return minutes == null ? anyComplete : nightMinutes >= minutes - 1e-9;
        }

        public String describe() {
            return minutes == null ? "one whole program" : Math.round(minutes) + " minutes of therapy";
        }
    }

    /** One night: its therapy and what the diary says of it. */
    public record Night(LocalDate date, double minutes, int sessions, boolean met, Integer before, Integer after,
                        Integer sleep, Integer falling, Integer night, LocalTime onset, Integer irls) {
    }

    /**
     * @param tonight       the night now is in
     * @param share7        share of the last 7 nights (last night back) that met the target, or null with none
     * @param onsetShiftMin how much earlier (minutes) the onset was over the last week than the week before, or null
     * @param note          the gentle note, or null
     */
    public record Stats(LocalDate tonight, Target target, double lastNightMinutes, double tonightMinutes,
                        Double share7, Double share30, int nights7, int nights30, int streak, int bestStreak,
                        Night lastRatings, Double onsetShiftMin, String note, List<Night> nights) {
    }

    private Adherence() {
    }

    /** The night an instant belongs to: noon to noon, in the unit's zone. */
    public static LocalDate night(Instant at, ZoneId zone) {
        LocalDateTime t = LocalDateTime.ofInstant(at, zone);
        return t.toLocalTime().isBefore(LocalTime.NOON) ? t.toLocalDate().minusDays(1) : t.toLocalDate();
    }

    /** The night a diary entry is about: a morning's is the one before the day it was written. */
    static LocalDate night(DiaryEntry e, ZoneId zone) {
        return e.kind() == DiaryEntry.Kind.MORNING ? LocalDateTime.ofInstant(e.at(), zone).toLocalDate().minusDays(1)
                : night(e.at(), zone);
    }

    /** Every night from the journal's first to tonight, oldest first. */
    public static List<Night> nights(List<SessionRecord> sessions, List<DiaryEntry> diary, Target target, Instant now,
                                     ZoneId zone) {
        Map<LocalDate, double[]> minutes = new TreeMap<>();
        Map<LocalDate, Boolean> complete = new TreeMap<>();
        Map<LocalDate, Integer> count = new TreeMap<>();
        for (SessionRecord s : sessions) {
            LocalDate n = night(s.startedAt(), zone);
            minutes.computeIfAbsent(n, k -> new double[1])[0] += s.deliveredMinutes();
            complete.merge(n, s.complete(), Boolean::logicalOr);
            count.merge(n, 1, Integer::sum);
        }
        Map<LocalDate, Integer[]> ratings = new TreeMap<>();
        Map<LocalDate, LocalTime> onsets = new TreeMap<>();
        for (DiaryEntry e : diary) {
            LocalDate n = night(e, zone);
            Integer[] r = ratings.computeIfAbsent(n, k -> new Integer[6]);
            switch (e.kind()) {
                case BEFORE -> r[0] = r[0] == null ? e.restless() : r[0]; // the first before the evening's session
                case AFTER -> r[1] = e.restless(); // the last after
                case MORNING -> {
                    r[2] = e.sleep();
                    r[3] = e.falling();
                    r[4] = e.night();
                    if (e.onset() != null) {
                        onsets.put(n, e.onset());
                    }
                }
                case IRLS -> r[5] = e.irls();
            }
        }
        LocalDate tonight = night(now, zone);
        LocalDate first = tonight;
        for (LocalDate d : minutes.keySet()) {
            first = d.isBefore(first) ? d : first;
        }
        for (LocalDate d : ratings.keySet()) {
            first = d.isBefore(first) ? d : first;
        }
        List<Night> out = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(tonight); d = d.plusDays(1)) {
            double m = minutes.containsKey(d) ? minutes.get(d)[0] : 0;
            Integer[] r = ratings.getOrDefault(d, new Integer[6]);
            out.add(new Night(d, m, count.getOrDefault(d, 0), target.met(m, complete.getOrDefault(d, false)), r[0], r[1],
                    r[2], r[3], r[4], onsets.get(d), r[5]));
        }
        return out;
    }

    public static Stats stats(List<SessionRecord> sessions, List<DiaryEntry> diary, Target target, Instant now,
                              ZoneId zone) {
        List<Night> nights = nights(sessions, diary, target, now, zone);
        Night tonight = nights.get(nights.size() - 1);
        List<Night> past = nights.subList(0, nights.size() - 1); // complete nights, oldest first
        int n7 = Math.min(7, past.size());
        int n30 = Math.min(30, past.size());
        int streak = 0;
        if (tonight.met()) {
            streak = 1;
        }
        for (int i = past.size() - 1; i >= 0 && past.get(i).met(); i--) {
            streak++;
        }
        int best = 0;
        int run = 0;
        for (Night n : nights) {
            run = n.met() ? run + 1 : 0;
            best = Math.max(best, run);
        }
        Night last = null;
        for (int i = nights.size() - 1; i >= 0 && last == null; i--) {
            Night n = nights.get(i);
            if (n.before() != null || n.after() != null || n.sleep() != null || n.irls() != null) {
                last = n;
            }
        }
        Double shift = onsetShift(nights, tonight.date());
        return new Stats(tonight.date(), target, past.isEmpty() ? 0 : past.get(past.size() - 1).minutes(),
                tonight.minutes(), n7 == 0 ? null : share(past, n7), n30 == 0 ? null : share(past, n30), n7, n30, streak,
                best, last, shift, shift != null && shift >= ONSET_SHIFT_MIN ? ONSET_NOTE : null, nights);
    }

    private static double share(List<Night> past, int n) {
        int met = 0;
        for (int i = past.size() - n; i < past.size(); i++) {
            met += past.get(i).met() ? 1 : 0;
        }
        return (double) met / n;
    }

    /**
     * How much earlier the reported onset was in the last 7 nights (tonight's, reported this morning,
     * included) than in the 7 before, in minutes (onsets after midnight count as late evening ones);
     * null without 3 reports in each week.
     */
    static Double onsetShift(List<Night> nights, LocalDate tonight) {
        double recent = 0;
        double earlier = 0;
        int nr = 0;
        int ne = 0;
        for (Night n : nights) {
            if (n.onset() == null) {
                continue;
            }
            long ago = tonight.toEpochDay() - n.date().toEpochDay();
            int sinceNoon = Math.floorMod(n.onset().getHour() * 60 + n.onset().getMinute() - 12 * 60, 24 * 60);
            if (ago >= 0 && ago <= 6) {
                recent += sinceNoon;
                nr++;
            } else if (ago >= 7 && ago <= 13) {
                earlier += sinceNoon;
                ne++;
            }
        }
        return nr >= 3 && ne >= 3 ? earlier / ne - recent / nr : null;
    }
}
