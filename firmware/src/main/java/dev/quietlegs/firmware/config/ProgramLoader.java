package dev.quietlegs.firmware.config;

import dev.quietlegs.firmware.therapy.Compression;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.therapy.Vibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code programs/NAME.yaml} files and checks each against the unit it will run on: its
 * chambers, its pressure limit, its limit on how long a chamber stays inflated.
 */
public final class ProgramLoader {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    /** The lowest target worth inflating a chamber for. */
    private static final double MIN_TARGET_MMHG = 5;
    /** Targets stay this far under the unit's limit, so the regulator never fights the supervisor. */
    static final double HEADROOM_MMHG = 3;

    private ProgramLoader() {
    }

    /** Every {@code *.yaml} in {@code dir}, and the unit's default among them. */
    public static ProgramCatalog loadAll(Path dir, UnitConfig unit) throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir, 0, "programs directory not found");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(dir, 0, "cannot be listed (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) {
            throw new ConfigException(dir, 0, "holds no program (NAME.yaml)");
        }
        Map<String, Program> programs = new LinkedHashMap<>();
        for (Path f : files) {
            Program p = load(f, unit);
            programs.put(p.name(), p);
        }
        if (!programs.containsKey(unit.defaultProgram())) {
            throw new ConfigException(unit.source(), 0, "programs.default: '" + unit.defaultProgram()
                    + "' is not a program in " + dir + " (there: " + String.join(", ", programs.keySet()) + ")");
        }
        return new ProgramCatalog(programs, unit.defaultProgram());
    }

    public static Program load(Path file, UnitConfig unit) throws ConfigException {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".yaml".length());
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(file, 0, "a program file is named NAME.yaml, NAME a lower-case word"
                    + " (letters, digits, '-'), not '" + name + "'");
        }
        return parse(name, YamlSection.load(file), unit);
    }

    static Program parse(String name, YamlSection y, UnitConfig unit) throws ConfigException {
        String description = y.text("description", "");
        int durationS = (int) Math.round(y.number("duration_min", 1, 60) * 60);
        double rampUp = y.number("ramp_up_s", 0, 600, 60);
        double taper = y.number("taper_s", 0, 900, 300);
        if (rampUp + taper > durationS) {
            throw y.error("taper_s", "ramp-up " + YamlSection.fmt(rampUp) + " s and taper " + YamlSection.fmt(taper)
                    + " s do not fit in " + YamlSection.fmt(durationS) + " s");
        }
        int intensity = y.integer("intensity", Program.MIN_LEVEL, Program.MAX_LEVEL, 5);

        Optional<Vibration> vibration = Optional.empty();
        var v = y.section("vibration");
        if (v.isPresent()) {
            vibration = Optional.of(vibration(v.get()));
        }
        Optional<Compression> compression = Optional.empty();
        var c = y.section("compression");
        if (c.isPresent()) {
            compression = Optional.of(compression(c.get(), unit, durationS));
        }
        if (vibration.isEmpty() && compression.isEmpty()) {
            throw new ConfigException(y.file(), y.line(), "a program needs vibration, compression or both");
        }
        y.rejectUnknownKeys();
        return new Program(name, description, durationS, rampUp, taper, intensity, vibration, compression);
    }

    private static Vibration vibration(YamlSection v) throws ConfigException {
        int level = v.integer("level", 1, Program.MAX_LEVEL);
        Vibration.Pattern pattern = v.choice("pattern", Vibration.Pattern.class, Vibration.Pattern.CONTINUOUS);
        double on = 0;
        double off = 0;
        if (pattern == Vibration.Pattern.PULSE) {
            on = v.number("on_s", 0.5, 600);
            off = v.number("off_s", 0.5, 600);
        }
        v.rejectUnknownKeys();
        return new Vibration(level, pattern, on, off);
    }

    private static Compression compression(YamlSection c, UnitConfig unit, int durationS) throws ConfigException {
        List<String> names = c.texts("chambers");
        int[] chambers;
        if (names.isEmpty() || names.equals(List.of("all"))) {
            chambers = java.util.stream.IntStream.range(0, unit.chambers()).toArray();
        } else {
            List<Integer> idx = new ArrayList<>();
            for (String n : names) {
                int i = unit.chamberNames().indexOf(n);
                if (i < 0) {
                    throw c.error("chambers", "'" + n + "' is not a chamber of this cuff ("
                            + String.join(", ", unit.chamberNames()) + ")");
                }
                if (idx.contains(i)) {
                    throw c.error("chambers", "'" + n + "' is listed twice");
                }
                if (!idx.isEmpty() && i < idx.get(idx.size() - 1)) {
                    throw c.error("chambers", "chambers inflate from the ankle up: '" + n + "' comes before '"
                            + unit.chamberNames().get(idx.get(idx.size() - 1)) + "'");
                }
                idx.add(i);
            }
            chambers = idx.stream().mapToInt(Integer::intValue).toArray();
        }
        double highest = unit.maxMmHg() - HEADROOM_MMHG;
        double max = c.number("max_mmhg", MIN_TARGET_MMHG, UnitConfig.CEILING_MMHG, highest);
        if (max > highest) {
            throw c.error("max_mmhg", YamlSection.fmt(max) + " is above " + YamlSection.fmt(highest) + ", "
                    + YamlSection.fmt(HEADROOM_MMHG) + " mmHg under the unit's limit of " + YamlSection.fmt(unit.maxMmHg())
                    + " mmHg (limits.max_mmhg in " + unit.source() + "), where the supervisor stops filling");
        }
        double distal = c.number("distal_mmhg", MIN_TARGET_MMHG, UnitConfig.CEILING_MMHG);
        if (distal > max) {
            throw c.error("distal_mmhg", YamlSection.fmt(distal) + " is above the program's max_mmhg "
                    + YamlSection.fmt(max));
        }
        double gradient = c.number("gradient_mmhg", 0, 10, 5);
        double lowest = distal - gradient * (chambers.length - 1);
        if (lowest < MIN_TARGET_MMHG) {
            throw c.error("gradient_mmhg", "a gradient of " + YamlSection.fmt(gradient) + " mmHg leaves the top chamber at "
                    + YamlSection.fmt(lowest) + " mmHg, below " + YamlSection.fmt(MIN_TARGET_MMHG));
        }
        double inflate = c.number("inflate_s", 1, 30);
        double hold = c.number("hold_s", 0, 120);
        Compression.Release release = c.choice("release", Compression.Release.class, Compression.Release.ALL);
        double stagger = c.number("release_stagger_s", 0, 10, release == Compression.Release.ALL ? 0 : 1);
        double rest = c.number("rest_s", 0, 600);
        c.rejectUnknownKeys();
        Compression out = new Compression(chambers, distal, gradient, max, inflate, hold, release, stagger, rest);
        if (out.pressurisedS() > unit.maxInflatedS()) {
            throw c.error("hold_s", "the distal chamber stays inflated " + YamlSection.fmt(out.pressurisedS())
                    + " s per cycle, above the unit's limit of " + YamlSection.fmt(unit.maxInflatedS())
                    + " s (limits.max_inflated_s)");
        }
        if (out.cycleS() > durationS) {
            throw c.error("rest_s", "one cycle takes " + YamlSection.fmt(out.cycleS()) + " s, longer than the program");
        }
        return out;
    }
}
