package dev.quietlegs.firmware.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quietlegs.firmware.therapy.Compression;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.therapy.Vibration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProgramLoaderTest {

    private static final String GOOD = """
            description: test
            duration_min: 20
            ramp_up_s: 60
            taper_s: 300
            intensity: 5
            vibration:
              level: 6
              pattern: continuous
            compression:
              chambers: all
              distal_mmhg: 40
              gradient_mmhg: 5
              max_mmhg: 55
              inflate_s: 4
              hold_s: 4
              release: all
              rest_s: 26
            """;

    @TempDir
    Path dir;

    private final UnitConfig unit = ShippedConfig.unit();

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void aGoodProgramLoadsWithEveryValue() throws Exception {
        Program p = ProgramLoader.load(write("good.yaml", GOOD), unit);
        assertThat(p.name()).isEqualTo("good");
        assertThat(p.durationS()).isEqualTo(1200);
        assertThat(p.taperS()).isEqualTo(300);
        Vibration v = p.vibration().orElseThrow();
        assertThat(v.level()).isEqualTo(6);
        Compression c = p.compression().orElseThrow();
        assertThat(c.chambers()).containsExactly(0, 1, 2);
        assertThat(c.cycleS()).isEqualTo(42);
    }

    @Test
    void aProgramMayUseSomeChambersInAnkleToThighOrder() throws Exception {
        Program p = ProgramLoader.load(write("two.yaml", GOOD.replace("chambers: all", "chambers: [ankle, thigh]")), unit);
        assertThat(p.compression().orElseThrow().chambers()).containsExactly(0, 2);
    }

    @Test
    void everyShippedProgramLoadsAndTheDefaultIsEvening() {
        ProgramCatalog catalog = ShippedConfig.programs(unit);
        assertThat(catalog.all()).extracting(Program::name)
                .contains("evening", "vibration", "compression", "repeat");
        assertThat(catalog.defaultProgram().name()).isEqualTo("evening");
        assertThat(catalog.find("evening").orElseThrow().durationS()).isEqualTo(1200);
        assertThat(catalog.find("vibration").orElseThrow().compression()).isEmpty();
        assertThat(catalog.find("compression").orElseThrow().vibration()).isEmpty();
        assertThat(catalog.find("repeat").orElseThrow().durationS()).isLessThan(1200);
    }

    /** A broken program: the text, the line the error must name, and words it must contain. */
    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("missing duration", GOOD.replace("duration_min: 20\n", ""), 1, "missing key 'duration_min'"),
                Arguments.of("duration too long", GOOD.replace("duration_min: 20", "duration_min: 90"), 2, "outside 1 to 60"),
                Arguments.of("duration not a number", GOOD.replace("duration_min: 20", "duration_min: twenty"), 2, "'twenty' is not a number"),
                Arguments.of("duration a list", GOOD.replace("duration_min: 20", "duration_min: [20]"), 2, "single value"),
                Arguments.of("duration empty", GOOD.replace("duration_min: 20", "duration_min:"), 2, "has no value"),
                Arguments.of("ramp and taper too long", GOOD.replace("duration_min: 20", "duration_min: 5"), 4, "do not fit"),
                Arguments.of("unknown key", GOOD.replace("intensity: 5", "intensty: 5"), 5, "unknown key 'intensty' (did you mean 'intensity'?)"),
                Arguments.of("unknown nested key", GOOD.replace("  rest_s: 26", "  rest_s: 26\n  rest_sec: 3"), 18, "unknown key 'compression.rest_sec' (did you mean 'rest_s'?)"),
                Arguments.of("unknown key like none", GOOD.replace("  rest_s: 26", "  rest_s: 26\n  colour: red"), 18, "unknown key 'compression.colour' (known here: chambers, max_mmhg"),
                Arguments.of("typo in a required key", GOOD.replace("  hold_s: 4", "  hodl_s: 4"), 15, "unknown key 'compression.hodl_s' (did you mean 'hold_s'?)"),
                Arguments.of("typo in a required top key", GOOD.replace("duration_min: 20", "duraton_min: 20"), 2, "unknown key 'duraton_min' (did you mean 'duration_min'?)"),
                Arguments.of("intensity out of range", GOOD.replace("intensity: 5", "intensity: 11"), 5, "outside 1 to 10"),
                Arguments.of("intensity fractional", GOOD.replace("intensity: 5", "intensity: 5.5"), 5, "not a whole number"),
                Arguments.of("vibration level too high", GOOD.replace("level: 6", "level: 12"), 7, "vibration.level: 12 is outside 1 to 10"),
                Arguments.of("unknown pattern", GOOD.replace("pattern: continuous", "pattern: wobble"), 8, "'wobble' is not one of continuous, pulse"),
                Arguments.of("pulse without timing", GOOD.replace("pattern: continuous", "pattern: pulse"), 6, "missing key 'vibration.on_s'"),
                Arguments.of("vibration not a mapping", GOOD.replace("vibration:\n  level: 6\n  pattern: continuous\n", "vibration: strong\n"), 6, "must be a mapping"),
                Arguments.of("unknown chamber", GOOD.replace("chambers: all", "chambers: [ankle, knee]"), 10, "'knee' is not a chamber of this cuff"),
                Arguments.of("chambers out of order", GOOD.replace("chambers: all", "chambers: [calf, ankle]"), 10, "from the ankle up"),
                Arguments.of("chamber twice", GOOD.replace("chambers: all", "chambers: [ankle, ankle]"), 10, "listed twice"),
                Arguments.of("target above program max", GOOD.replace("distal_mmhg: 40", "distal_mmhg: 58"), 11, "above the program's max_mmhg 55"),
                Arguments.of("target above ceiling", GOOD.replace("distal_mmhg: 40", "distal_mmhg: 120"), 11, "outside 5 to 80"),
                Arguments.of("program max above unit max", GOOD.replace("max_mmhg: 55", "max_mmhg: 70"), 13, "above 57, 3 mmHg under the unit's limit of 60"),
                Arguments.of("gradient too steep", GOOD.replace("gradient_mmhg: 5", "gradient_mmhg: 10").replace("distal_mmhg: 40", "distal_mmhg: 20"), 12, "below 5"),
                Arguments.of("gradient above 10", GOOD.replace("gradient_mmhg: 5", "gradient_mmhg: 15"), 12, "outside 0 to 10"),
                Arguments.of("unknown release", GOOD.replace("release: all", "release: random"), 16, "'random' is not one of all, distal-first"),
                Arguments.of("inflated too long", GOOD.replace("hold_s: 4", "hold_s: 60"), 15, "above the unit's limit of 60 s"),
                Arguments.of("cycle longer than program", GOOD.replace("rest_s: 26", "rest_s: 600").replace("duration_min: 20", "duration_min: 8").replace("taper_s: 300", "taper_s: 60"), 17, "longer than the program"),
                Arguments.of("nothing to do", "duration_min: 20\n", 1, "needs vibration, compression or both"),
                Arguments.of("invalid YAML", GOOD.replace("  level: 6", "  level: [6"), 8, "invalid YAML"),
                Arguments.of("duplicate key", GOOD.replace("intensity: 5", "intensity: 5\nintensity: 6"), 6, "key 'intensity' is given twice"),
                Arguments.of("not a mapping", "- evening\n- morning\n", 1, "must be a mapping"),
                Arguments.of("empty file", "", 0, "is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void aBrokenProgramIsRejectedWithItsFileLineAndReason(String why, String text, int line, String words) throws Exception {
        Path f = write("broken.yaml", text);
        assertThatThrownBy(() -> ProgramLoader.load(f, unit))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.file()).isEqualTo(f);
                    assertThat(ce.line()).as("line").isEqualTo(line);
                    assertThat(ce.getMessage()).startsWith(f + (line > 0 ? ":" + line + ": " : ": ")).contains(words);
                    assertThat(ce.getMessage()).doesNotContain("\n");
                });
    }

    @Test
    void aTypoInARequiredKeyIsReportedAsTheTypoNotAsAMissingKey() throws Exception {
        Path f = write("typo.yaml", GOOD.replace("  hold_s: 4", "  hodl_s: 4"));
        assertThatThrownBy(() -> ProgramLoader.load(f, unit)).hasMessage(f
                + ":15: unknown key 'compression.hodl_s' (did you mean 'hold_s'?)");
    }

    @Test
    void aMissingRequiredKeyWithNoLikelyTypoIsStillMissing() throws Exception {
        // rest_s, a real key not read yet when hold_s is missed, is too far from it to be its typo
        Path f = write("missing.yaml", GOOD.replace("  hold_s: 4\n", ""));
        assertThatThrownBy(() -> ProgramLoader.load(f, unit)).hasMessage(f
                + ":9: missing key 'compression.hold_s'");
    }

    @Test
    void aProgramFileNameMustBeALowerCaseWord() throws Exception {
        Path f = write("My Program.yaml", GOOD);
        assertThatThrownBy(() -> ProgramLoader.load(f, unit)).hasMessageContaining("lower-case word");
    }

    @Test
    void aDirectoryWithoutTheDefaultProgramIsRejected() throws Exception {
        write("other.yaml", GOOD);
        assertThatThrownBy(() -> ProgramLoader.loadAll(dir, unit)).hasMessageContaining("'evening' is not a program");
    }

    @Test
    void anEmptyDirectoryIsRejected() {
        assertThatThrownBy(() -> ProgramLoader.loadAll(dir, unit)).hasMessageContaining("holds no program");
    }
}
