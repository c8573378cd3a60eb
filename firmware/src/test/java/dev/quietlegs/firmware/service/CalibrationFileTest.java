package dev.quietlegs.firmware.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.hardware.sensor.SensorCalibration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationFileTest {

    private static final List<String> CUFF = List.of("ankle", "calf", "thigh");

    @TempDir
    Path tmp;

    private Path file(String text) throws Exception {
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, text);
        return f;
    }

    private static final String GOOD = """
            version: 1
            calibrated: 2026-12-03T04:00:00Z
            sensors:
              ankle:
                zero_mmhg: 0.25
                gain: 1.03
              calf:
                zero_mmhg: -1.5
                gain: 0.98
              thigh:
                zero_mmhg: 0
                gain: 1
              manifold:
                zero_mmhg: 0.1
                gain: 1.051
            """;

    @Test
    void writtenWholeOwnerOnlyAndReadBack() throws Exception {
        SensorCalibration c = SensorCalibration.none(3).with(0, 0.25, 1.0312).with(3, -2, 0.95);
        Path f = CalibrationFile.in(tmp.resolve("state"), false);
        assertThat(f.getFileName().toString()).isEqualTo("sensor-calibration.yaml");
        assertThat(CalibrationFile.in(tmp, true).getFileName().toString()).isEqualTo("sensor-calibration-sim.yaml");
        CalibrationFile.write(f, c, CUFF, "2026-12-03T04:00:00Z");
        assertThat(CalibrationFile.read(f, CUFF)).isEqualTo(c);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        CalibrationFile.write(f, SensorCalibration.none(3), CUFF, "2026-12-03T05:00:00Z");
        assertThat(CalibrationFile.read(f, CUFF)).isEqualTo(SensorCalibration.none(3));
        try (var left = Files.list(f.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("sensor-calibration.yaml");
        }
    }

    @Test
    void noFileIsNoCorrection() throws Exception {
        assertThat(CalibrationFile.readOrNone(tmp.resolve("none.yaml"), CUFF)).isEqualTo(SensorCalibration.none(3));
        assertThat(CalibrationFile.read(file(GOOD), CUFF).gain(3)).isEqualTo(1.051);
    }

    @Test
    void eachMistakeIsNamedWithItsFileAndLine() throws Exception {
        String[][] cases = {
            {GOOD.replace("gain: 1.03", "gain: 1.6"), ":6: sensors.ankle.gain: 1.6 is outside 0.8 to 1.25"},
            {GOOD.replace("zero_mmhg: -1.5", "zero_mmhg: -12"), ":8: sensors.calf.zero_mmhg: -12"},
            {GOOD.replace("version: 1", "version: 2"), ":1: version: a calibration of version 2"},
            {GOOD.replace("  manifold:\n    zero_mmhg: 0.1\n    gain: 1.051\n", ""),
                "sensors.manifold: no 'manifold' sensor: this calibration is of another cuff"},
            {GOOD.replace("    gain: 1\n", "    gain: 1\n    offset: 2\n"), ":13: unknown key 'sensors.thigh.offset' (known here: zero_mmhg, gain)"},
            {GOOD.replace("gain: 0.98", "gain: lots"), ":9: sensors.calf.gain"},
        };
        for (String[] c : cases) {
            Path f = file(c[0]);
            assertThatThrownBy(() -> CalibrationFile.read(f, CUFF)).as(c[1]).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(f.toString()).hasMessageContaining(c[1]);
        }
        assertThatThrownBy(() -> CalibrationFile.read(file(GOOD), List.of("ankle", "knee", "thigh")))
                .hasMessageContaining("no 'knee' sensor");
    }
}
