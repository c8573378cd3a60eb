package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ConfigLocation;
import dev.quietlegs.firmware.config.ScheduleLoader;
import dev.quietlegs.firmware.config.ShippedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} reads {@code schedule.yaml} with the rest of the configuration, and refuses a broken one. */
class ScheduleRunTest {

    @TempDir
    Path dir;

    @Test
    void runRefusesABrokenScheduleWithItsFileAndLineAndExitCode2BeforeAnythingStarts() throws Exception {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("programs"));
        Files.copy(ShippedConfig.dir().resolve(ConfigLocation.UNIT_FILE), config.resolve(ConfigLocation.UNIT_FILE));
        try (var programs = Files.list(ShippedConfig.dir().resolve(ConfigLocation.PROGRAMS_DIR))) {
            for (Path p : programs.toList()) {
                Files.copy(p, config.resolve("programs").resolve(p.getFileName()));
            }
        }
        Files.writeString(config.resolve(ScheduleLoader.FILE), "usual_onset: 21:30\nauto_start: yes please\n");
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = Main.run(new String[] {"run", "--sim", "--no-mqtt", "--config",
                config.toString(), "--mqtt-state-dir", dir.resolve("state").toString()},
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8).trim()).isEqualTo("quietlegs: "
                + config.resolve(ScheduleLoader.FILE) + ":2: auto_start: 'yes please' is not on or off");
        assertThat(dir.resolve("state")).doesNotExist();
    }
}
