package dev.quietlegs.firmware.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adherence, streaks and the onset note against nights worked out by hand. */
class AdherenceTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static SessionRecord s(String start, double minutes, SessionRecord.Outcome outcome) {
        return new SessionRecord(0, LocalDateTime.parse(start).toInstant(ZoneOffset.UTC), true, "b", 0, "evening", 1200,
                minutes * 60, minutes * 60, 0, outcome, null, null, null, "passed", 6, 5);
    }

    private static final SessionRecord.Outcome DONE = SessionRecord.Outcome.DONE;
    private static final SessionRecord.Outcome STOPPED = SessionRecord.Outcome.STOPPED;

    /**
     * Night by night (a night runs noon to noon):
     * 1 Nov 21:30 done 20 min, met; 2 Nov 23:50 done, met; 4 Nov 00:30 done: the night of 3 Nov, met;
     * 4 Nov 22:00 stopped after 8 min: not met; 5 Nov two stopped sessions, 8 + 12 = 20 min, no whole
     * program: not met (met with a 20-minute target); 6 Nov nothing; 7 Nov a 60-minute program, met;
     * 8 Nov done, met; 10 Nov 01:00 done: tonight (9 Nov, as it is 10 Nov 09:00), met.
     */
    private static final List<SessionRecord> WEEK = List.of(
            s("2026-11-01T21:30", 20, DONE), s("2026-11-02T23:50", 20, DONE), s("2026-11-04T00:30", 20, DONE),
            s("2026-11-04T22:00", 8, STOPPED), s("2026-11-05T21:00", 8, STOPPED), s("2026-11-05T22:00", 12, STOPPED),
            s("2026-11-07T21:00", 60, DONE), s("2026-11-08T21:00", 20, DONE), s("2026-11-10T01:00", 20, DONE));
    private static final Instant NOW = Instant.parse("2026-11-10T09:00:00Z");

    @Test
    void nightsRunNoonToNoonSoSessionsAfterMidnightCountForTheEveningBefore() {
        List<Adherence.Night> nights = Adherence.nights(WEEK, List.of(), Adherence.Target.WHOLE_PROGRAM, NOW, UTC);
        assertThat(nights).extracting(Adherence.Night::date).containsExactly(LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 3), LocalDate.of(2026, 11, 4), LocalDate.of(2026, 11, 5),
                LocalDate.of(2026, 11, 6), LocalDate.of(2026, 11, 7), LocalDate.of(2026, 11, 8), LocalDate.of(2026, 11, 9));
        assertThat(nights).extracting(Adherence.Night::minutes).containsExactly(20.0, 20.0, 20.0, 8.0, 20.0, 0.0, 60.0,
                20.0, 20.0);
        assertThat(nights).extracting(Adherence.Night::met).containsExactly(true, true, true, false, false, false, true,
                true, true);
        assertThat(nights.get(4).sessions()).isEqualTo(2);
    }

    @Test
    void sharesOfTheLast7And30NightsStreaksAndLastNight() {
        Adherence.Stats st = Adherence.stats(WEEK, List.of(), Adherence.Target.WHOLE_PROGRAM, NOW, UTC);
        assertThat(st.tonight()).isEqualTo(LocalDate.of(2026, 11, 9));
        assertThat(st.nights7()).isEqualTo(7); // 2-8 Nov
        assertThat(st.share7()).isEqualTo(4.0 / 7); // 2, 3, 7, 8
        assertThat(st.nights30()).isEqualTo(8); // only since the journal's first night
        assertThat(st.share30()).isEqualTo(5.0 / 8);
        assertThat(st.streak()).isEqualTo(3); // tonight, 8, 7
        assertThat(st.bestStreak()).isEqualTo(3);
        assertThat(st.lastNightMinutes()).isEqualTo(20.0);
        assertThat(st.tonightMinutes()).isEqualTo(20.0);
        assertThat(st.note()).isNull();
    }

    @Test
    void aTargetInMinutesCountsEveryMinuteOfTheNight() {
        Adherence.Stats st = Adherence.stats(WEEK, List.of(), new Adherence.Target(20.0), NOW, UTC);
        assertThat(st.share7()).isEqualTo(5.0 / 7); // 5 Nov's 8 + 12 minutes now meet it
        assertThat(st.streak()).isEqualTo(3);
    }

    @Test
    void beforeTonightsSessionTheStreakCountsFromLastNight() {
        Adherence.Stats st = Adherence.stats(WEEK.subList(0, 8), List.of(), Adherence.Target.WHOLE_PROGRAM, NOW, UTC);
        assertThat(st.streak()).isEqualTo(2);
        assertThat(st.tonightMinutes()).isZero();
    }

    @Test
    void theNoonRuleIsInTheUnitsOwnZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin"); // UTC+1 in November
        assertThat(Adherence.night(Instant.parse("2026-11-03T23:30:00Z"), berlin)).isEqualTo(LocalDate.of(2026, 11, 3));
        assertThat(Adherence.night(Instant.parse("2026-11-04T10:59:00Z"), berlin)).isEqualTo(LocalDate.of(2026, 11, 3));
        assertThat(Adherence.night(Instant.parse("2026-11-04T11:00:00Z"), berlin)).isEqualTo(LocalDate.of(2026, 11, 4));
    }

    @Test
    void ratingsStandBesideTheNightTheyAreAbout() {
        List<DiaryEntry> diary = List.of(
                entry("2026-11-08T20:55", "before 7"), entry("2026-11-08T21:30", "after 3"),
                entry("2026-11-08T21:40", "after 2"), // the last after counts
                entry("2026-11-09T07:20", "morning sleep=6 falling=4 night=3 onset=20:30"), // about 8 Nov
                entry("2026-11-09T07:25", "irls 19"));
        Adherence.Stats st = Adherence.stats(WEEK, diary, Adherence.Target.WHOLE_PROGRAM, NOW, UTC);
        Adherence.Night n = st.lastRatings();
        assertThat(n.date()).isEqualTo(LocalDate.of(2026, 11, 8));
        assertThat(n.before()).isEqualTo(7);
        assertThat(n.after()).isEqualTo(2);
        assertThat(n.sleep()).isEqualTo(6);
        assertThat(n.night()).isEqualTo(3);
        assertThat(n.onset()).hasToString("20:30");
        assertThat(n.irls()).isEqualTo(19);
    }

    private static DiaryEntry entry(String at, String words) {
        return DiaryEntry.parse(words.split(" ")).at(LocalDateTime.parse(at).toInstant(ZoneOffset.UTC), true);
    }

    /**
     * It is 20 Nov 09:00: the night of 19 Nov has just been reported. In the week of 6-12 Nov the
     * symptoms began at 22:30, 23:30 and 00:30 (mean 23:30); in 13-19 Nov at 21:00, 21:30 and 22:00 (mean
     * 21:30): two hours earlier, so the note. At 21:01 instead of 21:00 it is 1 h 59 min 40 s: no note.
     */
    @Test
    void anOnsetTwoHoursEarlierOverTwoWeeksGetsTheGentleNoteAndNotOneMinuteLess() {
        Instant now = Instant.parse("2026-11-20T09:00:00Z");
        List<DiaryEntry> diary = new ArrayList<>(List.of(
                morning("2026-11-06", "22:30"), morning("2026-11-08", "23:30"), morning("2026-11-11", "00:30"),
                morning("2026-11-13", "21:30"), morning("2026-11-16", "22:00")));
        diary.add(morning("2026-11-19", "21:00"));
        Adherence.Stats st = Adherence.stats(List.of(), diary, Adherence.Target.WHOLE_PROGRAM, now, UTC);
        assertThat(st.onsetShiftMin()).isEqualTo(120.0);
        assertThat(st.note()).isEqualTo(Adherence.ONSET_NOTE);

        diary.set(5, morning("2026-11-19", "21:01"));
        st = Adherence.stats(List.of(), diary, Adherence.Target.WHOLE_PROGRAM, now, UTC);
        assertThat(st.onsetShiftMin()).isCloseTo(119.67, org.assertj.core.data.Offset.offset(0.01));
        assertThat(st.note()).isNull();

        // two reports in a week are too few to tell a trend
        st = Adherence.stats(List.of(), diary.subList(0, 5), Adherence.Target.WHOLE_PROGRAM, now, UTC);
        assertThat(st.onsetShiftMin()).isNull();
        assertThat(st.note()).isNull();
    }

    /** The morning after {@code night}, reporting the onset of that evening. */
    private static DiaryEntry morning(String night, String onset) {
        String day = LocalDate.parse(night).plusDays(1).toString();
        return entry(day + "T07:00", "morning sleep=5 falling=5 night=5 onset=" + onset);
    }
}
