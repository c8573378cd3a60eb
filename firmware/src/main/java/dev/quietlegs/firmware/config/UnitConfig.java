package dev.quietlegs.firmware.config;

import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.firmware.safety.Thresholds;
import dev.quietlegs.hardware.sim.PlantParameters;
import dev.quietlegs.hardware.wiring.PinMap;
import java.nio.file.Path;
import java.util.List;

/**
 * The unit's configuration ({@code quietlegs.yaml}): who it is, how fast its loop runs, its cuff,
 * its limits, and the constants of the simulated plant.
 *
 * @param realtimePriority SCHED_FIFO priority of the control-loop thread (1–99), 0 for none
 * @param chamberNames    the cuff's chambers, distal (ankle) first
 * @param maxMmHg         no chamber target above this; at most the compiled-in ceiling
 * @param maxInflatedS    a program may keep a chamber inflated at most this long per cycle
 * @param inflatedLimitS  the supervisor trips when any chamber stays above 15 mmHg this long
 * @param maxSessionS     the supervisor trips when a session lasts this long, pauses included
 * @param watchdogS       the watchdog trips when the loop has not ticked for this long
 * @param marginMmHg      a reading this far above the limit or a chamber's target trips
 * @param motorMinDuty    the vibration motor's lowest running duty; level 1 maps to it
 * @param pinMap          how the Raspberry Pi is wired, or {@code null} when this cuff has no
 *                        standard wiring and the configuration gives none (more than 3 chambers)
 * @param thresholds      what the pneumatic checks expect of this build: the envelope's defaults,
 *                        or a commissioned cuff profile's ({@link #withThresholds})
 */
public record UnitConfig(
        Path source,
        String deviceId,
        String deviceName,
        int loopRateHz,
        int realtimePriority,
        List<String> chamberNames,
        double maxMmHg,
        double maxInflatedS,
        double inflatedLimitS,
        double maxSessionS,
        double watchdogS,
        double marginMmHg,
        double motorMinDuty,
        String defaultProgram,
        PlantParameters plant,
        MqttConfig mqtt,
        PinMap pinMap,
        Thresholds thresholds) {

    /** The absolute ceiling of any chamber, compiled in: configuration can lower it, never raise it. */
    public static final double CEILING_MMHG = Limits.CEILING_MMHG;

    public UnitConfig {
        chamberNames = List.copyOf(chamberNames);
        if (thresholds == null) {
            thresholds = Thresholds.envelope(chamberNames.size());
        } else if (thresholds.chambers() != chamberNames.size()) {
            throw new IllegalArgumentException("thresholds for " + thresholds.chambers() + " chambers on a cuff of "
                    + chamberNames.size());
        }
    }

    public int chambers() {
        return chamberNames.size();
    }

    /** The supervisor's limits for this unit. */
    public Limits limits() {
        return new Limits(maxMmHg, marginMmHg, inflatedLimitS, maxSessionS, watchdogS);
    }

    /** The same unit with another loop rate (tests, benchmarks). */
    public UnitConfig withLoopRate(int hz) {
        return new UnitConfig(source, deviceId, deviceName, hz, realtimePriority, chamberNames, maxMmHg, maxInflatedS,
                inflatedLimitS, maxSessionS, watchdogS, marginMmHg, motorMinDuty, defaultProgram, plant, mqtt, pinMap,
                thresholds);
    }

    /** The same unit on another simulated plant of as many chambers (benchmarks over the plant envelope). */
    public UnitConfig withPlant(PlantParameters other) {
        if (other.chambers() != chambers()) {
            throw new IllegalArgumentException("a plant of " + other.chambers() + " chambers for a cuff of "
                    + chambers());
        }
        return new UnitConfig(source, deviceId, deviceName, loopRateHz, realtimePriority, chamberNames, maxMmHg,
                maxInflatedS, inflatedLimitS, maxSessionS, watchdogS, marginMmHg, motorMinDuty, defaultProgram, other,
                mqtt, pinMap, thresholds);
    }

    /** The same unit whose checks expect {@code t} (a commissioned cuff profile's). */
    public UnitConfig withThresholds(Thresholds t) {
        return new UnitConfig(source, deviceId, deviceName, loopRateHz, realtimePriority, chamberNames, maxMmHg,
                maxInflatedS, inflatedLimitS, maxSessionS, watchdogS, marginMmHg, motorMinDuty, defaultProgram, plant,
                mqtt, pinMap, t);
    }

    /** The same unit with a cuff of {@code count} chambers named {@code chamber1…} (tests). */
    public UnitConfig withChambers(int count) {
        List<String> names = count == chamberNames.size() ? chamberNames
                : java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "chamber" + i).toList();
        return new UnitConfig(source, deviceId, deviceName, loopRateHz, realtimePriority, names, maxMmHg, maxInflatedS,
                inflatedLimitS, maxSessionS, watchdogS, marginMmHg, motorMinDuty, defaultProgram,
                plant.withChambers(count), mqtt, pinMap != null && pinMap.chambers() == count ? pinMap
                        : count <= PinMap.MAX_CHAMBERS ? PinMap.standard(count) : null,
                thresholds.chambers() == count ? thresholds : Thresholds.envelope(count));
    }
}
