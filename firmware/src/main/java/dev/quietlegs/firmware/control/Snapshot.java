package dev.quietlegs.firmware.control;

import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.therapy.Phase;

/**
 * What the unit is doing, as of one tick: immutable, built on the reader's thread.
 *
 * @param program        the program of the current or last session, or {@code null}
 * @param vibrationLevel the level delivered now (0–10, after ramp and taper)
 * @param vibrationSetting the level asked for
 * @param fault          the latched fault, or {@code null}
 */
public record Snapshot(
        long tick,
        long atNanos,
        Phase phase,
        String program,
        double elapsedS,
        double remainingS,
        double vibrationLevel,
        int vibrationSetting,
        int intensity,
        double[] pressureMmHg,
        double[] targetMmHg,
        double pumpDuty,
        double motorDuty,
        long cycle,
        Fault fault) {

    public Snapshot {
        pressureMmHg = pressureMmHg.clone();
        targetMmHg = targetMmHg.clone();
    }

    @Override
    public double[] pressureMmHg() {
        return pressureMmHg.clone();
    }

    @Override
    public double[] targetMmHg() {
        return targetMmHg.clone();
    }

    public int chambers() {
        return pressureMmHg.length;
    }

    public double pressure(int chamber) {
        return pressureMmHg[chamber];
    }

    public double target(int chamber) {
        return targetMmHg[chamber];
    }
}
