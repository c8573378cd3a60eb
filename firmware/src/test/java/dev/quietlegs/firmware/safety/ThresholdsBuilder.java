package dev.quietlegs.firmware.safety;

import java.util.Arrays;

/**
 * Thresholds for a test: the envelope's defaults written out as numbers (so a default moved in the
 * code fails {@link ThresholdsTest}, and the tests that lean on it, rather than moving with it),
 * with the figures a test is about changed. Per-chamber figures are given one per chamber.
 */
final class ThresholdsBuilder {

    private final int chambers;
    private double[] fill;
    private double[] vent;
    private double[] fall;
    private double[] expectedFill;
    private double holdDrop = 0.8;
    private double rise = 0.4;
    private double nearTarget = 4;
    private double heldLoss = 0.03;
    private double release = 20;
    private String source = "a test's";

    private ThresholdsBuilder(int chambers) {
        this.chambers = chambers;
        this.fill = filled(15);
        this.vent = filled(15);
        this.fall = filled(0.06);
        this.expectedFill = filled(Double.NaN);
    }

    /** The envelope's defaults for a cuff of {@code chambers}. */
    static ThresholdsBuilder of(int chambers) {
        return new ThresholdsBuilder(chambers);
    }

    ThresholdsBuilder source(String s) {
        source = s;
        return this;
    }

    ThresholdsBuilder fill(double... s) {
        fill = s.clone();
        return this;
    }

    ThresholdsBuilder vent(double... s) {
        vent = s.clone();
        return this;
    }

    ThresholdsBuilder fall(double... fraction) {
        fall = fraction.clone();
        return this;
    }

    ThresholdsBuilder expectedFill(double... s) {
        expectedFill = s.clone();
        return this;
    }

    ThresholdsBuilder holdDrop(double mmHg) {
        holdDrop = mmHg;
        return this;
    }

    ThresholdsBuilder rise(double mmHg) {
        rise = mmHg;
        return this;
    }

    ThresholdsBuilder nearTarget(double s) {
        nearTarget = s;
        return this;
    }

    ThresholdsBuilder heldLoss(double fraction) {
        heldLoss = fraction;
        return this;
    }

    ThresholdsBuilder release(double s) {
        release = s;
        return this;
    }

    Thresholds build() {
        return new Thresholds(source, fill, vent, holdDrop, fall, rise, nearTarget, heldLoss, release,
                expectedFill);
    }

    private double[] filled(double v) {
        double[] a = new double[chambers];
        Arrays.fill(a, v);
        return a;
    }
}
