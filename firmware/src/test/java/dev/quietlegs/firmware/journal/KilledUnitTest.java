package dev.quietlegs.firmware.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quietlegs.firmware.cli.Main;
import dev.quietlegs.firmware.config.ShippedConfig;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * The unit as a real process ({@code run --sim}), its session started at its console, killed with
 * SIGKILL mid-session: no shutdown hook runs. The journal keeps everything written before the kill,
 * and the unit's next start records the session as interrupted.
 */
class KilledUnitTest {

    @TempDir
    Path dir;

    @Test
    void aSessionCutShortBySigkillIsFoundAtTheNextStartAndRecordedAsInterrupted() throws Exception {
        Path state = dir.resolve("state");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process unit = new ProcessBuilder(java, "-Dquietlegs.log.dir=" + dir.resolve("logs"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", "--sim", "--no-mqtt",
                "--config", ShippedConfig.dir().toString(), "--mqtt-state-dir", state.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("unit.out").toFile()).start();
        try {
            OutputStream console = unit.getOutputStream();
            await().atMost(Duration.ofSeconds(30)).until(() -> state.resolve(Journal.FILE).toFile().exists());
            console.write("diary before 7\nstart vibration\n".getBytes(StandardCharsets.UTF_8));
            console.flush();
            // Running, and brought up to date at least once while delivering (every 15 s).
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> delivered(state) > 0);
            unit.toHandle().destroyForcibly(); // SIGKILL
            assertThat(unit.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            unit.destroyForcibly();
        }
        try (Journal j = Journal.open(state, new FakeTimebase(Instant.now(), true))) {
            SessionRecord cut = j.sessions().get(0);
            assertThat(cut.outcome()).isEqualTo(SessionRecord.Outcome.IN_PROGRESS); // nothing has looked yet
            assertThat(j.recoverInterrupted()).isEqualTo(1);
            SessionRecord r = j.sessions().get(0);
            assertThat(r.outcome()).isEqualTo(SessionRecord.Outcome.INTERRUPTED);
            assertThat(r.program()).isEqualTo("vibration");
            assertThat(r.selfTest()).isEqualTo("passed");
            assertThat(r.deliveredS()).isGreaterThanOrEqualTo(14.0);
            assertThat(r.plannedS()).isEqualTo(1200.0);
            assertThat(j.diary()).singleElement().satisfies(d -> assertThat(d.restless()).isEqualTo(7));
        }
    }

    /** Read-only, beside the live unit: what it has committed so far. */
    private static double delivered(Path state) throws Exception {
        SQLiteConfig ro = new SQLiteConfig();
        ro.setReadOnly(true);
        try (Connection c = ro.createConnection("jdbc:sqlite:" + state.resolve(Journal.FILE));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT delivered_s FROM session WHERE self_test = 'passed'")) {
            return r.next() ? r.getDouble(1) : 0;
        }
    }
}
