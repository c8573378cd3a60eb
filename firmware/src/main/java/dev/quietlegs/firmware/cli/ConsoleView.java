package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.control.Snapshot;
import java.util.List;
import java.util.Locale;

/** What a person at the bedside sees in a terminal, and what they may type. */
final class ConsoleView {

    /** What each typed command does, one line each. */
    static final String HELP = """
            start [PROGRAM]   start a session: the default program, or the one named (see 'programs')
            stop              end the session: the cuff vents, the motor stops
            pause             the cuff vents, the motor stops, the program's clock stops (10 min at most)
            resume            go on after a pause, the compression from the ankle again
            vibration 0-10    the vibration level (0: off)
            intensity 1-10    the compression's pressures: level L gives 0.5 + 0.1 L times the program's
            clear-fault       after a fault (latched until then): back to idle, ready for a session
            button            as the bedside button: starts the default program, or stops the session
            estop             as the emergency stop: a fault, the cuff vented at once
            status            the status line, once, as a line of its own
            programs          the programs this unit offers
            diary ENTRY       note how the legs are: before R, after R (0-10), morning sleep=S falling=F night=N
            help              this list
            quit              stop the unit (the cuff vents, the motor stops)""";

    private ConsoleView() {
    }

    /** One status line: phase, time left, vibration, and each chamber's pressure as a bar. */
    static String statusLine(Snapshot s, List<String> chambers) {
        StringBuilder sb = new StringBuilder(120);
        sb.append(String.format(Locale.ROOT, "%-8s", s.phase().wire()));
        if (s.program() != null && s.phase() == dev.quietlegs.firmware.therapy.Phase.STARTING) {
            sb.append(String.format(Locale.ROOT, " %-11s self-test", s.program()));
        } else if (s.program() != null && s.phase().active()) {
            long left = Math.round(s.remainingS());
            sb.append(String.format(Locale.ROOT, " %-11s %2d:%02d left", s.program(), left / 60, left % 60));
        }
        sb.append(String.format(Locale.ROOT, "  vibration %4.1f of 10", s.vibrationLevel()));
        for (int i = 0; i < s.chambers(); i++) {
            double p = s.pressure(i);
            int bars = Double.isNaN(p) ? 0 : (int) Math.round(Math.max(0, Math.min(60, p)) / 6);
            // A sensor's noise around zero is no negative pressure (nor a "-0.0").
            String value = Double.isNaN(p) ? " ---" : String.format(Locale.ROOT, "%4.1f", Math.max(0, p) + 0.0);
            sb.append(String.format(Locale.ROOT, "  %s %-10s %s", chambers.get(i), "#".repeat(bars), value));
            if (s.target(i) > 0) {
                sb.append(String.format(Locale.ROOT, "/%.0f", s.target(i)));
            }
        }
        sb.append(" mmHg");
        if (s.fault() != null) {
            sb.append("  FAULT ").append(s.fault().code().wire()).append(": ").append(s.fault().message());
        }
        return sb.toString();
    }

    /** One line for an event, or {@code null} for none. */
    static String describe(Event e) {
        return switch (e) {
            case Event.CommandResult r -> r.ok() ? what(r.command()) + " (" + r.command().origin() + ")"
                    : r.command().kind().wire() + " refused: " + r.error();
            case Event.PhaseChange pc -> pc.from().wire() + " -> " + pc.to().wire() + " (" + pc.why() + ")"
                    + (pc.program() == null ? "" : " [" + pc.program() + "]");
            case Event.FaultRaised f -> "FAULT " + f.fault().code().wire() + ": " + f.fault().message();
        };
    }

    /** A command as a person reads it: with its level, or its program. */
    static String what(Command c) {
        return switch (c.kind()) {
            case VIBRATION -> "vibration " + c.level() + " of 10";
            case INTENSITY -> "intensity " + c.level() + " of 10";
            case START -> "start " + (c.program() == null ? "the default program" : c.program());
            default -> c.kind().wire();
        };
    }

    /**
     * Parses a typed line into a command. Returns {@code null} for lines that are not commands to
     * the loop (handled by the caller); throws with a one-line reason for a mistake.
     */
    static Command parse(String line) throws UsageException {
        String[] w = line.trim().split("\\s+");
        return switch (w[0]) {
            case "start" -> Command.start(w.length > 1 ? w[1] : null, "console");
            case "stop" -> Command.of(Command.Kind.STOP, "console");
            case "pause" -> Command.of(Command.Kind.PAUSE, "console");
            case "resume" -> Command.of(Command.Kind.RESUME, "console");
            case "clear-fault" -> Command.of(Command.Kind.CLEAR_FAULT, "console");
            case "vibration", "vib" -> Command.level(Command.Kind.VIBRATION, level(w, 0), "console");
            case "intensity" -> Command.level(Command.Kind.INTENSITY, level(w, 1), "console");
            default -> null;
        };
    }

    private static int level(String[] w, int min) throws UsageException {
        if (w.length < 2) {
            throw new UsageException(w[0] + " needs a level, " + min + " to 10");
        }
        try {
            int n = Integer.parseInt(w[1]);
            if (n < min || n > 10) {
                throw new UsageException(w[0] + ": " + n + " is outside " + min + " to 10");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(w[0] + ": '" + w[1] + "' is not a whole number");
        }
    }
}
