package dev.quietlegs.firmware.journal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the one shape of JSON a diary message has: one object of names to strings, whole numbers
 * or null ({@code {"entry":"before","restless":6}}). Anything else is refused with where and why.
 */
final class FlatJson {

    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    /** The names and values (numbers as their text, null left out); a name twice is an error. */
    static Map<String, String> parse(String text) {
        FlatJson p = new FlatJson(text);
        Map<String, String> out = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        p.space();
        p.expect('{');
        p.space();
        if (p.peek() == '}') {
            p.i++;
        } else {
            while (true) {
                p.space();
                String key = p.string();
                p.space();
                p.expect(':');
                p.space();
                String value = p.value();
                if (!seen.add(key)) {
                    throw new IllegalArgumentException("'" + DiaryEntry.shorten(key) + "' appears twice");
                }
                if (value != null) {
                    out.put(key, value);
                }
                p.space();
                char c = p.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw p.error("expected , or }");
                }
            }
        }
        p.space();
        if (p.i < text.length()) {
            throw p.error("text after the object");
        }
        return out;
    }

    private String value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (s.startsWith("null", i)) {
            i += 4;
            return null;
        }
        int start = i;
        if (c == '-') {
            i++;
        }
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i == start) {
            throw error("a value must be a string, a number or null");
        }
        String n = s.substring(start, i);
        // 5.0 from a slider is the whole number 5; 5.5 is left for the range check to refuse.
        return n.endsWith(".0") ? n.substring(0, n.length() - 2) : n;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                throw error("escapes are not needed in a diary entry");
            }
            b.append(c);
        }
    }

    private void space() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private char next() {
        if (i >= s.length()) {
            throw error("the object does not end");
        }
        return s.charAt(i++);
    }

    private void expect(char c) {
        if (next() != c) {
            i--;
            throw error("expected " + c);
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("not the JSON of a diary entry (" + what + " at character " + (i + 1) + ")");
    }
}
