package dev.quietlegs.firmware.safety;

import java.util.Arrays;

/**
 * The pneumatic checks' expectations of this build: how fast its chambers fill, hold and empty. A
 * commissioned cuff profile sets them from what was measured; without one they are wide enough for
 * every build of the supported envelope (README, "Parts and the envelope"). Either way they stay
 * within hard bounds that no profile can move: a vented chamber must lose at least
 * {@link #FLOOR_FALL_FRACTION} of its pressure every second (from the 80 mmHg ceiling that is
 * below 15 mmHg within the IEC 80601-2-30's 30 s), and the limits of {@link Limits} hold whatever
 * these say.
 *
 * @param source           where they come from, for people ("the envelope's defaults", "the cuff
 *                         profile of 2026-12-02")
 * @param fillS            per chamber, the self-test's time to fill it from empty to 10 mmHg
 * @param ventS            per chamber, the self-test's time to vent it from 10 to 3 mmHg
 * @param holdDropMmHg     the self-test's 1 s hold at 10 mmHg may lose this much
 * @param fallFraction     per chamber, a vented chamber above 10 mmHg loses at least this fraction
 *                         of its pressure in every second
 * @param riseMmHg         a filled chamber rises at least this much in every second, until near its target
 * @param nearTargetS      a chamber fed this long within 2 mmHg of its target does not get there
 * @param heldLossFraction a held chamber (both valves shut) loses at most this fraction of its
 *                         pressure per second
 * @param releaseS         longest a released chamber may take to fall below 15 mmHg
 * @param expectedFillS    per chamber, the commissioned time to 10 mmHg (NaN: no profile): the
 *                         self-test says when the cuff fills much faster or slower than that
 */
public record Thresholds(String source, double[] fillS, double[] ventS, double holdDropMmHg, double[] fallFraction,
                         double riseMmHg, double nearTargetS, double heldLossFraction, double releaseS,
                         double[] expectedFillS) {

    /** Hard bound: a vented chamber above 10 mmHg loses at least this fraction every second. */
    public static final double FLOOR_FALL_FRACTION = 0.06;
    /** Hard bound: the self-test waits at most this long for a chamber to fill or vent. */
    public static final double CEILING_SELF_TEST_STAGE_S = 15;
    /** Hard bound: a released chamber below 15 mmHg within this (IEC 80601-2-30: 30 s). */
    public static final double CEILING_RELEASE_S = 30;

    // The envelope's defaults: each at least twice what its slowest healthy build needs
    // (measured with `bench envelope`; see README).
    static final double DEFAULT_FILL_S = 15;
    static final double DEFAULT_VENT_S = 15;
    static final double DEFAULT_HOLD_DROP_MMHG = 0.8;
    static final double DEFAULT_RISE_MMHG = 0.4;
    static final double DEFAULT_NEAR_TARGET_S = 4;
    /** A healthy chamber loses at most about 1.3 %/s anywhere in the envelope (0.5 mmHg/s at 40). */
    static final double DEFAULT_HELD_LOSS_FRACTION = 0.03;
    static final double DEFAULT_RELEASE_S = 20;

    public Thresholds {
        int n = fillS.length;
        if (n < 1 || ventS.length != n || fallFraction.length != n || expectedFillS.length != n) {
            throw new IllegalArgumentException("thresholds need one figure per chamber for each of fill, vent, fall"
                    + " and expected fill");
        }
        fillS = fillS.clone();
        ventS = ventS.clone();
        fallFraction = fallFraction.clone();
        expectedFillS = expectedFillS.clone();
        for (int i = 0; i < n; i++) {
            within("fill time", fillS[i], 0.5, CEILING_SELF_TEST_STAGE_S);
            within("vent time", ventS[i], 0.5, CEILING_SELF_TEST_STAGE_S);
            within("fall fraction", fallFraction[i], FLOOR_FALL_FRACTION, 0.9);
        }
        within("hold drop", holdDropMmHg, 0.2, 2);
        within("rise", riseMmHg, 0.3, 5);
        within("near-target time", nearTargetS, 1, 10);
        within("held loss", heldLossFraction, 0.01, 0.1);
        within("release time", releaseS, 2, CEILING_RELEASE_S);
    }

    /** The defaults for a cuff of {@code chambers}: wide enough for every build of the envelope. */
    public static Thresholds envelope(int chambers) {
        double[] nan = new double[chambers];
        Arrays.fill(nan, Double.NaN);
        return new Thresholds("the envelope's defaults (no cuff profile)", filled(chambers, DEFAULT_FILL_S),
                filled(chambers, DEFAULT_VENT_S), DEFAULT_HOLD_DROP_MMHG, filled(chambers, FLOOR_FALL_FRACTION),
                DEFAULT_RISE_MMHG, DEFAULT_NEAR_TARGET_S, DEFAULT_HELD_LOSS_FRACTION, DEFAULT_RELEASE_S, nan);
    }

    public int chambers() {
        return fillS.length;
    }

    /** Whether these come from a commissioned profile. */
    public boolean profiled() {
        return !Double.isNaN(expectedFillS[0]);
    }

    /** The longest a self-test of {@code used} chambers may take, every stage at its time limit. */
    public double selfTestS(int[] used) {
        double s = SelfTest.ZERO_TIMEOUT_NANOS * 1e-9;
        for (int i : used) {
            s += fillS[i] + ventS[i] + (SelfTest.SETTLE_NANOS + SelfTest.HOLD_NANOS) * 1e-9;
        }
        return s;
    }

    @Override
    public double[] fillS() {
        return fillS.clone();
    }

    @Override
    public double[] ventS() {
        return ventS.clone();
    }

    @Override
    public double[] fallFraction() {
        return fallFraction.clone();
    }

    @Override
    public double[] expectedFillS() {
        return expectedFillS.clone();
    }

    double fillS(int i) {
        return fillS[i];
    }

    double ventS(int i) {
        return ventS[i];
    }

    double fallFraction(int i) {
        return fallFraction[i];
    }

    double expectedFillS(int i) {
        return expectedFillS[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thresholds t && toString().equals(t.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "Thresholds[" + source + ", fill " + Arrays.toString(fillS) + " s, vent " + Arrays.toString(ventS)
                + " s, hold drop " + holdDropMmHg + ", fall " + Arrays.toString(fallFraction) + "/s, rise " + riseMmHg
                 + ", near target " + nearTargetS + " s, held loss " + heldLossFraction + "/s, release " + releaseS
                + " s, expected fill " + Arrays.toString(expectedFillS) + "]";
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static void within(String what, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(what + " " + v + " is not within " + lo + " to " + hi);
        }
    }
}
