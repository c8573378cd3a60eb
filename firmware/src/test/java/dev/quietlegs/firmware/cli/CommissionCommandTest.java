package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.commission.CuffProfile;
import dev.quietlegs.firmware.commission.ProfileFile;
import dev.quietlegs.firmware.config.ConfigLocation;
import dev.quietlegs.firmware.config.ShippedConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code commission} through {@link Main}, and the cuff profile as {@code selftest}, {@code simulate}
 * and {@code run} take it: from {@code --profile}, or from the state directory of the configuration.
 * Every configuration here is a copy of the shipped one in a temporary directory with its own state
 * directory, so nothing is read from or written to the user's.
 */
class CommissionCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        out.reset();
        err.reset();
        return Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * A copy of the shipped configuration whose state directory is {@code <dir>/state}, with each
     * {@code edits} pair (a line's text, what it becomes) applied to quietlegs.yaml.
     */
    private Path config(String name, String... edits) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve(ConfigLocation.PROGRAMS_DIR));
        try (Stream<Path> programs = Files.list(ShippedConfig.dir().resolve(ConfigLocation.PROGRAMS_DIR))) {
            for (Path p : programs.toList()) {
                Files.copy(p, dir.resolve(ConfigLocation.PROGRAMS_DIR).resolve(p.getFileName()));
            }
        }
        String yaml = Files.readString(ShippedConfig.dir().resolve(ConfigLocation.UNIT_FILE));
        String mqtt = "  state_interval_ms: 500\n";
        assertThat(yaml).contains(mqtt).doesNotContain("state_dir:");
        yaml = yaml.replace(mqtt, mqtt + "  state_dir: " + dir.resolve("state").toAbsolutePath() + "\n");
        for (int i = 0; i < edits.length; i += 2) {
            assertThat(yaml).contains(edits[i]);
            yaml = yaml.replace(edits[i], edits[i + 1]);
        }
        Files.writeString(dir.resolve(ConfigLocation.UNIT_FILE), yaml);
        return dir;
    }

    @Test
    void commissionOnTheSimulatedPlantWritesTheProfileAndExits0() throws Exception {
        Path config = config("shipped");
        Path file = tmp.resolve("p.yaml");
        assertThat(run("commission", "--sim", "--config", config.toString(), "--profile", file.toString())).isZero();
        assertThat(out()).contains("commissioned the simulated plant in ", "ankle ", "calf ", "thigh ",
                "pump: the closed manifold to 35 mmHg in", "the checks now expect: self-test fills within ",
                "cuff profile written to " + file + " (give it to simulate, selftest or run with --profile)",
                "the build is inside the supported envelope").doesNotContain("OUTSIDE");
        assertThat(err()).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        CuffProfile p = ProfileFile.read(file, List.of("ankle", "calf", "thigh"));
        assertThat(p.board()).isEqualTo("simulated");
        assertThat(p.outsideEnvelope()).isEmpty();
        assertThat(Files.exists(config.resolve("state"))).as("--profile: the state directory untouched").isFalse();
    }

    @Test
    void aBuildOutsideTheEnvelopeExits1NamingTheChambersAndWhatToChange() throws Exception {
        Path config = config("weak-pump", "pump_free_flow_ml_s: 80", "pump_free_flow_ml_s: 15");
        Path file = tmp.resolve("weak.yaml");
        assertThat(run("commission", "--sim", "--config", config.toString(), "--profile", file.toString()))
                .isEqualTo(1);
        assertThat(out()).contains("OUTSIDE THE SUPPORTED ENVELOPE",
                "  - the ankle chamber needs ", "  - the calf chamber needs ", "  - the thigh chamber needs ",
                "s to reach 40 mmHg from empty (at most 5.5 s", "a pump ", "× as strong");
        // what was measured is still written: the checks expect this build as it is
        assertThat(out()).contains("cuff profile written to " + file);
        assertThat(ProfileFile.read(file, List.of("ankle", "calf", "thigh")).outsideEnvelope()).hasSize(3);
    }

    @Test
    void commissioningEndedByAFaultExits1AndWritesNothing() throws Exception {
        // seams that leak ten times the shipped cuff's: the supervisor ends it
        Path config = config("leaky", "leak_k: 0.07", "leak_k: 0.8");
        Path file = tmp.resolve("leaky.yaml");
        assertThat(run("commission", "--sim", "--config", config.toString(), "--profile", file.toString()))
                .isEqualTo(1);
        assertThat(out()).startsWith("commissioning ended before it finished: the ankle chamber keeps losing air")
                .contains("; nothing was written");
        assertThat(file).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void selftestAndSimulateTakeAProfileGivenAndRefuseABrokenOneWithItsLine() throws Exception {
        Path config = config("shipped");
        Path file = tmp.resolve("p.yaml");
        assertThat(run("commission", "--sim", "--config", config.toString(), "--profile", file.toString())).isZero();
        assertThat(run("selftest", "--sim", "--config", config.toString(), "--profile", file.toString())).isZero();
        assertThat(out()).startsWith("checks expect the cuff profile of ").contains("(" + file + ")", "self-test passed");

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(file).replace("version: 1\n", "version: 7\n"));
        int line = Files.readAllLines(bad).indexOf("version: 7") + 1;
        assertThat(run("simulate", "--config", config.toString(), "--profile", bad.toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("quietlegs: " + bad + ":" + line
                + ": version: a profile of version 7; this firmware reads version 1: commission again\n");
        assertThat(out()).isEmpty();
        assertThat(run("selftest", "--sim", "--config", config.toString(), "--profile", bad.toString())).isEqualTo(2);
        assertThat(err()).startsWith("quietlegs: " + bad + ":" + line + ": ");
        // run refuses it before it starts anything
        assertThat(run("run", "--sim", "--no-mqtt", "--config", config.toString(), "--profile", bad.toString()))
                .isEqualTo(2);
        assertThat(err()).startsWith("quietlegs: " + bad + ":" + line + ": ");

        Path absent = tmp.resolve("absent.yaml");
        assertThat(run("selftest", "--sim", "--config", config.toString(), "--profile", absent.toString())).isEqualTo(2);
        assertThat(err()).isEqualTo("quietlegs: " + absent + ": no cuff profile here (make one with: quietlegs"
                + " commission)\n");
    }

    @Test
    void theStateDirectorysProfileIsWrittenByCommissionAndUsedBySelftest() throws Exception {
        Path config = config("unit");
        Path state = config.resolve("state");
        Path file = state.resolve("cuff-profile.yaml");
        assertThat(run("selftest", "--sim", "--config", config.toString())).isZero();
        assertThat(out()).startsWith("checks expect the envelope's defaults (no cuff profile: run 'quietlegs"
                + " commission')\n");

        assertThat(run("commission", "--sim", "--config", config.toString())).isZero();
        assertThat(out()).contains("cuff profile written to " + file + " (selftest and run use it from now on)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        assertThat(run("selftest", "--sim", "--config", config.toString())).isZero();
        assertThat(out()).startsWith("checks expect the cuff profile of ").contains("(" + file + ")\n",
                "self-test passed");

        // a simulation is of the plant, not of this unit's cuff: it does not take the state's profile
        Files.writeString(file, "version: 1\nnonsense: here\n");
        assertThat(run("simulate", "--config", config.toString(), "--program", "vibration", "--minutes", "1")).isZero();
        // but selftest does, and refuses a broken one with its line
        assertThat(run("selftest", "--sim", "--config", config.toString())).isEqualTo(2);
        assertThat(err()).startsWith("quietlegs: " + file + ":");
    }

    @Test
    void aFastBuildsProfileIsReadBack() throws Exception {
        // a strong pump, small chambers, wide inlets: a chamber below 10 mmHg within its first
        // second of venting leaves that second's fall out of the file
        Path config = config("fast", "pump_free_flow_ml_s: 80", "pump_free_flow_ml_s: 100",
                "chamber_compliance_ml_per_mmhg: 12 ", "chamber_compliance_ml_per_mmhg: 6 ", "inlet_k: 12", "inlet_k: 40");
        Path file = tmp.resolve("fast.yaml");
        assertThat(run("commission", "--sim", "--config", config.toString(), "--profile", file.toString())).isZero();
        assertThat(Files.readString(file)).contains("  ankle:\n").satisfies(text -> assertThat(
                text.substring(text.indexOf("  ankle:"), text.indexOf("  calf:"))).doesNotContain("slowest_fall"));
        assertThat(run("selftest", "--sim", "--config", config.toString(), "--profile", file.toString())).isZero();
        assertThat(err()).isEmpty();
        assertThat(out()).contains("self-test passed");
    }
}
