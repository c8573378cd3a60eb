package dev.quietlegs.firmware.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * One mapping of a YAML file, read strictly: every value is checked for type and range, every
 * error carries the file and line, and keys nobody asked for are errors too (a typo in a limit
 * must not silently fall back to a default).
 */
public final class YamlSection {

    private final Path file;
    private final String where;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final List<String> asked = new ArrayList<>();

    private final int line;

    private YamlSection(Path file, String where, MappingNode node, int line) throws ConfigException {
        this.file = file;
        this.where = where;
        this.line = line;
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw new ConfigException(file, lineOf(t.getKeyNode()), "keys must be plain words");
            }
            if (entries.put(key.getValue(), t) != null) {
                throw new ConfigException(file, lineOf(key), "key '" + name(key.getValue()) + "' is given twice");
            }
        }
    }

    /** Reads a file whose top level is a mapping. */
    public static YamlSection load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException(file, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return parse(file, text);
    }

    /** Parses text as if it were the content of {@code file}. */
    public static YamlSection parse(Path file, String text) throws ConfigException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(String.valueOf(file))
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(10)
                .setCodePointLimit(1 << 20)
                .build();
        Node root;
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            Optional<Node> single = composer.getSingleNode();
            if (single.isEmpty()) {
                throw new ConfigException(file, 0, "is empty");
            }
            root = single.get();
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "is not valid YAML" : e.getProblem();
            throw new ConfigException(file, line, "invalid YAML: " + problem);
        } catch (YamlEngineException e) {
            throw new ConfigException(file, 0, "invalid YAML: " + firstLine(e.getMessage()));
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ConfigException(file, lineOf(root), "must be a mapping of keys to values");
        }
        return new YamlSection(file, "", mapping, 1);
    }

    public Path file() {
        return file;
    }

    /** The line of this section's key (1 for the whole file). */
    public int line() {
        return line;
    }

    /** Whether the key is given; asking makes it a key of this section, not an unknown one. */
    public boolean has(String key) {
        asked.add(key);
        return entries.containsKey(key);
    }

    /**
     * A problem with the value of {@code key}; when the key is absent, with this section, unless
     * a key given here is that one mistyped: then the typo is the problem.
     */
    public ConfigException error(String key, String problem) {
        NodeTuple t = entries.get(key);
        if (t == null) {
            return misspelt(key).orElseGet(() -> new ConfigException(file, line(), name(key) + ": " + problem));
        }
        return new ConfigException(file, lineOf(t.getValueNode()), name(key) + ": " + problem);
    }

    // ---- scalars ----

    public String text(String key) throws ConfigException {
        return scalar(key).orElseThrow(() -> missing(key));
    }

    public String text(String key, String fallback) throws ConfigException {
        return scalar(key).orElse(fallback);
    }

    /** One of a fixed set of words, as the enum constant with that name in lower-kebab case. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) throws ConfigException {
        Optional<String> raw = scalar(key);
        if (raw.isEmpty()) {
            if (fallback == null) {
                throw missing(key);
            }
            return fallback;
        }
        List<String> words = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String word = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
            words.add(word);
            if (word.equals(raw.get())) {
                return e;
            }
        }
        throw error(key, "'" + raw.get() + "' is not one of " + String.join(", ", words));
    }

    public double number(String key, double min, double max) throws ConfigException {
        return number(key, min, max, Double.NaN);
    }

    /** A number in [min, max]; {@code fallback} NaN makes the key required. */
    public double number(String key, double min, double max, double fallback) throws ConfigException {
        Optional<String> raw = scalar(key);
        if (raw.isEmpty()) {
            if (Double.isNaN(fallback)) {
                throw missing(key);
            }
            return fallback;
        }
        double v;
        try {
            v = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw error(key, "'" + raw.get() + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw error(key, "'" + raw.get() + "' is not a finite number");
        }
        return inRange(key, v, min, max);
    }

    public int integer(String key, int min, int max) throws ConfigException {
        return integer(key, min, max, null);
    }

    public int integer(String key, int min, int max, Integer fallback) throws ConfigException {
        Optional<String> raw = scalar(key);
        if (raw.isEmpty()) {
            if (fallback == null) {
                throw missing(key);
            }
            return fallback;
        }
        int v;
        try {
            v = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw error(key, "'" + raw.get() + "' is not a whole number");
        }
        return (int) inRange(key, v, min, max);
    }

    public long longInteger(String key, long fallback) throws ConfigException {
        Optional<String> raw = scalar(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw error(key, "'" + raw.get() + "' is not a whole number");
        }
    }

    private double inRange(String key, double v, double min, double max) throws ConfigException {
        if (v < min || v > max) {
            throw error(key, fmt(v) + " is outside " + fmt(min) + " to " + fmt(max));
        }
        return v;
    }

    // ---- structure ----

    public Optional<YamlSection> section(String key) throws ConfigException {
        asked.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            return Optional.empty();
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            throw error(key, "must be a mapping of keys to values");
        }
        return Optional.of(new YamlSection(file, name(key), m, lineOf(t.getKeyNode())));
    }

    public YamlSection requiredSection(String key) throws ConfigException {
        return section(key).orElseThrow(() -> missing(key));
    }

    /** A list of words; a single word is taken as a list of one. Empty when the key is absent. */
    public List<String> texts(String key) throws ConfigException {
        asked.add(key);
        NodeTuple t = entries.get(key);
        List<String> out = new ArrayList<>();
        if (t == null) {
            return out;
        }
        if (t.getValueNode() instanceof ScalarNode s) {
            out.add(s.getValue());
            return out;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            throw error(key, "must be a list");
        }
        for (Node item : seq.getValue()) {
            if (!(item instanceof ScalarNode s)) {
                throw new ConfigException(file, lineOf(item), name(key) + ": each item must be a plain value");
            }
            out.add(s.getValue());
        }
        return out;
    }

    /** A list of numbers each in [min, max]. Empty when the key is absent. */
    public double[] numbers(String key, double min, double max) throws ConfigException {
        List<String> raw = texts(key);
        double[] out = new double[raw.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Double.parseDouble(raw.get(i));
            } catch (NumberFormatException e) {
                throw error(key, "item " + (i + 1) + " '" + raw.get(i) + "' is not a number");
            }
            if (!(out[i] >= min && out[i] <= max)) {
                throw error(key, "item " + (i + 1) + " " + fmt(out[i]) + " is outside " + fmt(min) + " to " + fmt(max));
            }
        }
        return out;
    }

    /** A list of whole numbers each in [min, max]; {@code fallback} when the key is absent. */
    public List<Integer> integers(String key, int min, int max, List<Integer> fallback) throws ConfigException {
        if (!entries.containsKey(key)) {
            asked.add(key);
            return fallback;
        }
        List<String> raw = texts(key);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            int v;
            try {
                v = Integer.parseInt(raw.get(i));
            } catch (NumberFormatException e) {
                throw error(key, "item " + (i + 1) + " '" + raw.get(i) + "' is not a whole number");
            }
            if (v < min || v > max) {
                throw error(key, "item " + (i + 1) + " " + v + " is outside " + min + " to " + max);
            }
            out.add(v);
        }
        return out;
    }

    /**
     * Fails on any key that no reader of this section asked for, naming the key it most likely
     * meant. Call after reading it.
     */
    public void rejectUnknownKeys() throws ConfigException {
        List<String> known = asked.stream().distinct().toList();
        for (String given : entries.keySet()) {
            if (!known.contains(given)) {
                String meant = nearest(given, known);
                throw unknown(given, meant != null ? " (did you mean '" + meant + "'?)"
                        : known.isEmpty() ? "" : " (known here: " + String.join(", ", known) + ")");
            }
        }
    }

    /**
     * A key given here but not yet asked for that is most likely {@code key} mistyped (hodl_s for
     * hold_s), as an unknown key naming the one it meant; else empty. A required key that is
     * missing checks this first: its typo is the mistake to report, not the absence.
     */
    public Optional<ConfigException> misspelt(String key) {
        List<String> unasked = entries.keySet().stream().filter(k -> !asked.contains(k)).toList();
        String typo = nearest(key, unasked);
        return typo == null ? Optional.empty() : Optional.of(unknown(typo, " (did you mean '" + key + "'?)"));
    }

    private ConfigException unknown(String given, String hint) {
        return new ConfigException(file, lineOf(entries.get(given).getKeyNode()), "unknown key '" + name(given) + "'"
                + hint);
    }

    /**
     * The candidate nearest to {@code word} by edits (a letter added, dropped, changed, or two
     * swapped), if it is near enough to be a typo: one edit in a word of up to five letters, two
     * beyond; null if none is, or two are equally near.
     */
    public static String nearest(String word, java.util.Collection<String> candidates) {
        int allowed = word.length() <= 5 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String c : candidates) {
            if (c.equals(word)) {
                continue;
            }
            int d = edits(word, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance) {
                tie = true;
            }
        }
        return best != null && bestDistance <= allowed && !tie ? best : null;
    }

    /** Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions, swaps. */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private Optional<String> scalar(String key) throws ConfigException {
        asked.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            return Optional.empty();
        }
        if (!(t.getValueNode() instanceof ScalarNode s)) {
            throw error(key, "must be a single value, not a list or mapping");
        }
        if (s.getValue().isEmpty() || s.getTag().getValue().endsWith(":null")) {
            throw error(key, "has no value");
        }
        return Optional.of(s.getValue());
    }

    private ConfigException missing(String key) {
        return misspelt(key).orElseGet(() -> new ConfigException(file, line(), "missing key '" + name(key) + "'"));
    }

    private String name(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    private static int lineOf(Node n) {
        return n.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
