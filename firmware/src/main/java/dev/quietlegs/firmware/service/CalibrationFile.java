package dev.quietlegs.firmware.service;

import dev.quietlegs.firmware.config.PrivateFile;
import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.config.YamlSection;
import dev.quietlegs.hardware.sensor.SensorCalibration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The unit's sensor calibration on disk: {@code sensor-calibration.yaml} in the state directory (the
 * unit runs as a system user that cannot write {@code /etc}; the cuff profile lives there too), YAML a
 * person can read, written whole or not at all (a temporary file renamed over it), readable by its
 * owner only. The simulated board has a file of its own, so a rehearsal on the unit never overwrites
 * the real sensors' figures.
 */
public final class CalibrationFile {

    public static final String NAME = "sensor-calibration.yaml";
    public static final String SIMULATED_NAME = "sensor-calibration-sim.yaml";
    static final int VERSION = 1;
    static final String MANIFOLD = "manifold";

    private CalibrationFile() {
    }

    /** The calibration's place in a state directory, for the real board or the simulated one. */
    public static Path in(Path stateDir, boolean simulated) {
        return stateDir.resolve(simulated ? SIMULATED_NAME : NAME);
    }

    /** The file's calibration, or no correction when there is no file. */
    public static SensorCalibration readOrNone(Path file, List<String> chamberNames) throws ConfigException {
        return Files.isRegularFile(file) ? read(file, chamberNames) : SensorCalibration.none(chamberNames.size());
    }

    /**
     * @throws ConfigException naming the file, the line and what is wrong: another version, a sensor
     *         missing or unknown, a figure no sensor within its data sheet can have
     */
    public static SensorCalibration read(Path file, List<String> chamberNames) throws ConfigException {
        YamlSection y = YamlSection.load(file);
        int version = y.integer("version", 1, 1000);
        if (version != VERSION) {
            throw y.error("version", "a calibration of version " + version + "; this firmware reads version " + VERSION
                    + ": calibrate again with 'quietlegs service'");
        }
        y.text("calibrated");
        YamlSection sensors = y.requiredSection("sensors");
        int n = chamberNames.size();
        double[] zero = new double[n + 1];
        double[] gain = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            String name = i < n ? chamberNames.get(i) : MANIFOLD;
            if (!sensors.has(name)) {
                throw sensors.error(name, "no '" + name + "' sensor: this calibration is of another cuff; calibrate"
                        + " again with 'quietlegs service'");
            }
            YamlSection s = sensors.requiredSection(name);
            zero[i] = s.number("zero_mmhg", -SensorCalibration.MAX_ZERO_MMHG, SensorCalibration.MAX_ZERO_MMHG);
            gain[i] = s.number("gain", SensorCalibration.MIN_GAIN, SensorCalibration.MAX_GAIN);
            s.rejectUnknownKeys();
        }
        sensors.rejectUnknownKeys();
        y.rejectUnknownKeys();
        return new SensorCalibration(zero, gain);
    }

    public static void write(Path file, SensorCalibration c, List<String> chamberNames, String when) throws IOException {
        PrivateFile.write(file, yaml(c, chamberNames, when));
    }

    static String yaml(SensorCalibration c, List<String> chamberNames, String when) {
        StringBuilder sb = new StringBuilder()
                .append("# QuietLegs sensor calibration: each pressure sensor against a reference gauge.\n")
                .append("# A reading is gain x (the sensor's reading - zero_mmhg). Written by 'quietlegs service'\n")
                .append("# (zero, gauge); calibrate again rather than edit it.\n")
                .append("version: ").append(VERSION).append('\n')
                .append("calibrated: ").append(when).append('\n')
                .append("sensors:\n");
        for (int i = 0; i <= chamberNames.size(); i++) {
            sb.append("  ").append(i < chamberNames.size() ? chamberNames.get(i) : MANIFOLD).append(":\n")
                    .append(String.format(Locale.ROOT, "    zero_mmhg: %.3f%n    gain: %.4f%n", c.zero(i) + 0.0, c.gain(i)));
        }
        return sb.toString();
    }
}
