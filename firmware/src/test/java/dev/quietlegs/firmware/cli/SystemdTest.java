package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd link with a stand-in for systemd-notify that writes down what it was asked to send. */
class SystemdTest {

    @TempDir
    Path dir;

    private Path fakeNotify() throws IOException {
        Path log = dir.resolve("sent");
        Files.createFile(log);
        Path script = dir.resolve("systemd-notify");
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> " + log + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private List<String> sent() throws IOException {
        return Files.readAllLines(dir.resolve("sent"));
    }

    @Test
    void withoutNotifySocketThereIsNoSystemd() {
        assertThat(Systemd.fromEnvironment(Map.of(), "systemd-notify")).isNull();
    }

    @Test
    void theWatchdogIsFedWhileTheLoopTicks() throws Exception {
        Path notify = fakeNotify();
        Systemd systemd = Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC",
                "200000"), notify.toString());
        assertThat(systemd.watchdogIntervalNanos()).isEqualTo(100_000_000L);
        AtomicLong ticks = new AtomicLong();
        systemd.ready("running on the simulated board");
        systemd.keepAliveWhile(ticks::incrementAndGet);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent().stream().filter(l -> l.equals("WATCHDOG=1")).count() >= 3);
        systemd.close();
        assertThat(sent().get(0)).isEqualTo("READY=1 STATUS=running on the simulated board");
        assertThat(sent()).contains("STOPPING=1");
    }

    @Test
    void aHungLoopStarvesTheWatchdog() throws Exception {
        Path notify = fakeNotify();
        Systemd systemd = Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", "x", "WATCHDOG_USEC", "100000"),
                notify.toString());
        systemd.keepAliveWhile(() -> 42); // the tick count never moves
        await().atMost(Duration.ofSeconds(10)).until(() -> sent().contains("WATCHDOG=1"));
        Thread.sleep(500); // ten intervals in which a healthy loop would have been reported
        systemd.close();
        assertThat(sent()).containsExactly("WATCHDOG=1", "STOPPING=1"); // the first look only, then silence
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsNotFed() {
        Systemd s = Systemd.fromEnvironment(Map.of("NOTIFY_SOCKET", "x", "WATCHDOG_USEC", "100000", "WATCHDOG_PID", "1"),
                "systemd-notify");
        assertThat(s.watchdogIntervalNanos()).isZero();
    }
}
