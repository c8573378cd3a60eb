package dev.quietlegs.firmware.journal;

import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A diary entry that takes ten seconds. Ratings are 0 (none) to 10 (worst), except sleep, 0 (very
 * badly) to 10 (very well). The IRLS total is recorded when a person enters one, not the questionnaire.
 *
 * @param restless "how restless are your legs now?", before or after a session
 * @param sleep    how well they slept (morning)
 * @param falling  how bad the legs were while falling asleep (morning)
 * @param night    how bad the legs were during the night (morning)
 * @param onset    when the symptoms began the evening before (morning), or {@code null}
 * @param irls     an IRLS total 0–40
 */
public record DiaryEntry(Instant at, Boolean clockSynced, Kind kind, Integer restless, Integer sleep, Integer falling,
                         Integer night, LocalTime onset, Integer irls) {

    /** What the entry is. */
    public enum Kind {
        BEFORE, AFTER, MORNING, IRLS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Names the user types or sends, with what each takes. */
    public static final String USAGE = "before R | after R | morning sleep=S falling=F night=N [onset=HH:MM] | irls TOTAL"
            + " (R, S, F, N: 0-10; TOTAL: 0-40)";

    public DiaryEntry at(Instant when, Boolean synced) {
        return new DiaryEntry(when, synced, kind, restless, sleep, falling, night, onset, irls);
    }

    /**
     * An entry from words: {@code before 6}, {@code after 2}, {@code morning sleep=7 falling=3 night=2
     * onset=21:30}, {@code irls 18}. The time is filled in later ({@link #at}).
     *
     * @throws IllegalArgumentException with what is wrong, in words a person can act on
     */
    public static DiaryEntry parse(String[] words) {
        if (words.length == 0) {
            throw new IllegalArgumentException("which entry? " + USAGE);
        }
        Map<String, String> values = new LinkedHashMap<>();
        String kind = words[0].toLowerCase(Locale.ROOT);
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            int eq = w.indexOf('=');
            if (eq > 0) {
                values.put(w.substring(0, eq).toLowerCase(Locale.ROOT), w.substring(eq + 1));
            } else if (!values.containsKey("value")) {
                values.put("value", w);
            } else {
                throw new IllegalArgumentException("unexpected '" + w + "': " + USAGE);
            }
        }
        return of(kind, values);
    }

    /** An entry from a phone: {@code {"entry":"morning","sleep":7,"falling":3,"night":2,"onset":"21:30"}}. */
    public static DiaryEntry fromJson(String text) {
        Map<String, String> v = FlatJson.parse(text);
        String kind = v.remove("entry");
        if (kind == null) {
            throw new IllegalArgumentException("\"entry\" is missing (before, after, morning or irls)");
        }
        if (v.containsKey("value")) {
            throw new IllegalArgumentException("'value' is not part of a " + kind + " entry: name the rating");
        }
        return of(kind, v);
    }

    /** An entry from a kind and its named values (the command line's, or a phone's JSON). */
    public static DiaryEntry of(String kind, Map<String, String> values) {
        Map<String, String> v = new LinkedHashMap<>(values);
        DiaryEntry e = switch (kind) {
            case "before", "after" -> {
                String r = v.containsKey("restless") ? v.remove("restless") : v.remove("value");
                yield new DiaryEntry(null, null, kind.equals("before") ? Kind.BEFORE : Kind.AFTER,
                        rating("restless", r, 0, 10, true), null, null, null, null, null);
            }
            case "morning" -> new DiaryEntry(null, null, Kind.MORNING, null, rating("sleep", v.remove("sleep"), 0, 10, true),
                    rating("falling", v.remove("falling"), 0, 10, true), rating("night", v.remove("night"), 0, 10, true),
                    time(v.remove("onset")), null);
            case "irls" -> {
                String t = v.containsKey("total") ? v.remove("total") : v.remove("value");
                yield new DiaryEntry(null, null, Kind.IRLS, null, null, null, null, null, rating("total", t, 0, 40, true));
            }
            default -> throw new IllegalArgumentException("unknown diary entry '" + kind + "': " + USAGE);
        };
        if (!v.isEmpty()) {
            throw new IllegalArgumentException("'" + v.keySet().iterator().next() + "' is not part of a " + kind
                    + " entry: " + USAGE);
        }
        return e;
    }

    private static Integer rating(String name, String text, int min, int max, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                throw new IllegalArgumentException(name + " is missing (" + min + "-" + max + "): " + USAGE);
            }
            return null;
        }
        int n;
        try {
            n = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + shorten(text) + "' is not a whole number " + min + "-" + max);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " " + n + " is outside " + min + "-" + max);
        }
        return n;
    }

    private static LocalTime time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text.strip().length() == 4 ? "0" + text.strip() : text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("onset '" + shorten(text) + "' is not a time HH:MM");
        }
    }

    static String shorten(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 20 ? printable.substring(0, 20) + "…" : printable;
    }

    /** The entry in words, as a person typed it. */
    public String describe() {
        return switch (kind) {
            case BEFORE, AFTER -> kind.wire() + " " + restless;
            case MORNING -> "morning sleep=" + sleep + " falling=" + falling + " night=" + night
                    + (onset == null ? "" : " onset=" + onset);
            case IRLS -> "irls " + irls;
        };
    }
}
