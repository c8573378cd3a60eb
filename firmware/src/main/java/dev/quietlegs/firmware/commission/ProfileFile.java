package dev.quietlegs.firmware.commission;

import dev.quietlegs.firmware.config.PrivateFile;
import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.config.YamlSection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cuff profile on disk: {@code cuff-profile.yaml} in the state directory, YAML a person can read,
 * written whole or not at all (a temporary file renamed over it), readable by its owner only (it
 * describes the person's legs as much as the build).
 */
public final class ProfileFile {

    public static final String NAME = "cuff-profile.yaml";

    private ProfileFile() {
    }

    /** The profile's place in a state directory. */
    public static Path in(Path stateDir) {
        return stateDir.resolve(NAME);
    }

    public static void write(Path file, CuffProfile p) throws IOException {
        PrivateFile.write(file, yaml(p));
    }

    static String yaml(CuffProfile p) {
        StringBuilder sb = new StringBuilder();
        sb.append("# QuietLegs cuff profile: what commissioning measured of this build.\n")
                .append("# Seconds and mmHg; a mark not reached is left out. Commission again to replace it.\n")
                .append("version: ").append(p.version()).append('\n')
                .append("commissioned: ").append(p.commissioned()).append('\n')
                .append("board: ").append(p.board()).append('\n')
                .append("manifold_zero_mmhg: ").append(num(p.manifoldZeroMmHg())).append('\n')
                .append("pump:\n");
        field(sb, "  ", "closed_to_35_mmhg_s", p.pump().to35S());
        field(sb, "  ", "reached_mmhg", p.pump().reachedMmHg());
        sb.append("chambers:\n");
        for (CuffProfile.Chamber c : p.chambers()) {
            sb.append("  ").append(c.name()).append(":\n");
            String in = "    ";
            field(sb, in, "zero_mmhg", c.zeroMmHg());
            double[] marks = Commissioning.MARKS_MMHG;
            for (int k = 0; k < marks.length; k++) {
                field(sb, in, "fill_to_" + (int) marks[k] + "_mmhg_s", c.fillS()[k]);
            }
            field(sb, in, "manifold_at_40_mmhg", c.manifoldAtTopMmHg());
            field(sb, in, "slowest_rise_mmhg_per_s", c.slowestRiseMmHgS());
            field(sb, in, "hold_loss_per_s", c.holdLoss());
            field(sb, in, "exhaust_40_to_15_mmhg_s", c.ventTo15S());
            field(sb, in, "exhaust_10_to_3_mmhg_s", c.vent10To3S());
            field(sb, in, "exhaust_40_to_3_mmhg_s", c.ventTo3S());
            field(sb, in, "exhaust_slowest_fall_per_s", c.slowestFall());
            field(sb, in, "second_way_30_to_15_mmhg_s", c.secondTo15S());
            field(sb, in, "second_way_30_to_3_mmhg_s", c.secondTo3S());
        }
        return sb.toString();
    }

    /**
     * Reads a profile for a cuff of {@code chamberNames}.
     *
     * @throws ConfigException naming the file, the line and what is wrong: not a profile, another
     *         version, chambers that are not this cuff's, a figure missing or impossible
     */
    public static CuffProfile read(Path file, List<String> chamberNames) throws ConfigException {
        YamlSection y = YamlSection.load(file);
        int version = y.integer("version", 1, 1000);
        if (version != CuffProfile.VERSION) {
            throw y.error("version", "a profile of version " + version + "; this firmware reads version "
                    + CuffProfile.VERSION + ": commission again");
        }
        String when = y.text("commissioned");
        String board = y.text("board");
        double manifoldZero = y.number("manifold_zero_mmhg", -50, 50);
        YamlSection pumpSection = y.requiredSection("pump");
        CuffProfile.Pump pump = new CuffProfile.Pump(optional(pumpSection, "closed_to_35_mmhg_s", 0, 600),
                pumpSection.number("reached_mmhg", 0, 300));
        pumpSection.rejectUnknownKeys();
        YamlSection cs = y.requiredSection("chambers");
        List<CuffProfile.Chamber> chambers = new ArrayList<>();
        for (String name : chamberNames) {
            if (!cs.has(name)) {
                throw cs.error(name, "no '" + name + "' chamber: this profile is of another cuff; commission again");
            }
            YamlSection c = cs.requiredSection(name);
            double[] marks = Commissioning.MARKS_MMHG;
            double[] fill = new double[marks.length];
            for (int k = 0; k < marks.length; k++) {
                fill[k] = optional(c, "fill_to_" + (int) marks[k] + "_mmhg_s", 0, 600);
            }
            if (Double.isNaN(fill[0])) {
                throw c.error("fill_to_10_mmhg_s", "missing: the chamber never reached 10 mmHg; commission again");
            }
            chambers.add(new CuffProfile.Chamber(name, c.number("zero_mmhg", -50, 50), fill,
                    optional(c, "manifold_at_40_mmhg", 0, 300),
                    optional(c, "slowest_rise_mmhg_per_s", -50, 500), c.number("hold_loss_per_s", 0, 1),
                    optional(c, "exhaust_40_to_15_mmhg_s", 0, 600),
                    optional(c, "exhaust_10_to_3_mmhg_s", 0, 600),
                    optional(c, "exhaust_40_to_3_mmhg_s", 0, 600),
                    optional(c, "exhaust_slowest_fall_per_s", -1, 1),
                    optional(c, "second_way_30_to_15_mmhg_s", 0, 600),
                    optional(c, "second_way_30_to_3_mmhg_s", 0, 600)));
            c.rejectUnknownKeys();
        }
        cs.rejectUnknownKeys();
        y.rejectUnknownKeys();
        return new CuffProfile(version, when, board, manifoldZero, pump, chambers);
    }

    /**
     * A mark that may have been left out because it was not reached (NaN). ({@link YamlSection}'s
     * NaN fallback would make it required.)
     */
    private static double optional(YamlSection s, String key, double min, double max) throws ConfigException {
        return s.has(key) ? s.number(key, min, max) : Double.NaN;
    }

    private static void field(StringBuilder sb, String indent, String key, double v) {
        if (!Double.isNaN(v)) {
            sb.append(indent).append(key).append(": ").append(num(v)).append('\n');
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4g", v + 0.0);
    }
}
