package dev.quietlegs.firmware.config;

import dev.quietlegs.hardware.sim.PlantParameters;
import java.nio.file.Path;
import java.util.List;

/**
 * The unit's configuration ({@code quietlegs.yaml}): who it is, how fast its loop runs, its cuff,
 * its limits, and the constants of the simulated plant.
 *
 * @param chamberNames    the cuff's chambers, distal (ankle) first
 * @param maxMmHg         no chamber target above this; at most the compiled-in ceiling
 * @param maxInflatedS    a program may keep a chamber inflated at most this long per cycle
 * @param motorMinDuty    the vibration motor's lowest running duty; level 1 maps to it
 */
public record UnitConfig(
        Path source,
        String deviceId,
        String deviceName,
        int loopRateHz,
        List<String> chamberNames,
        double maxMmHg,
        double maxInflatedS,
        double motorMinDuty,
        String defaultProgram,
        PlantParameters plant) {

    /** The absolute ceiling of any chamber, compiled in: configuration can lower it, never raise it. */
    public static final double CEILING_MMHG = 80.0;

    public UnitConfig {
        chamberNames = List.copyOf(chamberNames);
    }

    public int chambers() {
        return chamberNames.size();
    }

    /** The same unit with another loop rate (tests, benchmarks). */
    public UnitConfig withLoopRate(int hz) {
        return new UnitConfig(source, deviceId, deviceName, hz, chamberNames, maxMmHg, maxInflatedS,
                motorMinDuty, defaultProgram, plant);
    }

    /** The same unit with a cuff of {@code count} chambers named {@code chamber1…} (tests). */
    public UnitConfig withChambers(int count) {
        List<String> names = count == chamberNames.size() ? chamberNames
                : java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "chamber" + i).toList();
        return new UnitConfig(source, deviceId, deviceName, loopRateHz, names, maxMmHg, maxInflatedS,
                motorMinDuty, defaultProgram, plant.withChambers(count));
    }
}
