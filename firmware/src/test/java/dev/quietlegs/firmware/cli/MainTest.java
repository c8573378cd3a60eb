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

    @Test
    void selftestPassesOnAHealthyUnitAndNamesTheChamberOfABrokenOne() {
        assertThat(run("selftest", "--sim")).isZero();
        assertThat(out()).contains("self-test passed in", "ankle, calf, thigh each rose when filled");
        assertThat(run("selftest", "--sim", "--fault", "hose-off:calf")).isEqualTo(1);
        assertThat(out()).contains("self-test FAILED on the simulated board: ", "calf chamber");
    }

    @Test
    void selftestOffAPiWithoutSimSaysPlainlyThatItSimulated() {
        assertThat(run("selftest")).isZero();
        assertThat(out()).contains("self-test passed in", "on the simulated board (no Raspberry Pi here)");
    }

    @Test
    void helpAfterAnyCommandIsHelpNotAMistake() {
        assertThat(run("run", "--help")).isZero();
        assertThat(out()).contains("usage: java -jar quietlegs.jar COMMAND");
        assertThat(run("simulate", "-h")).isZero();
    }

    @Test
    void safeStateOffAPiHasNoPinsToDrive() {
        assertThat(run("safe-state")).isZero();
        assertThat(out()).contains("not a Raspberry Pi: no pins to make safe");
        assertThat(run("safe-state", "--sim")).isEqualTo(2);
        assertThat(err()).contains("quietlegs: ");
    }
}
