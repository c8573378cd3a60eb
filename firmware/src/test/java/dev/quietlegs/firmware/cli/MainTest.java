package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ShippedConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        return Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void simulateJsonReportsACompleteEveningSession() {
        assertThat(run("simulate", "--program", "evening", "--json")).isZero();
        String json = out().trim();
        assertThat(json).startsWith("{").endsWith("}").doesNotContain("\n");
        assertThat(json).contains("\"program\":\"evening\"", "\"final_phase\":\"done\"", "\"session_s\":1200",
                "\"order_violations\":0", "\"name\":\"ankle\"", "\"name\":\"thigh\"", "\"wall_ms\":");
        assertThat(err()).isEmpty();
    }

    @Test
    void simulateTextSummaryAndCsvTrace() throws IOException {
        Path csv = tmp.resolve("trace.csv");
        assertThat(run("simulate", "--program", "repeat", "--minutes", "3", "--csv", csv.toString())).isZero();
        assertThat(out()).contains("program        repeat", "final phase    done", "ankle");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("t_s,phase,p_ankle,target_ankle,inlet_ankle,exhaust_ankle")
                .endsWith("manifold_mmhg,pump_duty,main_vent,vibration_level,motor_speed");
        // 10 rows a second for the self-test (~12 s) and 3 minutes of therapy
        assertThat(lines.size()).isBetween(1900, 2000);
        assertThat(lines.get(lines.size() / 2).split(",")).hasSize(2 + 4 * 3 + 5);
    }

    @Test
    void programsListsEveryProgramAndMarksTheDefault() {
        assertThat(run("programs")).isZero();
        assertThat(out()).contains("evening", "(default)", "vibration", "compression", "repeat");
    }

    @Test
    void mistakesGetOneLineAndExitCode2() {
        assertThat(run("simulate", "--program", "nope")).isEqualTo(2);
        assertThat(err()).isEqualTo("quietlegs: unknown program 'nope' (known: compression, evening, repeat, rls-trial, vibration)\n");
    }

    @Test
    void unknownOptionsAndCommandsExit2() {
        assertThat(run("simulate", "--fast")).isEqualTo(2);
        assertThat(run("dance")).isEqualTo(2);
        assertThat(run("simulate", "--minutes", "many")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("unknown option '--fast' for simulate", "unknown command 'dance'",
                "--minutes 'many' is not a whole number", "usage:");
        assertThat(err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aMistypedOptionNamesTheOptionItMeant() {
        assertThat(run("simulate", "--progam", "evening")).isEqualTo(Main.MISTAKE);
        assertThat(run("bench", "faults", "--plant", "3")).isEqualTo(Main.MISTAKE);
        assertThat(run("bench", "faults", "--colour")).isEqualTo(Main.MISTAKE);
        assertThat(err()).isEqualTo("quietlegs: unknown option '--progam' for simulate (did you mean '--program'?)\n"
                + "quietlegs: unknown option '--plant' for bench faults (did you mean '--plants'?)\n"
                + "quietlegs: unknown option '--colour' for bench faults (see 'quietlegs help bench faults')\n");
    }

    @Test
    void aBrokenConfigurationNamesItsFileAndLineAndExits2() throws IOException {
        Path dir = tmp.resolve("config");
        Files.createDirectories(dir.resolve("programs"));
        Files.copy(ShippedConfig.dir().resolve("quietlegs.yaml"), dir.resolve("quietlegs.yaml"));
        Files.writeString(dir.resolve("programs/evening.yaml"), "duration_min: 20\nvibration:\n  level: 99\n");
        assertThat(run("simulate", "--config", dir.toString())).isEqualTo(2);
        assertThat(err().trim()).isEqualTo("quietlegs: " + dir.resolve("programs/evening.yaml")
                + ":3: vibration.level: 99 is outside 1 to 10");
    }

    @Test
    void aMissingConfigurationDirectoryIsNamed() {
        assertThat(run("programs", "--config", tmp.resolve("absent").toString())).isEqualTo(2);
        assertThat(err()).contains("absent: is not a configuration directory");
    }

    @Test
    void otherChamberCountsAndRatesCanBeSimulated() {
        assertThat(run("simulate", "--chambers", "4", "--rate", "200", "--minutes", "2", "--json")).isZero();
        assertThat(out()).contains("\"loop_rate_hz\":200", "\"name\":\"chamber4\"", "\"final_phase\":\"done\"");
    }

    @Test
    void simulateWithAFaultReportsItsDetectionAndVenting() {
        assertThat(run("simulate", "--program", "evening", "--fault", "leak@300", "--json")).isZero();
        assertThat(out()).contains("\"faults_injected\":[{\"kind\":\"leak\",\"chamber\":\"ankle\",\"at_s\":300",
                "\"fault\":{\"code\":\"leak\"", "\"final_phase\":\"fault\"", "\"detection_s\":", "\"vent_s\":",
                "\"max_mmhg\":");
    }

    @Test
    void aBadFaultIsAOneLineMistake() {
        assertThat(run("simulate", "--fault", "gremlins@3")).isEqualTo(2);
        assertThat(run("simulate", "--fault", "leak:knee@3")).isEqualTo(2);
        assertThat(run("simulate", "--fault", "leak")).isEqualTo(2);
        assertThat(run("simulate", "--fault", "pump-dead:calf@3")).isEqualTo(2);
        assertThat(err()).contains("unknown fault 'gremlins' (known: leak, hose-off", "no chamber 'knee'",
                "write KIND[:TARGET][=VALUE]@SECONDS", "pump-dead concerns no chamber");
    }

    @Test
    void theBenchmarksStartAndPrintTheirFigures() {
        // A smoke test only: the figures themselves are measured by hand (README, Performance).
        assertThat(run("bench", "loop", "--rate", "200", "--seconds", "1", "--warmup", "0", "--program", "vibration"))
                .isZero();
        assertThat(out()).contains("wake-up lateness (cyclictest's definition)", "p99.9", "bytes/tick", "GCs");
        assertThat(run("bench", "sim", "--runs", "1", "--program", "repeat", "--json")).isZero();
        assertThat(out()).contains("\"alloc_bytes_per_tick\":", "\"wall_ms_median\":");
        assertThat(run("bench", "nothing")).isEqualTo(2);
        assertThat(err()).contains("bench needs a benchmark name: sim, faults, envelope, mqtt or loop");
    }

    /**
     * The shipped configuration with its state directory in the test's own: a developer's
     * commissioned cuff profile under ~/.local/state must not change what a test sees.
     */
    private String configWithOwnStateDir() throws IOException {
        Path dir = tmp.resolve("config");
        Files.createDirectories(dir.resolve("programs"));
        String unit = Files.readString(ShippedConfig.dir().resolve("quietlegs.yaml"));
        assertThat(unit).contains("\nmqtt:\n");
        Files.writeString(dir.resolve("quietlegs.yaml"), unit.replace("\nmqtt:\n", "\nmqtt:\n  state_dir: "
                + tmp.resolve("state") + "\n"));
        try (var programs = Files.list(ShippedConfig.dir().resolve("programs"))) {
            for (Path p : programs.toList()) {
                Files.copy(p, dir.resolve("programs").resolve(p.getFileName()));
            }
        }
        return dir.toString();
    }

    @Test
    void selftestPassesOnAHealthyUnitAndNamesTheChamberOfABrokenOne() throws IOException {
        String config = configWithOwnStateDir();
        assertThat(run("selftest", "--sim", "--config", config)).isZero();
        assertThat(out()).contains("checks expect the envelope's defaults (no cuff profile",
                "self-test passed in", "ankle, calf, thigh each rose when filled");
        assertThat(run("selftest", "--sim", "--fault", "hose-off:calf", "--config", config)).isEqualTo(Main.CHECK_FAILED);
        assertThat(out()).contains("self-test FAILED on the simulated board: ", "calf chamber");
    }

    @Test
    void selftestOffAPiWithoutSimSaysPlainlyThatItSimulated() throws IOException {
        assertThat(run("selftest", "--config", configWithOwnStateDir())).isZero();
        assertThat(out()).contains("self-test passed in", "on the simulated board (no Raspberry Pi here)");
    }

    @Test
    void helpAfterAnyCommandIsThatCommandsOwnHelpNotAMistake() {
        assertThat(run("run", "--help")).isZero();
        String runHelp = out();
        assertThat(runHelp).startsWith("usage: quietlegs run [--sim]").contains("--mqtt-state-dir DIR",
                "One unit per state directory").doesNotContain("usage: quietlegs simulate", "bench faults");
        out.reset();
        assertThat(run("help", "run")).isZero();
        assertThat(out()).isEqualTo(runHelp);
        out.reset();
        assertThat(run("simulate", "--program", "evening", "-h")).isZero();
        assertThat(out()).startsWith("usage: quietlegs simulate").contains("--fault SPEC")
                .contains(dev.quietlegs.firmware.simulate.FaultKind.known().split(", "));
        out.reset();
        assertThat(run("bench", "faults", "--help")).isZero();
        assertThat(out()).startsWith("usage: quietlegs bench faults").contains("--commissioned")
                .doesNotContain("bench loop");
        out.reset();
        assertThat(run("help", "bench", "loop")).isZero();
        assertThat(out()).startsWith("usage: quietlegs bench loop").contains("--fifo PRIO");
        out.reset();
        assertThat(run("bench", "--help")).isZero();
        assertThat(out()).startsWith("usage: quietlegs bench sim|faults|envelope|mqtt|loop");
        assertThat(err()).isEmpty();
    }

    @Test
    void everyCommandAndBenchmarkHasItsOwnHelpAndOneLineInTheList() {
        assertThat(run("help")).isZero();
        String list = out();
        for (Subcommand c : Main.COMMANDS) {
            assertThat(c.help()).as(c.name()).startsWith("usage: quietlegs " + c.name());
            assertThat(list).as(c.name()).contains("\n  " + String.format("%-11s", c.name()) + " " + c.summary() + "\n");
            c.parts().forEach((part, help) -> assertThat(help).startsWith("usage: quietlegs " + c.name() + " " + part + " "));
        }
        assertThat(Main.find("bench").orElseThrow().parts()).containsOnlyKeys("sim", "faults", "envelope", "mqtt", "loop");
        assertThat(list).contains(Main.EXIT_CODES);
        out.reset();
        assertThat(run("--help")).isZero();
        assertThat(out()).isEqualTo(list);
    }

    @Test
    void helpForNothingKnownIsAMistake() {
        assertThat(run("help", "dance")).isEqualTo(Main.MISTAKE);
        assertThat(run("help", "bench", "speed")).isEqualTo(Main.MISTAKE);
        assertThat(err()).contains("no command 'dance'", "bench has no part 'speed' (parts: envelope, faults, loop, mqtt, sim)");
    }

    @Test
    void eachKindOfFailureHasItsOwnExitCode() {
        String[] argv = {"test"};
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Main.dispatch(new Subcommand("t", "", "", (a, p) -> 0), argv, o, e)).isEqualTo(Main.DONE);
        assertThat(Main.dispatch(new Subcommand("t", "", "", (a, p) -> {
            throw new CheckFailure("commissioning ended before it finished");
        }), argv, o, e)).isEqualTo(Main.CHECK_FAILED);
        assertThat(Main.dispatch(new Subcommand("t", "", "", (a, p) -> {
            throw new UsageException("--runs needs a value");
        }), argv, o, e)).isEqualTo(Main.MISTAKE);
        assertThat(Main.dispatch(new Subcommand("t", "", "", (a, p) -> {
            throw new dev.quietlegs.firmware.config.ConfigException(Path.of("x.yaml"), 3, "bad");
        }), argv, o, e)).isEqualTo(Main.MISTAKE);
        assertThat(Main.dispatch(new Subcommand("t", "", "", (a, p) -> {
            throw new StartFailure("bench mqtt could not run: no broker");
        }), argv, o, e)).isEqualTo(Main.CANNOT_START);
        assertThat(err()).isEqualTo("quietlegs: commissioning ended before it finished\nquietlegs: --runs needs a value\n"
                + "quietlegs: x.yaml:3: bad\nquietlegs: bench mqtt could not run: no broker\n");
        assertThat(List.of(Main.DONE, Main.CHECK_FAILED, Main.MISTAKE, Main.CANNOT_START)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aMistypedRequiredKeyInAProgramIsNamedWithWhatItMeantAndExits2() throws IOException {
        Path dir = tmp.resolve("typo");
        Files.createDirectories(dir.resolve("programs"));
        Files.copy(ShippedConfig.dir().resolve("quietlegs.yaml"), dir.resolve("quietlegs.yaml"));
        Path program = dir.resolve("programs/evening.yaml");
        Files.writeString(program, """
                duration_min: 20
                compression:
                  distal_mmhg: 40
                  inflate_s: 4
                  hodl_s: 4
                  rest_s: 26
                """);
        assertThat(run("programs", "--config", dir.toString())).isEqualTo(Main.MISTAKE);
        assertThat(err()).isEqualTo("quietlegs: " + program + ":5: unknown key 'compression.hodl_s' (did you mean"
                + " 'hold_s'?)\n");
    }

    @Test
    void safeStateOffAPiHasNoPinsToDrive() {
        assertThat(run("safe-state")).isZero();
        assertThat(out()).contains("not a Raspberry Pi: no pins to make safe");
        assertThat(run("safe-state", "--sim")).isEqualTo(2);
        assertThat(err()).contains("quietlegs: ");
    }
}
