package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ShippedConfig;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --sim} as a process behind a pipe, as systemd runs it: plain lines with no escape
 * codes, and its state directory held against a second unit, which exits 3 naming it and
 * leaves it running.
 */
class RunConsoleTest {

    @TempDir
    Path tmp;

    /** The unit's output, line by line, as it comes. */
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    /** Every byte it wrote, to look for escapes. */
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

    @Test
    void throughAPipeNoEscapesAndASecondUnitOnTheSameStateDirectoryExits3LeavingTheFirstAlone() throws Exception {
        Path state = tmp.resolve("state");
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Dquietlegs.log.dir=" + tmp.resolve("logs"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "run", "--sim", "--no-mqtt",
                "--config", ShippedConfig.dir().toString(), "--mqtt-state-dir", state.toString());
        pb.redirectErrorStream(true);
        Process first = pb.start();
        Thread reader = Thread.ofPlatform().daemon().start(() -> read(first));
        try {
            OutputStream in = first.getOutputStream();
            await(l -> l.startsWith("idle "), "the first status line");

            // a second unit on the same state directory, before it touches a board or a broker
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"run", "--sim", "--no-mqtt", "--config", ShippedConfig.dir().toString(),
                "--mqtt-state-dir", state.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).isEqualTo(Main.CANNOT_START);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("quietlegs: another QuietLegs unit is running"
                    + " with state directory " + state + " (pid " + first.pid() + "); stop it first\n");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();

            // the first one goes on: a session starts, its status comes at the change of phase
            type(in, "start");
            await(l -> l.contains("idle -> starting"), "the session starting");
            await(l -> l.startsWith("starting evening     self-test"), "the status at the new phase");
            type(in, "vibration 3");
            await(l -> l.endsWith("unit: vibration 3 of 10 (console)"), "the command acknowledged");
            type(in, "help");
            await(l -> l.startsWith("stop              end the session"), "the console's help");
            type(in, "dance");
            await(l -> l.equals("unknown command 'dance': type 'help' for the commands"), "the mistake");
            type(in, "quit");
            assertThat(first.waitFor(20, TimeUnit.SECONDS)).as("the first unit ended").isTrue();
            reader.join(5000);
            assertThat(first.exitValue()).isZero();
        } finally {
            first.destroyForcibly();
        }
        lines.drainTo(seen);
        assertThat(raw.toString(StandardCharsets.UTF_8)).as("no escape codes through a pipe").doesNotContain("\u001b")
                .doesNotContain("\r");
        assertThat(seen).anySatisfy(l -> assertThat(l).contains("stopped: outputs in the safe state"));
        // the lock went with the process: the next unit may take it
        assertThat(Files.readString(state.resolve(StateLock.FILE)).trim()).isEqualTo(Long.toString(first.pid()));
        try (StateLock next = StateLock.take(state)) {
            assertThat(Files.readString(state.resolve(StateLock.FILE)).trim())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
        assertThat(Files.getPosixFilePermissions(state.resolve(StateLock.FILE)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    private void read(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new java.io.FilterInputStream(
                p.getInputStream()) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    synchronized (raw) {
                        raw.write(b, off, n);
                    }
                }
                return n;
            }
        }, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static void type(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private void await(Predicate<String> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (wanted.test(line)) {
                    return;
                }
            }
        }
        throw new AssertionError("no " + what + " within 30 s; output: " + seen);
    }
}
