package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ConfigLocation;
import dev.quietlegs.firmware.config.ShippedConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code service --sim} as a builder types at it, in real time on the simulated board: answers, refusals,
 * the end of the input mid-step leaving every output safe; and a calibration file it cannot use.
 */
class ServiceCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A copy of the shipped configuration whose state directory is {@code <tmp>/state}. */
    private Path config() throws IOException {
        Path dir = tmp.resolve("config");
        Files.createDirectories(dir.resolve(ConfigLocation.PROGRAMS_DIR));
        try (Stream<Path> programs = Files.list(ShippedConfig.dir().resolve(ConfigLocation.PROGRAMS_DIR))) {
            for (Path p : programs.toList()) {
                Files.copy(p, dir.resolve(ConfigLocation.PROGRAMS_DIR).resolve(p.getFileName()));
            }
        }
        String yaml = Files.readString(ShippedConfig.dir().resolve(ConfigLocation.UNIT_FILE));
        String mqtt = "  state_interval_ms: 500\n";
        yaml = yaml.replace(mqtt, mqtt + "  state_dir: " + tmp.resolve("state").toAbsolutePath() + "\n");
        Files.writeString(dir.resolve(ConfigLocation.UNIT_FILE), yaml);
        return dir;
    }

    @Test
    void typedCommandsAreAnsweredAndTheEndOfInputMidStepLeavesEverythingSafe() throws Exception {
        String typed = "sensors\npump 500 1\nexhaust calf 20\ninlet ankle 1\nzero please\nquit\n";
        int code = ServiceCommand.run(new String[] {"service", "--sim", "--config", config().toString()},
                new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(text).contains("service mode on simulated board",
                "sensor calibration: " + tmp.resolve("state").resolve("sensor-calibration-sim.yaml"),
                "the supervisor's limits hold: no chamber filled at or above 60 mmHg, a trip at 70",
                "ankle ", " mmHg 0.", " V  calf ", "manifold ",
                "refused: the duty 500 is outside 1 to 100 %",
                "started: the calf exhaust valve closed for 20 s",
                "refused: still running: the calf exhaust valve closed for 20 s (board.exhaust_gpio, entry 2) ('stop' ends"
                        + " it)", "refused: 'zero' takes 0 arguments",
                "ENDED: ended early: the unit stopped");
        assertThat(text.strip()).endsWith("outputs in the safe state: pump 0%, motor 0%, every inlet closed, every"
                + " exhaust open, main vent open");
    }

    @Test
    void aCalibrationFileItCannotUseIsOneLineWithItsPlaceAndExit2() throws Exception {
        Path config = config();
        Path file = tmp.resolve("state").resolve("sensor-calibration-sim.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "version: 1\ncalibrated: x\nsensors:\n  ankle:\n    zero_mmhg: 0\n    gain: 3\n");
        int code = Main.run(new String[] {"service", "--sim", "--config", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("quietlegs: " + file
                + ":6: sensors.ankle.gain: 3 is outside 0.8 to 1.25\n");
    }
}
