package dev.quietlegs.firmware.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code schedule.yaml}, a file of its own beside {@code quietlegs.yaml}: the person's
 * routine, changed from evening to evening, kept apart from the build's wiring and limits. Every
 * mistake is {@code FILE:LINE: what}, an unknown key with the one it most likely meant.
 */
public final class ScheduleLoader {

    public static final String FILE = "schedule.yaml";
    private static final Pattern HH_MM = Pattern.compile("([01]?\\d|2[0-3]):([0-5]\\d)");

    private ScheduleLoader() {
    }

    /** The schedule in {@code dir}, or the defaults when there is none. */
    public static Schedule loadFrom(Path dir, ProgramCatalog programs) throws ConfigException {
        Path file = dir.resolve(FILE);
        return Files.exists(file) ? load(file, programs) : Schedule.defaults();
    }

    public static Schedule load(Path file, ProgramCatalog programs) throws ConfigException {
        return parse(YamlSection.load(file), programs);
    }

    static Schedule parse(YamlSection y, ProgramCatalog programs) throws ConfigException {
        String onsetText = y.text("usual_onset", "learn");
        LocalTime onset = null;
        if (!onsetText.equals("learn")) {
            Matcher m = HH_MM.matcher(onsetText);
            if (!m.matches()) {
                throw y.error("usual_onset", "'" + onsetText + "' is not a time HH:MM (e.g. 21:30) or 'learn'");
            }
            onset = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        int lead = y.integer("lead_min", 5, 180, (int) Schedule.DEFAULT_LEAD.toMinutes());
        boolean remind = onOff(y, "reminder", true);
        boolean autoStart = onOff(y, "auto_start", false);
        String program = y.text("program", null);
        if (program != null && programs.find(program).isEmpty()) {
            throw y.error("program", "'" + program + "' is not a program (known: " + programs.names() + ")");
        }
        y.rejectUnknownKeys();
        return new Schedule(onset, Duration.ofMinutes(lead), remind, autoStart, program);
    }

    /** YAML 1.2 reads on/off as words, not booleans: both spellings are accepted here. */
    private static boolean onOff(YamlSection y, String key, boolean fallback) throws ConfigException {
        String v = y.text(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw y.error(key, "'" + v + "' is not on or off");
        };
    }
}
