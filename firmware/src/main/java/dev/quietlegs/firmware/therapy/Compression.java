package dev.quietlegs.firmware.therapy;

/**
 * The sequential-compression part of a program: which chambers (indices, distal first), their
 * pressures (a gradient falling from the ankle up) and the timing of one cycle:
 *
 * <pre>
 *   chamber 0  |inflate|------ hold -------|release|          rest             |
 *   chamber 1          |inflate|-- hold ---|release|
 *   chamber 2                  |inflate|hold|release|
 * </pre>
 *
 * @param chambers        indices of the unit's chambers, in inflation order (distal first)
 * @param distalMmHg      target of the first (most distal) chamber at the program's intensity
 * @param gradientMmHg    drop from one chamber to the next (5–10 mmHg, Kamm 1986)
 * @param maxMmHg         no target of this program ever goes above this, whatever the intensity
 * @param inflateS        slot each chamber has to inflate before the next one starts
 * @param holdS           all inflated chambers hold after the last has inflated
 * @param release         all at once, or the distal chamber first
 * @param releaseStaggerS with distal-first release, the delay from one chamber's release to the next
 * @param restS           every chamber empty before the next cycle (Kendall's refill time)
 */
public record Compression(
        int[] chambers,
        double distalMmHg,
        double gradientMmHg,
        double maxMmHg,
        double inflateS,
        double holdS,
        Release release,
        double releaseStaggerS,
        double restS) {

    public enum Release { ALL, DISTAL_FIRST }

    public Compression {
        chambers = chambers.clone();
    }

    @Override
    public int[] chambers() {
        return chambers.clone();
    }

    public int count() {
        return chambers.length;
    }

    public int chamberAt(int position) {
        return chambers[position];
    }

    /** Seconds from a cycle's start until chamber at {@code position} is released. */
    public double releaseAtS(int position) {
        double last = chambers.length * inflateS + holdS;
        return release == Release.ALL ? last : last + position * releaseStaggerS;
    }

    /** Seconds any chamber is above zero in one cycle: the pressurised part. */
    public double pressurisedS() {
        return releaseAtS(chambers.length - 1);
    }

    /** The longest any chamber is held inflated in one cycle: from its slot's start to its release. */
    public double longestHoldS() {
        double longest = 0;
        for (int pos = 0; pos < chambers.length; pos++) {
            longest = Math.max(longest, releaseAtS(pos) - pos * inflateS);
        }
        return longest;
    }

    public double cycleS() {
        return pressurisedS() + restS;
    }

    /**
     * The target of the chamber at {@code position} at intensity {@code level} (1–10): the
     * program's pressures are its level-5 pressures, each level adds or takes 10 % of them, and
     * no target goes above {@link #maxMmHg}.
     */
    public double targetMmHg(int position, int level) {
        double base = distalMmHg - gradientMmHg * position;
        return Math.min(maxMmHg, base * levelFactor(level));
    }

    public static double levelFactor(int level) {
        return 0.5 + 0.1 * level;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Compression c && java.util.Arrays.equals(chambers, c.chambers)
                && distalMmHg == c.distalMmHg && gradientMmHg == c.gradientMmHg && maxMmHg == c.maxMmHg
                && inflateS == c.inflateS && holdS == c.holdS && release == c.release
                && releaseStaggerS == c.releaseStaggerS && restS == c.restS;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(chambers) * 31 + Double.hashCode(distalMmHg);
    }

    @Override
    public String toString() {
        return "Compression" + java.util.Arrays.toString(chambers) + " " + distalMmHg + "-" + gradientMmHg
                + " mmHg, cycle " + cycleS() + " s";
    }
}
