package dev.quietlegs.firmware.simulate;

/**
 * How one chamber behaved over a simulated session, measured on the plant's true pressure.
 *
 * @param cycles         compression cycles in which the chamber was inflated
 * @param reached        of those, the cycles in which it reached its target (within 1 mmHg)
 * @param peakMmHg       the highest pressure it ever had
 * @param maxOvershootMmHg the most it was ever above its target while inflated or held
 * @param holdMaeMmHg    mean absolute error from the target while holding, after reaching it
 * @param meanReachS     mean time from the start of its inflation slot to reaching the target
 * @param maxReachS      the longest such time
 */
public record ChamberStats(String name, int cycles, int reached, double peakMmHg, double maxOvershootMmHg,
                           double holdMaeMmHg, double meanReachS, double maxReachS) {
}
