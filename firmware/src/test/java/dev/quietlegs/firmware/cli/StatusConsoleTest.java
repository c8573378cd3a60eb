package dev.quietlegs.firmware.cli;

import static dev.quietlegs.firmware.cli.StatusConsole.Live.CLEAR;
import static dev.quietlegs.firmware.cli.StatusConsole.Live.NO_WRAP;
import static dev.quietlegs.firmware.cli.StatusConsole.Live.UP;
import static dev.quietlegs.firmware.cli.StatusConsole.Live.WRAP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.therapy.Phase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's two renderers, on the bytes they write. */
class StatusConsoleTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String taken() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return s;
    }

    @Test
    void inATerminalTheStatusLineIsRedrawnInPlaceOnlyWhenItChanges() {
        StatusConsole.Live live = new StatusConsole.Live(out);
        live.line("QuietLegs is running");
        assertThat(taken()).isEqualTo("QuietLegs is running\n");
        live.status("idle  0.0 mmHg", Phase.IDLE, 0);
        // drawn once, cut at the terminal's edge rather than wrapped, the cursor on the line under it
        assertThat(taken()).isEqualTo("\u001b[?7lidle  0.0 mmHg\u001b[?7h\n");
        live.status("idle  0.0 mmHg", Phase.IDLE, 1);
        assertThat(taken()).isEmpty();
        live.status("idle  0.3 mmHg", Phase.IDLE, 2);
        // in place: the cursor saved where the person types, and put back
        assertThat(taken()).isEqualTo("\u001b7\u001b[1A\r\u001b[2K\u001b[?7lidle  0.3 mmHg\u001b[?7h\u001b8");
    }

    @Test
    void aLineGoesAboveTheStatusLineWhichIsDrawnAgainUnderIt() {
        StatusConsole.Live live = new StatusConsole.Live(out);
        live.status("running 12:00 left", Phase.RUNNING, 0);
        taken();
        live.line("10:00:00.000 INFO  unit: vibration 3 of 10 (console)");
        assertThat(taken()).isEqualTo(UP + CLEAR + "10:00:00.000 INFO  unit: vibration 3 of 10 (console)\n"
                + CLEAR + NO_WRAP + "running 12:00 left" + WRAP + "\n" + CLEAR);
    }

    @Test
    void severalLinesGoAboveTogetherEachOnACleanRow() {
        StatusConsole.Live live = new StatusConsole.Live(out);
        live.status("idle", Phase.IDLE, 0);
        taken();
        live.line("stop   end the session\npause  the cuff vents");
        assertThat(taken()).isEqualTo(UP + CLEAR + "stop   end the session\n" + CLEAR + "pause  the cuff vents\n"
                + CLEAR + NO_WRAP + "idle" + WRAP + "\n" + CLEAR);
    }

    @Test
    void whatWasTypedStaysAboveTheStatusLine() {
        StatusConsole.Live live = new StatusConsole.Live(out);
        live.status("idle", Phase.IDLE, 0);
        taken();
        // the terminal echoed "start" and a newline under the status line
        live.entered("start");
        assertThat(taken()).isEqualTo(UP + UP + CLEAR + "> start\n" + CLEAR + NO_WRAP + "idle" + WRAP + "\n" + CLEAR);
    }

    @Test
    void logLinesWrittenToTheStreamGoAboveWholeAndOnlyWhenWhole() {
        StatusConsole.Live live = new StatusConsole.Live(out);
        live.status("idle", Phase.IDLE, 0);
        taken();
        PrintStream err = live.asStream();
        err.print("10:00:00.000 INFO  unit: half");
        assertThat(taken()).isEmpty();
        err.print(" and the rest\r\n");
        assertThat(taken()).isEqualTo(UP + CLEAR + "10:00:00.000 INFO  unit: half and the rest\n"
                + CLEAR + NO_WRAP + "idle" + WRAP + "\n" + CLEAR);
    }

    @Test
    void linesFromManyThreadsNeverCutTheStatusLineOrEachOther() throws Exception {
        StatusConsole.Live live = new StatusConsole.Live(out);
        PrintStream err = live.asStream();
        live.status("status -", Phase.RUNNING, 0);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 300; i++) {
                    if (id == 0) {
                        live.status("status " + i, Phase.RUNNING, i);
                    } else if (id == 1) {
                        live.line("event " + i);
                    } else {
                        err.println("log " + id + " " + i); // tinylog's console writer, through System.err
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        String all = taken();
        for (int i = 0; i < 300; i++) {
            assertThat(all).contains(CLEAR + "event " + i + "\n", CLEAR + "log 2 " + i + "\n",
                    CLEAR + "log 3 " + i + "\n");
        }
        // every status drawn whole between its two escapes, nothing inside it
        String[] drawn = all.split(java.util.regex.Pattern.quote(NO_WRAP));
        for (int k = 1; k < drawn.length; k++) {
            assertThat(drawn[k]).matches("(?s)status (-|\\d+)" + java.util.regex.Pattern.quote(WRAP) + ".*");
        }
    }

    @Test
    void throughAPipeThereAreNoEscapesAndTheStatusComesAtEachPhaseAndOnceAMinute() {
        StatusConsole.Plain plain = new StatusConsole.Plain(out);
        long s = 1_000_000_000L;
        plain.line("QuietLegs is running");
        plain.status("idle 0.0", Phase.IDLE, 0);
        plain.status("idle 0.3", Phase.IDLE, 10 * s); // not yet a minute
        plain.status("starting 0.0", Phase.STARTING, 11 * s); // a new phase: at once
        plain.status("starting 5.0", Phase.STARTING, 12 * s);
        plain.entered("vibration 3");
        plain.line("vibration 3 of 10 (console)");
        plain.status("starting 9.0", Phase.STARTING, 70 * s); // 59 s after the last
        plain.status("starting 9.5", Phase.STARTING, 71 * s); // a minute after the last
        assertThat(taken()).isEqualTo("QuietLegs is running\nidle 0.0\nstarting 0.0\nvibration 3 of 10 (console)\n"
                + "starting 9.5\n").doesNotContain("\u001b");
    }

    @Test
    void theTestsAreNotRunOnATerminal() {
        // Maven's forked JVM reads a pipe: what a service under systemd sees too
        assertThat(StatusConsole.onTerminal()).isFalse();
    }
}
