package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quietlegs.firmware.journal.Adherence;
import dev.quietlegs.firmware.journal.DiaryEntry;
import dev.quietlegs.firmware.journal.Journal;
import dev.quietlegs.firmware.journal.SessionRecord;
import dev.quietlegs.firmware.journal.Timebase;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retained {@code history} the phone's History view draws, on a real broker with a real client:
 * the nights the journal holds, each with its minutes, whether it met the target and its ratings,
 * published on connect and again when a diary entry is noted.
 */
class HistoryRemoteTest {

    private static final String BASE = "quietlegs/bedside/";

    @TempDir
    Path dir;

    private TestBroker broker;
    private RemoteTest.TheUnit unit;
    private Journal journal;
    private Phone phone;

    @AfterEach
    void tearDown() throws Exception {
        if (unit != null) {
            unit.close();
        }
        if (journal != null) {
            journal.close();
        }
        if (phone != null) {
            phone.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Instant at(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(ZoneId.systemDefault()).toInstant();
    }

    private static SessionRecord session(Instant start, double deliveredS, SessionRecord.Outcome outcome) {
        return new SessionRecord(0, start, true, "b", 0, "evening", 1200, deliveredS, deliveredS, 0, outcome, null, null,
                null, "passed", 6, 5);
    }

    @Test
    void theLastNightsAreRetainedWithMinutesTargetAndRatingsAndFollowTheDiary() throws Exception {
        broker = new TestBroker.Embedded(dir.resolve("broker"));
        journal = Journal.open(dir.resolve("state"), Timebase.system());
        LocalDate tonight = Adherence.night(Instant.now(), ZoneId.systemDefault());
        journal.insert(session(at(tonight.minusDays(4), "21:00"), 1200, SessionRecord.Outcome.DONE));
        journal.insert(session(at(tonight.minusDays(2), "21:00"), 480, SessionRecord.Outcome.STOPPED));
        journal.insert(session(at(tonight.minusDays(1), "21:10"), 1200, SessionRecord.Outcome.DONE));
        journal.add(DiaryEntry.parse("before 7".split(" ")).at(at(tonight.minusDays(1), "21:00"), true));
        journal.add(DiaryEntry.parse("after 2".split(" ")).at(at(tonight.minusDays(1), "21:35"), true));
        journal.add(DiaryEntry.parse("morning sleep=8 falling=3 night=1 onset=20:30".split(" "))
                .at(at(tonight, "07:30"), true));

        phone = new Phone(broker, BASE + "#");
        unit = new RemoteTest.TheUnit(broker);
        unit.remote.attach(journal);
        var history = phone.await("history", 10, r -> r.topic().equals(BASE + "history")).json();
        assertThat(history.path("night").asText()).isEqualTo(tonight.toString());
        assertThat(history.path("target").asText()).isEqualTo("one whole program");
        JsonNode nights = history.path("nights");
        assertThat(nights).hasSize(5);
        assertThat(nights.get(0).path("date").asText()).isEqualTo(tonight.minusDays(4).toString());
        assertThat(nights.get(0).path("min").asDouble()).isEqualTo(20.0);
        assertThat(nights.get(0).path("met").asBoolean()).isTrue();
        assertThat(nights.get(1).path("min").asDouble()).isZero();
        assertThat(nights.get(1).path("sessions").asInt()).isZero();
        assertThat(nights.get(2).path("min").asDouble()).isEqualTo(8.0);
        assertThat(nights.get(2).path("met").asBoolean()).as("used, but short of a whole program").isFalse();
        JsonNode last = nights.get(3);
        assertThat(last.path("date").asText()).isEqualTo(tonight.minusDays(1).toString());
        assertThat(last.path("before").asInt()).isEqualTo(7);
        assertThat(last.path("after").asInt()).isEqualTo(2);
        assertThat(last.path("sleep").asInt()).isEqualTo(8);
        assertThat(last.path("falling").asInt()).isEqualTo(3);
        assertThat(last.path("night").asInt()).isEqualTo(1);
        assertThat(last.path("onset").asText()).isEqualTo("20:30");
        assertThat(last.path("irls").isNull()).isTrue();
        assertThat(nights.get(4).path("before").isNull()).as("tonight: nothing yet").isTrue();

        phone.send(BASE + "cmd/diary", "{\"entry\":\"before\",\"restless\":6}");
        var again = phone.await("history with tonight's rating", 5, r -> r.topic().equals(BASE + "history")
                && r.json().path("nights").get(4).path("before").asInt(-1) == 6);
        assertThat(again.json().path("nights")).hasSize(5);

        phone.send(BASE + "cmd/diary", "{\"entry\":\"irls\",\"total\":41}");
        phone.await("refused", 5, r -> Phone.event("command", "result", "error").test(r)
                && r.json().path("reason").asText().equals("total 41 is outside 0-40"));
        assertThat(journal.diary()).hasSize(4);
    }

    @Test
    void theHistoryHoldsTheLastFiveWeeksOnly() throws Exception {
        List<SessionRecord> sessions = new ArrayList<>();
        LocalDate first = LocalDate.parse("2026-09-01");
        for (int i = 0; i < 60; i += 2) {
            sessions.add(session(first.plusDays(i).atTime(21, 0).toInstant(ZoneOffset.UTC), 1200,
                    SessionRecord.Outcome.DONE));
        }
        Instant now = Instant.parse("2026-11-15T09:00:00Z");
        JsonNode h = new ObjectMapper().readTree(Payloads.history(Adherence.stats(sessions, List.of(),
                Adherence.Target.WHOLE_PROGRAM, now, ZoneOffset.UTC)));
        JsonNode nights = h.path("nights");
        assertThat(nights).hasSize(Payloads.HISTORY_NIGHTS);
        assertThat(nights.get(nights.size() - 1).path("date").asText()).isEqualTo("2026-11-14");
        assertThat(nights.get(0).path("date").asText()).isEqualTo("2026-10-11");
        assertThat(nights.get(0).path("met").asBoolean()).isTrue(); // 40 days after the first: a session
        assertThat(nights.get(0).path("min").asDouble()).isEqualTo(20.0);
        assertThat(nights.get(1).path("met").asBoolean()).isFalse();
        assertThat(nights.get(nights.size() - 2).path("min").asDouble()).as("after the last session").isZero();

        JsonNode empty = new ObjectMapper().readTree(Payloads.history(Adherence.stats(List.of(), List.of(),
                Adherence.Target.WHOLE_PROGRAM, now, ZoneOffset.UTC)));
        assertThat(empty.path("nights")).hasSize(1); // tonight alone
        assertThat(empty.path("nights").get(0).path("sleep").isNull()).isTrue();
    }
}
