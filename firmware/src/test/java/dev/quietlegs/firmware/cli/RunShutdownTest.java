package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ShippedConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit as a process: {@code run --sim} is started, a session begins (the self-test has the
 * pump running), and the process is sent SIGTERM as systemd would. Its JVM shutdown must leave
 * the outputs in the safe state, and say so.
 */
class RunShutdownTest {

    @TempDir
    Path logs;

    @Test
    void sigtermDuringASessionLeavesTheOutputsSafe() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Dquietlegs.log.dir=" + logs, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", "--sim", "--no-mqtt",
                "--config", ShippedConfig.dir().toString(), "--mqtt-state-dir", logs.resolve("state").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<String> seen = new ArrayList<>();
        try {
            OutputStream in = p.getOutputStream();
            in.write("start\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean started = false;
            while (!started && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    seen.add(line);
                    started = line.contains("idle -> starting");
                }
            }
            assertThat(started).as("session started; output: %s", seen).isTrue();
            // The status line shows the self-test's 10 mmHg target while it fills a chamber:
            // the pump is running when the signal comes. Through a pipe the status comes at a
            // change of phase and once a minute, so it is asked for.
            boolean filling = false;
            while (!filling && System.nanoTime() < deadline) {
                in.write("status\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                String line = lines.poll(1, TimeUnit.SECONDS);
                while (line != null && !filling) {
                    seen.add(line);
                    filling = line.startsWith("starting") && line.contains("/10");
                    line = lines.poll(100, TimeUnit.MILLISECONDS);
                }
            }
            assertThat(filling).as("self-test filling; output: %s", seen).isTrue();
            p.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("process ended").isTrue();
            reader.join(5000);
            lines.drainTo(seen);
        } finally {
            p.destroyForcibly();
        }
        // The unit's own log format (config/tinylog.properties), not tinylog's defaults: the
        // configuration was applied before anything touched tinylog.
        assertThat(seen).anySatisfy(l -> assertThat(l).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  unit: stopped: outputs in the"
                + " safe state: pump 0%, motor 0%, every inlet closed, every exhaust open, main vent open"));
        assertThat(String.join("\n", seen)).doesNotContain("Exception");
        assertThat(java.nio.file.Files.readString(logs.resolve("quietlegs-latest.log")))
                .contains("INFO [shutdown] unit: stopped: outputs in the safe state");
    }
}
