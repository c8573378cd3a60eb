package dev.quietlegs.firmware.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.simulate.Commissioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cuff profile on disk: what is written is read back; a file that is not one is refused with its line. */
class ProfileFileTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);
    private static final List<String> NAMES = UNIT.chamberNames();
    /** Written with 4 significant digits. */
    private static final double PRECISION = 5e-4;

    @TempDir
    Path tmp;

    private static CuffProfile commissioned() {
        return Commissioner.commission(UNIT, PROGRAMS, "2026-12-02T10:00:00Z").profile();
    }

    private static void assertSame(double read, double written, String what) {
        if (Double.isNaN(written)) {
            assertThat(read).as(what).isNaN();
        } else {
            assertThat(read).as(what).isCloseTo(written, within(PRECISION * Math.abs(written) + 1e-12));
        }
    }

    private static void assertSameProfile(CuffProfile read, CuffProfile written) {
        assertThat(read.version()).isEqualTo(written.version());
        assertThat(read.commissioned()).isEqualTo(written.commissioned());
        assertThat(read.board()).isEqualTo(written.board());
        assertSame(read.manifoldZeroMmHg(), written.manifoldZeroMmHg(), "manifold zero");
        assertSame(read.pump().to35S(), written.pump().to35S(), "pump to 35");
        assertSame(read.pump().reachedMmHg(), written.pump().reachedMmHg(), "pump reached");
        assertThat(read.chambers()).hasSameSizeAs(written.chambers());
        for (int i = 0; i < written.chambers().size(); i++) {
            CuffProfile.Chamber r = read.chambers().get(i);
            CuffProfile.Chamber w = written.chambers().get(i);
            String as = w.name() + " ";
            assertThat(r.name()).isEqualTo(w.name());
            assertSame(r.zeroMmHg(), w.zeroMmHg(), as + "zero");
            for (int k = 0; k < 4; k++) {
                assertSame(r.fillS()[k], w.fillS()[k], as + "fill " + k);
            }
            assertSame(r.manifoldAtTopMmHg(), w.manifoldAtTopMmHg(), as + "manifold at 40");
            assertSame(r.slowestRiseMmHgS(), w.slowestRiseMmHgS(), as + "rise");
            assertSame(r.holdLoss(), w.holdLoss(), as + "hold loss");
            assertSame(r.ventTo15S(), w.ventTo15S(), as + "vent to 15");
            assertSame(r.vent10To3S(), w.vent10To3S(), as + "vent 10 to 3");
            assertSame(r.ventTo3S(), w.ventTo3S(), as + "vent to 3");
            assertSame(r.slowestFall(), w.slowestFall(), as + "slowest fall");
            assertSame(r.secondTo15S(), w.secondTo15S(), as + "second to 15");
            assertSame(r.secondTo3S(), w.secondTo3S(), as + "second to 3");
        }
    }

    @Test
    void whatIsWrittenIsReadBackWithinThePrintedPrecision() throws Exception {
        CuffProfile written = commissioned();
        Path file = ProfileFile.in(tmp.resolve("state"));
        assertThat(file.getFileName().toString()).isEqualTo("cuff-profile.yaml");
        ProfileFile.write(file, written);
        CuffProfile read = ProfileFile.read(file, NAMES);
        assertSameProfile(read, written);
        assertThat(read.outsideEnvelope()).isEqualTo(written.outsideEnvelope());
        // the thresholds the checks get from the file are those of the measurement, to the file's precision
        var a = read.thresholds();
        var b = written.thresholds();
        for (int i = 0; i < NAMES.size(); i++) {
            assertThat(a.fillS()[i]).isCloseTo(b.fillS()[i], within(1e-2));
            assertThat(a.ventS()[i]).isCloseTo(b.ventS()[i], within(1e-2));
            assertThat(a.fallFraction()[i]).isCloseTo(b.fallFraction()[i], within(1e-3));
        }
        assertThat(a.source()).isEqualTo(b.source()).isEqualTo("the cuff profile of 2026-12-02T10:00:00Z");
    }

    @Test
    void theProfileOfABuildWhoseAnkleFillsWithinASecondIsReadBack() throws Exception {
        // the strongest pump, the smallest garment, the widest valves: no whole second of the ankle's
        // fill to measure its rise in, so that mark is left out of the file
        var fastest = dev.quietlegs.firmware.simulate.PlantEnvelope.corners(UNIT.plant()).stream()
                .filter(x -> x.label().equals("flow+ C- ex+ in+")).findFirst().orElseThrow();
        CuffProfile written = Commissioner.commission(UNIT.withPlant(fastest.plant()), PROGRAMS, "fast").profile();
        assertThat(written.chambers().get(0).slowestRiseMmHgS()).isNaN();
        Path file = tmp.resolve("fast.yaml");
        ProfileFile.write(file, written);
        CuffProfile read = ProfileFile.read(file, NAMES);
        assertSameProfile(read, written);
        assertThat(read.thresholds().riseMmHg()).isCloseTo(written.thresholds().riseMmHg(), within(1e-2));
    }

    @Test
    void marksNotReachedAndOddFiguresRoundTripToo() throws Exception {
        CuffProfile.Chamber partial = new CuffProfile.Chamber("ankle", -0.00123, new double[] {2.5, 12.25, Double.NaN,
                Double.NaN}, Double.NaN, Double.NaN, 0, 0, Double.NaN, 0, Double.NaN, 0.5, Double.NaN);
        CuffProfile.Chamber tiny = new CuffProfile.Chamber("calf", 1.234e-7, new double[] {1e-3, 2e-3, 3e-3, 4e-3},
                299.9, -12.5, 0.999, 599.9, 1e-5, 600, -0.5, 1e-6, 0.25);
        CuffProfile.Chamber healthy = CuffProfileTest.healthy("thigh");
        CuffProfile written = new CuffProfile(CuffProfile.VERSION, "2026-12-02", "raspberry-pi", -49.99,
                new CuffProfile.Pump(Double.NaN, 0), List.of(partial, tiny, healthy));
        Path file = tmp.resolve("p.yaml");
        ProfileFile.write(file, written);
        String text = Files.readString(file);
        assertThat(text).doesNotContain("NaN", "Infinity", "closed_to_35_mmhg_s");
        assertThat(text.substring(text.indexOf("  ankle:"), text.indexOf("  calf:")))
                .contains("fill_to_20_mmhg_s: 12.25").doesNotContain("fill_to_30", "slowest_rise", "exhaust_10_to_3");
        assertSameProfile(ProfileFile.read(file, NAMES), written);
    }

    @Test
    void theFileIsItsOwnersOnlyAndWrittenWholeWithNoTemporaryFileLeft() throws Exception {
        Path dir = tmp.resolve("state");
        Files.createDirectories(dir);
        Path file = ProfileFile.in(dir);
        // an older profile that anyone could read is replaced by one only its owner can
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ProfileFile.write(file, commissioned());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cuff-profile.yaml");
        }
        assertThat(Files.readString(file)).startsWith("# QuietLegs cuff profile").contains("version: 1\n");
        // a temporary file left by a write that died is written over, then gone
        Files.writeString(dir.resolve(".cuff-profile.yaml.tmp"), "half");
        ProfileFile.write(file, commissioned());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cuff-profile.yaml");
        }
        ProfileFile.read(file, NAMES);
        // into a directory that does not exist yet
        Path deeper = tmp.resolve("a/b/cuff-profile.yaml");
        ProfileFile.write(deeper, commissioned());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deeper))).isEqualTo("rw-------");
    }

    @Test
    void aFailedWriteLeavesTheOldProfileAndNoTemporaryFile() throws Exception {
        Path dir = tmp.resolve("state");
        Files.createDirectories(dir);
        Path file = ProfileFile.in(dir);
        ProfileFile.write(file, commissioned());
        String before = Files.readString(file);
        // a directory where the file should go: the rename fails
        Path blocked = dir.resolve("blocked.yaml");
        Files.createDirectories(blocked.resolve("inside"));
        assertThatThrownBy(() -> ProfileFile.write(blocked, commissioned())).isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cuff-profile.yaml",
                    "blocked.yaml");
        }
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    // ---- files that are not a profile of this cuff ----

    private Path written() throws IOException {
        Path file = tmp.resolve("cuff-profile.yaml");
        ProfileFile.write(file, commissioned());
        return file;
    }

    /** The line (1-based) of the first line of {@code file} that starts with {@code start}. */
    private static int lineOf(Path file, String start) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError(start + " not in " + file);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
    }

    private static String error(Path file, List<String> names) {
        try {
            ProfileFile.read(file, names);
        } catch (ConfigException e) {
            assertThat(e.file()).isEqualTo(file);
            return e.getMessage();
        }
        throw new AssertionError("read " + file + " without an error");
    }

    @Test
    void anotherVersionIsRefusedAtItsLine() throws Exception {
        Path file = written();
        replace(file, "version: 1\n", "version: 2\n");
        assertThat(error(file, NAMES)).isEqualTo(file + ":" + lineOf(file, "version:")
                + ": version: a profile of version 2; this firmware reads version 1: commission again");
        replace(file, "version: 2\n", "version: 0\n");
        assertThat(error(file, NAMES)).isEqualTo(file + ":" + lineOf(file, "version:") + ": version: 0 is outside 1 to 1000");
    }

    @Test
    void aProfileOfAnotherCuffIsRefused() throws Exception {
        Path file = written();
        // a cuff with a chamber this profile does not have
        assertThat(error(file, List.of("ankle", "calf", "knee", "thigh"))).isEqualTo(file + ":"
                + lineOf(file, "chambers:") + ": chambers.knee: no 'knee' chamber: this profile is of another cuff;"
                + " commission again");
        // a cuff with fewer chambers than the profile
        assertThat(error(file, List.of("ankle", "calf"))).startsWith(file + ":" + lineOf(file, "  thigh:")
                + ": unknown key 'chambers.thigh'");
    }

    @Test
    void anUnknownKeyIsRefusedAtItsLine() throws Exception {
        Path file = written();
        replace(file, "  calf:\n", "  calf:\n    colour: blue\n");
        assertThat(error(file, NAMES)).startsWith(file + ":" + lineOf(file, "    colour:")
                + ": unknown key 'chambers.calf.colour'");
        Path other = tmp.resolve("other.yaml");
        Files.copy(written(), other);
        replace(other, "board: simulated\n", "board: simulated\nborad: pi\n");
        assertThat(error(other, NAMES)).startsWith(other + ":" + lineOf(other, "borad:") + ": unknown key 'borad'");
    }

    @Test
    void aTypoInAKeyNamesTheKeyItMeant() throws Exception {
        // a required key mistyped: the typo, not a missing key
        Path file = written();
        replace(file, "board: simulated\n", "borad: simulated\n");
        assertThat(error(file, NAMES)).isEqualTo(file + ":" + lineOf(file, "borad:")
                + ": unknown key 'borad' (did you mean 'board'?)");
        // an optional one
        Path other = tmp.resolve("other.yaml");
        Files.copy(written(), other);
        String line = Files.readAllLines(other).get(lineOf(other, "    fill_to_20_mmhg_s:") - 1);
        replace(other, line, line.replace("fill_to_20_mmhg_s", "fill_to_20_mmgh_s"));
        assertThat(error(other, NAMES)).isEqualTo(other + ":" + lineOf(other, "    fill_to_20_mmgh_s:")
                + ": unknown key 'chambers.ankle.fill_to_20_mmgh_s' (did you mean 'fill_to_20_mmhg_s'?)");
        // a chamber's name
        Path third = tmp.resolve("third.yaml");
        Files.copy(written(), third);
        replace(third, "  calf:\n", "  claf:\n");
        assertThat(error(third, NAMES)).isEqualTo(third + ":" + lineOf(third, "  claf:")
                + ": unknown key 'chambers.claf' (did you mean 'calf'?)");
    }

    @Test
    void aNumberOutOfRangeOrMissingIsRefusedAtItsLine() throws Exception {
        Path file = written();
        String line = Files.readAllLines(file).get(lineOf(file, "    hold_loss_per_s:") - 1);
        replace(file, line, "    hold_loss_per_s: 5");
        assertThat(error(file, NAMES)).isEqualTo(file + ":" + lineOf(file, "    hold_loss_per_s:")
                + ": chambers.ankle.hold_loss_per_s: 5 is outside 0 to 1");
        replace(file, "    hold_loss_per_s: 5", "    hold_loss_per_s: fast");
        assertThat(error(file, NAMES)).contains(":" + lineOf(file, "    hold_loss_per_s:") + ": ", "'fast' is not a number");
        replace(file, "    hold_loss_per_s: fast\n", "");
        assertThat(error(file, NAMES)).isEqualTo(file + ":" + lineOf(file, "  ankle:")
                + ": missing key 'chambers.ankle.hold_loss_per_s'");

        Path other = tmp.resolve("other.yaml");
        Files.copy(written(), other);
        String fill = Files.readAllLines(other).get(lineOf(other, "    fill_to_10_mmhg_s:") - 1);
        replace(other, fill + "\n", "");
        assertThat(error(other, NAMES)).isEqualTo(other + ":" + lineOf(other, "  ankle:")
                + ": chambers.ankle.fill_to_10_mmhg_s: missing: the chamber never reached 10 mmHg; commission again");
    }

    @Test
    void notYamlOrNotAProfileIsRefusedWithTheFile() throws Exception {
        Path file = tmp.resolve("cuff-profile.yaml");
        Files.writeString(file, "version: 1\nchambers: [ankle\n  calf: {\n");
        assertThat(error(file, NAMES)).startsWith(file + ":").contains("invalid YAML");
        assertThat(error(file, NAMES)).matches(java.util.regex.Pattern.quote(file.toString()) + ":\\d+: .*");
        Files.writeString(file, "- just\n- a list\n");
        assertThat(error(file, NAMES)).isEqualTo(file + ":1: must be a mapping of keys to values");
        Files.writeString(file, "");
        assertThat(error(file, NAMES)).isEqualTo(file + ": is empty");
        Files.writeString(file, "commissioned: yesterday\n");
        assertThat(error(file, NAMES)).isEqualTo(file + ":1: missing key 'version'");
        assertThat(error(tmp.resolve("absent.yaml"), NAMES)).startsWith(tmp.resolve("absent.yaml") + ": cannot be read");
    }
}
