package dev.quietlegs.firmware.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's page and the CSV: what they say, and nothing a browser or a spreadsheet would run. */
class ReportTest {

    private static SessionRecord s(String start, double minutes, SessionRecord.Outcome outcome, Boolean synced,
                                   String reason) {
        return new SessionRecord(0, LocalDateTime.parse(start).toInstant(ZoneOffset.UTC), synced, "b", 0, "evening", 1200,
                minutes * 60, minutes * 60, 0, outcome, null, outcome == SessionRecord.Outcome.FAULT ? "no-rise" : null,
                reason, "passed", 6, 5);
    }

    @Test
    void thePageSaysWhatHappenedMarksApproximateTimesAndCarriesTheNote() {
        List<SessionRecord> sessions = List.of(
                s("2026-11-01T21:30", 20, SessionRecord.Outcome.DONE, true, "program finished"),
                s("2026-11-02T21:30", 7, SessionRecord.Outcome.FAULT, false, "calf <did not> rise"),
                s("2026-11-04T21:30", 20, SessionRecord.Outcome.DONE, null, "program finished"));
        List<DiaryEntry> diary = new ArrayList<>();
        String[] earlier = {"23:30", "23:30", "23:30"};
        String[] later = {"21:00", "21:00", "21:00"};
        for (int i = 0; i < 3; i++) {
            diary.add(morning("2026-11-0" + (2 + i), earlier[i]));
            diary.add(morning("2026-11-" + (9 + i < 10 ? "0" : "") + (9 + i), later[i]));
        }
        Instant now = Instant.parse("2026-11-13T09:00:00Z");
        Adherence.Stats st = Adherence.stats(sessions, diary, Adherence.Target.WHOLE_PROGRAM, now, ZoneOffset.UTC);
        String page = Report.html(st, sessions, 42, ZoneOffset.UTC, "2026-11-13 09:00");
        assertThat(page).contains("Target met</b> on 2 of 11 nights (18 %); last 7 nights 0 %", "Sessions: 2 done, 1 fault",
                "faults: 2 Nov no-rise", "2 started before the unit's clock was synchronised (times approximate)",
                "Reported onset moved 2.5 hours earlier", Adherence.ONSET_NOTE,
                "<title>2026-11-02: 7 min</title>", "fill=\"url(#hatch)\"");
        assertThat(page).doesNotContain("<did not>", "<script");
    }

    @Test
    void theCsvQuotesWhatMustBeAndDefusesFormulas() {
        List<SessionRecord> sessions = List.of(s("2026-11-02T21:30", 7, SessionRecord.Outcome.FAULT, true,
                "=HYPERLINK(\"x\"), then \"quoted\""));
        String csv = Csv.csv(sessions, List.of(), ZoneOffset.UTC);
        assertThat(csv.lines()).hasSize(2);
        assertThat(csv.lines().skip(1).findFirst().orElseThrow())
                .startsWith("session,2026-11-02,2026-11-02 21:30,yes,evening,20.0,7.0,7.0,0,fault,,no-rise,passed,6,5,")
                .contains("\"'=HYPERLINK(\"\"x\"\"), then \"\"quoted\"\"\"");
    }

    private static DiaryEntry morning(String night, String onset) {
        String day = java.time.LocalDate.parse(night).plusDays(1) + "T07:00";
        return DiaryEntry.parse(("morning sleep=5 falling=5 night=5 onset=" + onset).split(" "))
                .at(LocalDateTime.parse(day).toInstant(ZoneOffset.UTC), true);
    }
}
