package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.therapy.Phase;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything {@code run} shows at the console, through one writer so that nothing lands in the
 * middle of another line: the status line, and lines above it (events, log lines, replies to what
 * was typed). In a terminal ({@link Live}) the status line is redrawn in place with plain ANSI
 * escapes; anywhere else ({@link Plain}: a pipe, systemd's journal) there are no escapes, and the
 * status is a line of its own once a minute and at every change of phase.
 */
sealed interface StatusConsole permits StatusConsole.Live, StatusConsole.Plain {

    /** A line above the status line (or several, split at {@code \n}). */
    void line(String text);

    /**
     * The status now; shown when it is time to.
     *
     * @param nanos a monotonic clock ({@link System#nanoTime()})
     */
    void status(String text, Phase phase, long nanos);

    /** A line was typed and Enter pressed (the terminal has echoed it and moved down a line). */
    void entered(String typed);

    /**
     * Whether standard input and output are both a terminal. {@code System.console()} is null
     * otherwise on Java 21 and again from 25; Java 22 to 24 return a console even when redirected
     * and added {@code Console.isTerminal()} to tell, which is asked for where it exists (the
     * firmware compiles against 21, where it does not). {@code TERM=dumb} (an Emacs shell) gets the
     * plain lines too.
     */
    static boolean onTerminal() {
        Console c = System.console();
        if (c == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException java21) {
            return true;
        } catch (ReflectiveOperationException | ClassCastException e) {
            return false;
        }
    }

    /** The status line in place, lines above it: for a person at a terminal. */
    final class Live implements StatusConsole {

        static final String ESC = "\u001b[";
        /** To column 0, erase the line. */
        static final String CLEAR = "\r" + ESC + "2K";
        /** The status line is cut at the terminal's edge rather than wrapped (DECAWM off, then on). */
        static final String NO_WRAP = ESC + "?7l";
        static final String WRAP = ESC + "?7h";
        static final String UP = ESC + "1A";
        static final String SAVE = "\u001b7";
        static final String RESTORE = "\u001b8";

        private final PrintStream out;
        private String status = "";
        /** Whether the status line is on screen, the line under it being where the person types. */
        private boolean drawn;

        Live(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void line(String text) {
            if (drawn) {
                // up onto the status line, the text in its place, the status under it, then a
                // clean line to type on (what was half typed stays in the input, unseen)
                out.print(UP + CLEAR + text.replace("\n", "\n" + CLEAR) + "\n" + CLEAR + NO_WRAP + status + WRAP
                        + "\n" + CLEAR);
            } else {
                out.print(text + "\n");
            }
            out.flush();
        }

        @Override
        public synchronized void status(String text, Phase phase, long nanos) {
            if (drawn && text.equals(status)) {
                return;
            }
            status = text;
            if (drawn) {
                // the cursor stays where the person is typing
                out.print(SAVE + UP + CLEAR + NO_WRAP + status + WRAP + RESTORE);
            } else {
                out.print(NO_WRAP + status + WRAP + "\n");
                drawn = true;
            }
            out.flush();
        }

        @Override
        public synchronized void entered(String typed) {
            if (!drawn) {
                return;
            }
            // status line, the typed line, then the cursor: the typed line takes the status
            // line's place, the status goes under it
            out.print(UP + UP + CLEAR + "> " + typed + "\n" + CLEAR + NO_WRAP + status + WRAP + "\n" + CLEAR);
            out.flush();
        }

        /**
         * A stream whose every whole line goes above the status line: tinylog's console writer
         * writes to {@code System.err}, which becomes this, so a log line never cuts the status
         * line in two.
         */
        PrintStream asStream() {
            return new PrintStream(new OutputStream() {
                private final ByteArrayOutputStream pending = new ByteArrayOutputStream(256);

                @Override
                public synchronized void write(int b) {
                    if (b == '\n') {
                        String text = pending.toString(StandardCharsets.UTF_8);
                        pending.reset();
                        line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
                    } else {
                        pending.write(b);
                    }
                }
            }, true, StandardCharsets.UTF_8);
        }
    }

    /** Plain lines, no escapes: for a pipe, a file, systemd's journal. */
    final class Plain implements StatusConsole {

        /** When nothing changes phase, the status once a minute keeps a log short and alive. */
        static final long EVERY_NANOS = 60_000_000_000L;

        private final PrintStream out;
        private Phase shown;
        private long shownAt;

        Plain(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void line(String text) {
            out.println(text);
            out.flush();
        }

        @Override
        public synchronized void status(String text, Phase phase, long nanos) {
            if (phase != shown || nanos - shownAt >= EVERY_NANOS) {
                shown = phase;
                shownAt = nanos;
                line(text);
            }
        }

        @Override
        public void entered(String typed) {
            // nobody sees an echo to tidy up
        }
    }
}
