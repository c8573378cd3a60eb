package dev.quietlegs.firmware.remote;

import dev.quietlegs.firmware.control.Command;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns {@code cmd/<name>} messages into commands, with the plain payloads a phone app's button or
 * slider sends. Everything wrong gets a reason; nothing here touches the session.
 */
public final class CommandParser {

    /** Longer payloads are refused unread: no command needs more. */
    public static final int MAX_PAYLOAD_BYTES = 256;
    static final String ORIGIN = "mqtt";
    /** The names accepted under {@code cmd/}. */
    public static final String NAMES = "start, stop, pause, resume, repeat, vibration, intensity, clear-fault";

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

    public Parsed parse(String name, byte[] payload, boolean retained) {
        if (retained) {
            return Parsed.error(name, "retained commands are never acted on: publish commands without the retain flag"
                    + " (and clear this one with an empty retained message)");
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
        return switch (name) {
            case "start" -> start(name, text);
            case "stop" -> Parsed.ok(name, Command.of(Command.Kind.STOP, ORIGIN));
            case "pause" -> Parsed.ok(name, Command.of(Command.Kind.PAUSE, ORIGIN));
            case "resume" -> Parsed.ok(name, Command.of(Command.Kind.RESUME, ORIGIN));
            case "clear-fault" -> Parsed.ok(name, Command.of(Command.Kind.CLEAR_FAULT, ORIGIN));
            case "repeat" -> Parsed.ok(name, Command.start(repeatProgram, ORIGIN));
            case "vibration" -> level(name, text, Command.Kind.VIBRATION, 0);
            case "intensity" -> level(name, text, Command.Kind.INTENSITY, 1);
            default -> Parsed.error(name, "unknown command (known: " + NAMES + ")");
        };
    }

    private static Parsed start(String name, String text) {
        // Empty, or Home Assistant's default button payload, is the default program.
        if (text.isEmpty() || text.equalsIgnoreCase("PRESS") || text.equalsIgnoreCase("default")) {
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
