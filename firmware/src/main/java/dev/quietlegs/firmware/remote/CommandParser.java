package dev.quietlegs.firmware.remote;

import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.journal.DiaryEntry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns {@code cmd/<name>} messages into commands, with the plain payloads a phone app's button or
 * slider sends. Everything wrong gets a reason; nothing here touches the session.
 *
 * <p>A command is acted on only when its message says what it means. An empty payload means
 * nothing: it is also what clearing a retained message delivers (MQTT 3.1.1 forwards that empty
 * retained publish to subscribers live, without the retain flag), so it is refused on every
 * command that could make something happen. Home Assistant's buttons send {@code PRESS}.
 */
public final class CommandParser {

    /** A diary entry from {@code cmd/diary}, or why there is none. */
    public record Diary(DiaryEntry entry, String error) {
    }

    /** Longer payloads are refused unread: no command needs more. */
    public static final int MAX_PAYLOAD_BYTES = 256;
    static final String ORIGIN = "mqtt";
    /** The names accepted under {@code cmd/}. */
    public static final String NAMES = "start, stop, pause, resume, repeat, vibration, intensity, clear-fault, diary";
    /** What Home Assistant's MQTT button sends by default, and what its discovery asks it to send. */
    public static final String PRESS = "PRESS";

    static final String EMPTY = "an empty payload is not a command (clearing a retained message sends one): ";

    /** A command, or why there is none. */
    public record Parsed(String name, Command command, String error) {
        static Parsed ok(String name, Command c) {
            return new Parsed(name, c, null);
        }

        static Parsed error(String name, String why) {
            return new Parsed(name, null, why);
        }
    }

    private final String repeatProgram;

    /** @param repeatProgram what {@code cmd/repeat} starts */
    public CommandParser(String repeatProgram) {
        this.repeatProgram = repeatProgram;
    }

    /** A message as first delivered (not a redelivery). */
    public Parsed parse(String name, byte[] payload, boolean retained) {
        return parse(name, payload, retained, false);
    }

    /**
     * @param retained  the message's retain flag: set when the broker replays a stored message at a
     *                  subscription (MQTT 3.1.1 clears it on live deliveries)
     * @param duplicate the message's DUP flag: set when the broker sends a QoS 1 message to the unit
     *                  again because it saw no acknowledgement of the first copy
     */
    public Parsed parse(String name, byte[] payload, boolean retained, boolean duplicate) {
        if (retained) {
            return Parsed.error(name, "retained commands are never acted on: publish commands without the retain flag"
                    + " (and clear this one with an empty retained message, which is refused too)");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return Parsed.error(name, "payload of " + payload.length + " bytes is over " + MAX_PAYLOAD_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString().trim();
        } catch (CharacterCodingException e) {
            return Parsed.error(name, "payload is not UTF-8 text");
        }
        // A redelivered copy can only reach this clean-session client when the broker resends a
        // message whose acknowledgement it missed on the same connection: the first copy arrived.
        // Stop and pause again are harmless; anything that starts or re-arms something is not.
        boolean makesSomethingHappen = switch (name) {
            case "start", "repeat", "resume", "clear-fault" -> true;
            default -> false;
        };
        if (duplicate && makesSomethingHappen) {
            return Parsed.error(name, "a redelivered copy (DUP flag) of a command is not acted on again: send it anew");
        }
        return switch (name) {
            case "start" -> start(name, text);
            // Stop is the phone's way out, and the one command an empty payload still carries out:
            // a stop refused when a person wants the cuff off is the hazard, while an unwanted stop
            // (a cleared retained stop) only ends a session early, vented. Whatever a phone app is
            // set up to send, its stop is never refused for the payload.
            case "stop" -> Parsed.ok(name, Command.of(Command.Kind.STOP, ORIGIN));
            // Pause vents too, but it is the "hold on, I'll resume" convenience, not the way out
            // (stop is, and the unit's own buttons): like every other command it must say something,
            // so a cleared retained pause does not interrupt someone's session.
            case "pause" -> text.isEmpty() ? empty(name, "send PRESS (stop accepts an empty payload)")
                    : Parsed.ok(name, Command.of(Command.Kind.PAUSE, ORIGIN));
            case "resume" -> text.isEmpty() ? empty(name, "send PRESS")
                    : Parsed.ok(name, Command.of(Command.Kind.RESUME, ORIGIN));
            case "clear-fault" -> text.isEmpty() ? empty(name, "send PRESS")
                    : Parsed.ok(name, Command.of(Command.Kind.CLEAR_FAULT, ORIGIN));
            case "repeat" -> text.isEmpty() ? empty(name, "send PRESS")
                    : Parsed.ok(name, Command.start(repeatProgram, ORIGIN));
            case "vibration" -> text.isEmpty() ? empty(name, "send a whole level 0 to 10")
                    : level(name, text, Command.Kind.VIBRATION, 0);
            case "intensity" -> text.isEmpty() ? empty(name, "send a whole level 1 to 10")
                    : level(name, text, Command.Kind.INTENSITY, 1);
            default -> Parsed.error(name, "unknown command (known: " + NAMES + ")");
        };
    }

    /**
     * {@code cmd/diary}: a small JSON object, {@code {"entry":"before","restless":6}} or
     * {@code {"entry":"morning","sleep":7,"falling":3,"night":2,"onset":"21:30"}}, checked like every
     * command; a redelivered copy is refused (it would be noted twice).
     */
    public Diary diary(byte[] payload, boolean retained, boolean duplicate) {
        if (retained) {
            return new Diary(null, "retained commands are never acted on: publish diary entries without the retain flag");
        }
        if (duplicate) {
            return new Diary(null, "a redelivered copy (DUP flag) of a diary entry is not noted again: send it anew");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return new Diary(null, "payload of " + payload.length + " bytes is over " + MAX_PAYLOAD_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString().trim();
        } catch (CharacterCodingException e) {
            return new Diary(null, "payload is not UTF-8 text");
        }
        if (text.isEmpty()) {
            return new Diary(null, EMPTY + "send {\"entry\":\"before\",\"restless\":6} or the like");
        }
        try {
            return new Diary(DiaryEntry.fromJson(text), null);
        } catch (IllegalArgumentException e) {
            return new Diary(null, e.getMessage());
        }
    }

    private static Parsed empty(String name, String what) {
        return Parsed.error(name, EMPTY + what);
    }

    private static Parsed start(String name, String text) {
        if (text.isEmpty()) {
            return empty(name, "send PRESS for the default program, or a program name");
        }
        // Home Assistant's button payload, or the word, is the default program.
        if (text.equalsIgnoreCase(PRESS) || text.equalsIgnoreCase("default")) {
            return Parsed.ok(name, Command.start(null, ORIGIN));
        }
        if (!text.matches("[a-z][a-z0-9-]{0,31}")) {
            return Parsed.error(name, "'" + shorten(text) + "' is not a program name");
        }
        return Parsed.ok(name, Command.start(text, ORIGIN));
    }

    private static Parsed level(String name, String text, Command.Kind kind, int min) {
        double v;
        try {
            v = Double.parseDouble(text.toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            return Parsed.error(name, "'" + shorten(text) + "' is not a level " + min + " to 10");
        }
        // Sliders send 5 or 5.0; a level is whole.
        if (!(v >= min && v <= 10) || v != Math.rint(v)) {
            return Parsed.error(name, shorten(text) + " is not a whole level " + min + " to 10");
        }
        return Parsed.ok(name, Command.level(kind, (int) v, ORIGIN));
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
