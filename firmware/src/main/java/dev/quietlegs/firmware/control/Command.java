package dev.quietlegs.firmware.control;

import java.util.Locale;

/**
 * A request to the control loop from another thread: the console, a button, the phone.
 *
 * @param program for {@code START}: a program name, or {@code null} for the default
 * @param level   for {@code VIBRATION} (0–10) and {@code INTENSITY} (1–10)
 * @param origin  who asked ("button", "console", "mqtt"), for the events and the log
 */
public record Command(Kind kind, String program, int level, String origin) {

    public enum Kind {
        START, STOP, PAUSE, RESUME, VIBRATION, INTENSITY, CLEAR_FAULT;

        /** The name on the wire: {@code start}, {@code clear-fault}, … */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static Command start(String program, String origin) {
        return new Command(Kind.START, program, 0, origin);
    }

    public static Command of(Kind kind, String origin) {
        return new Command(kind, null, 0, origin);
    }

    public static Command level(Kind kind, int level, String origin) {
        return new Command(kind, null, level, origin);
    }
}
