package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.journal.Journal;
import dev.quietlegs.firmware.journal.Timebase;
import dev.quietlegs.firmware.therapy.Phase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evening routine over MQTT, on the unit's own broker (Mosquitto) with a real client: the
 * retained {@code stats}, diary entries on {@code cmd/diary} (good ones noted, bad ones answered with
 * the reason and nothing changed, the session untouched), and Home Assistant's entities for them.
 */
class EveningRemoteTest {

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

    @Test
    void statsAreRetainedDiaryEntriesAreNotedAndBadOnesChangeNothing() throws Exception {
        broker = new TestBroker.Embedded(dir.resolve("broker"));
        journal = Journal.open(dir.resolve("state"), Timebase.system());
        phone = new Phone(broker, BASE + "#");
        unit = new RemoteTest.TheUnit(broker);
        unit.remote.attach(journal);
        var stats = phone.await("stats", 10, r -> r.topic().equals(BASE + "stats"));
        assertThat(stats.json().path("target").asText()).isEqualTo("one whole program");
        assertThat(stats.json().path("restless_before").isNull()).isTrue();

        phone.send(BASE + "cmd/start", "vibration");
        phone.await("running", 10, Phone.state("phase", "running"));
        phone.send(BASE + "cmd/diary", "{\"entry\":\"before\",\"restless\":6}");
        phone.await("diary ok", 5, r -> Phone.event("command", "command", "diary").test(r)
                && r.json().path("result").asText().equals("ok"));
        var after = phone.await("stats with the rating", 5, r -> r.topic().equals(BASE + "stats")
                && r.json().path("restless_before").asInt(-1) == 6);
        assertThat(after.json().path("tonight_min").isNumber()).isTrue();
        assertThat(journal.diary()).singleElement().satisfies(d -> assertThat(d.restless()).isEqualTo(6));

        phone.send(BASE + "cmd/diary", "{\"entry\":\"before\",\"restless\":11}");
        phone.send(BASE + "cmd/diary", "{\"entry\":\"morning\",\"sleep\":7}");
        phone.send(BASE + "cmd/diary", "six");
        phone.send(BASE + "cmd/diary", "");
        java.util.List<String> reasons = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var r = phone.await("diary error " + i, 5, m -> Phone.event("command", "result", "error").test(m)
                    && m.json().path("command").asText().equals("diary"));
            reasons.add(r.json().path("reason").asText());
        }
        assertThat(reasons).anyMatch(s -> s.equals("restless 11 is outside 0-10"))
                .anyMatch(s -> s.startsWith("falling is missing"))
                .anyMatch(s -> s.startsWith("not the JSON of a diary entry"))
                .anyMatch(s -> s.startsWith("an empty payload is not a command"));
        assertThat(journal.diary()).hasSize(1);
        assertThat(unit.loop.snapshot().phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void homeAssistantGetsTheStatsTheDiaryRatingsAndTheSessionEvents() throws Exception {
        broker = new TestBroker.Embedded(dir.resolve("broker"));
        phone = new Phone(broker, BASE + "#", "homeassistant/#");
        unit = new RemoteTest.TheUnit(broker);
        var config = phone.await("device config", 10, r -> r.topic().equals("homeassistant/device/quietlegs_bedside/config"));
        var c = config.json().path("components");
        assertThat(c.path("adherence_7d").path("state_topic").asText()).isEqualTo(BASE + "stats");
        assertThat(c.path("adherence_7d").path("unit_of_measurement").asText()).isEqualTo("%");
        assertThat(c.path("last_night").path("device_class").asText()).isEqualTo("duration");
        assertThat(c.path("restless_before").path("command_topic").asText()).isEqualTo(BASE + "cmd/diary");
        var started = c.path("session_started");
        assertThat(started.path("platform").asText()).isEqualTo("event");
        assertThat(started.path("state_topic").asText()).isEqualTo(BASE + "events");
        assertThat(started.path("event_types").toString()).isEqualTo("[\"started\"]");
        assertThat(c.path("session_ended").path("event_types").toString())
                .isEqualTo("[\"completed\",\"stopped\",\"faulted\"]");
        assertThat(started.path("value_template").asText()).contains("value_json.type == 'session'");
    }

    @Test
    void theStatsPayloadCarriesEveryFigureAndNullsBeforeThereAreAny() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var none = mapper.readTree(Payloads.stats(dev.quietlegs.firmware.journal.Adherence.stats(java.util.List.of(),
                java.util.List.of(), dev.quietlegs.firmware.journal.Adherence.Target.WHOLE_PROGRAM,
                java.time.Instant.parse("2026-11-10T09:00:00Z"), java.time.ZoneOffset.UTC)));
        assertThat(none.path("night").asText()).isEqualTo("2026-11-09");
        assertThat(none.path("adherence_7d").isNull()).isTrue();
        assertThat(none.path("streak").asInt()).isZero();
        assertThat(none.path("note").isNull()).isTrue();
        var diary = java.util.List.of(dev.quietlegs.firmware.journal.DiaryEntry.parse("before 7".split(" "))
                .at(java.time.Instant.parse("2026-11-08T21:00:00Z"), true));
        var session = new dev.quietlegs.firmware.journal.SessionRecord(1, java.time.Instant.parse("2026-11-08T21:05:00Z"),
                true, "b", 0, "evening", 1200, 1210, 1200, 0, dev.quietlegs.firmware.journal.SessionRecord.Outcome.DONE,
                null, null, null, "passed", 6, 5);
        var some = mapper.readTree(Payloads.stats(dev.quietlegs.firmware.journal.Adherence.stats(java.util.List.of(session),
                diary, dev.quietlegs.firmware.journal.Adherence.Target.WHOLE_PROGRAM,
                java.time.Instant.parse("2026-11-10T09:00:00Z"), java.time.ZoneOffset.UTC)));
        assertThat(some.path("last_night_min").asDouble()).isEqualTo(20.0);
        assertThat(some.path("adherence_7d").asDouble()).isEqualTo(100.0);
        assertThat(some.path("nights_7d").asInt()).isEqualTo(1);
        assertThat(some.path("streak").asInt()).isEqualTo(1);
        assertThat(some.path("restless_before").asInt()).isEqualTo(7);
        assertThat(some.path("ratings_night").asText()).isEqualTo("2026-11-08");
    }
}
