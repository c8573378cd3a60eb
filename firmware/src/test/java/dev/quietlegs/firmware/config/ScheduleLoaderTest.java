package dev.quietlegs.firmware.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleLoaderTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);

    @TempDir
    Path dir;

    private Schedule load(String text) throws Exception {
        Files.writeString(dir.resolve(ScheduleLoader.FILE), text);
        return ScheduleLoader.loadFrom(dir, PROGRAMS);
    }

    private void refused(String text, String message) {
        assertThatThrownBy(() -> load(text)).isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve(ScheduleLoader.FILE) + message);
    }

    @Test
    void noFileIsTheDefaultsAndTheShippedFileIsTheDefaultsSpelledOut() throws Exception {
        assertThat(ScheduleLoader.loadFrom(dir, PROGRAMS)).isEqualTo(Schedule.defaults());
        Path shipped = Path.of(System.getProperty("user.dir")).resolveSibling("config").resolve(ScheduleLoader.FILE);
        assertThat(ScheduleLoader.load(shipped, PROGRAMS)).isEqualTo(Schedule.defaults());
        assertThat(Schedule.defaults().autoStart()).isFalse();
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Schedule s = load("usual_onset: 21:45\nlead_min: 45\nreminder: off\nauto_start: on\nprogram: evening\n");
        assertThat(s).isEqualTo(new Schedule(LocalTime.of(21, 45), Duration.ofMinutes(45), false, true, "evening"));
    }

    @Test
    void mistakesNameTheFileAndLineAndChangeNothing() {
        refused("lead_min: 60\nusual_onset: 25:10\n", ":2: usual_onset: '25:10' is not a time HH:MM (e.g. 21:30) or 'learn'");
        refused("auto_strat: on\n", ":1: unknown key 'auto_strat' (did you mean 'auto_start'?)");
        refused("auto_start: maybe\n", ":1: auto_start: 'maybe' is not on or off");
        refused("\n\nprogram: nightly\n", ":3: program: 'nightly' is not a program (known: " + PROGRAMS.names() + ")");
        refused("lead_min: 2\n", ":1: lead_min: 2 is outside 5 to 180");
    }
}
