package dev.quietlegs.firmware.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.therapy.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's thread: it writes what it is handed, and handing over never waits, even on a stuck disk. */
class JournalWriterTest {

    @TempDir
    Path dir;

    @Test
    void eventsHandedOverAreWrittenAndASessionUnderWayAtShutdownIsSaidToBe() {
        FakeTimebase time = new FakeTimebase(Instant.parse("2026-11-03T21:00:00Z"), true);
        try (Journal j = Journal.open(dir, time)) {
            JournalWriter w = new JournalWriter(j, time, ShippedConfig.programs(ShippedConfig.unit())).start();
            w.accept(new Event.PhaseChange(0, Phase.IDLE, Phase.STARTING, "start requested", "evening"));
            w.accept(new Event.PhaseChange(12_000_000_000L, Phase.STARTING, Phase.RUNNING, "self-test passed", "evening"));
            await().atMost(Duration.ofSeconds(5)).until(() -> j.sessions().size() == 1
                    && "passed".equals(j.sessions().get(0).selfTest()));
            time.mono = 72_000_000_000L;
            w.close();
            SessionRecord r = j.sessions().get(0);
            assertThat(r.outcome()).isEqualTo(SessionRecord.Outcome.INTERRUPTED);
            assertThat(r.deliveredS()).isEqualTo(60.0);
        }
    }

    @Test
    void whileTheDiskIsStuckHandingOverReturnsAtOnceAndWhatDoesNotFitIsCounted() throws Exception {
        FakeTimebase time = new FakeTimebase(Instant.parse("2026-11-03T21:00:00Z"), true);
        try (Journal j = Journal.open(dir, time)) {
            JournalWriter w = new JournalWriter(j, time, ShippedConfig.programs(ShippedConfig.unit())).start();
            long worstNanos;
            synchronized (j) { // every write waits for this monitor: a disk that does not answer
                w.accept(new Event.PhaseChange(0, Phase.IDLE, Phase.STARTING, "start requested", "evening"));
                Thread.sleep(200); // the writer is now blocked inside its first write
                worstNanos = 0;
                for (int i = 0; i < 2000; i++) {
                    long t0 = System.nanoTime();
                    w.accept(new Event.PhaseChange(i, Phase.RUNNING, Phase.PAUSED, "pause requested", "evening"));
                    worstNanos = Math.max(worstNanos, System.nanoTime() - t0);
                }
                assertThat(w.dropped()).isEqualTo(2000 - 1024);
            }
            System.out.printf("hand-over to a stuck journal: worst %.1f us of 2000%n", worstNanos / 1e3);
            w.close();
            assertThat(j.sessions()).hasSize(1);
        }
    }
}
