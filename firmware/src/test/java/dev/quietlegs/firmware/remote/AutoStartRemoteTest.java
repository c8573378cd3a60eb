package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quietlegs.firmware.config.Schedule;
import dev.quietlegs.firmware.journal.AutoStart;
import dev.quietlegs.firmware.therapy.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auto-start's announcement on {@code events} over the unit's own broker, and {@code cmd/stop}
 * from a phone in the minute cancels it: answered as done, nothing inflates.
 */
class AutoStartRemoteTest {

    private static final String BASE = "quietlegs/bedside/";

    @TempDir
    Path dir;

    private TestBroker broker;
    private RemoteTest.TheUnit unit;
    private Phone phone;

    @AfterEach
    void tearDown() throws Exception {
        if (unit != null) {
            unit.close();
        }
        if (phone != null) {
            phone.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theAnnouncementIsAnEventAndCmdStopInTheMinuteCancelsIt() throws Exception {
        broker = new TestBroker.Embedded(dir.resolve("broker"));
        phone = new Phone(broker, BASE + "#");
        unit = new RemoteTest.TheUnit(broker);
        phone.await("first state", 10, Phone.state("phase", "idle"));
        ZoneId zone = ZoneId.systemDefault();
        // The wall clock it is told: 20:30, the usual onset at 21:30; the minute runs on the monotonic clock.
        Instant evening = java.time.ZonedDateTime.of(2026, 12, 3, 20, 30, 0, 0, zone).toInstant();
        Schedule schedule = new Schedule(LocalTime.of(21, 30), Duration.ofMinutes(60), true, true, null);
        AutoStart.Unit real = AutoStart.Unit.of(unit.loop);
        // This unit's cuff is not commissioned and no one started a session on it: those refusals are
        // AutoStartTest's; here only the two answers are taken as given.
        AutoStart.Unit ready = new AutoStart.Unit() {
            @Override
            public String busy() {
                return real.busy();
            }

            @Override
            public boolean commissioned() {
                return true;
            }

            @Override
            public boolean onLegKnown() {
                return true;
            }

            @Override
            public void announce(boolean on) {
                real.announce(on);
            }

            @Override
            public boolean announced() {
                return real.announced();
            }

            @Override
            public void pulse(long periodNanos, long forNanos) {
                real.pulse(periodNanos, forNanos);
            }

            @Override
            public boolean start(String program) {
                return real.start(program);
            }
        };
        AutoStart auto = new AutoStart(schedule, zone, ready, s -> unit.remote.autoStart(s.kind(), s.message()));
        auto.check(evening, System.nanoTime(), true, List.of(), List.of());
        var announced = phone.await("announced", 10, Phone.event("auto-start", "state", "announced"));
        assertThat(announced.json().path("message").asText()).isEqualTo(
                "starting the evening program in 60 s: press the button, type stop or send cmd/stop to cancel");

        phone.send(BASE + "cmd/stop", "");
        phone.await("stop answered ok", 10, r -> Phone.event("command", "command", "stop").test(r)
                && r.json().path("result").asText().equals("ok"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !unit.loop.announced());
        auto.check(evening.plusSeconds(5), System.nanoTime(), true, List.of(), List.of());
        var cancelled = phone.await("cancelled", 10, Phone.event("auto-start", "state", "cancelled"));
        assertThat(cancelled.json().path("message").asText()).startsWith("the evening program was cancelled");
        assertThat(unit.loop.snapshot().phase()).isEqualTo(Phase.IDLE);
        assertThat(unit.board.pumpDuty()).isZero();
    }
}
