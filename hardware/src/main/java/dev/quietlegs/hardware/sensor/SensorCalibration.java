package dev.quietlegs.hardware.sensor;

import java.util.Arrays;

/**
 * How far each pressure sensor's reading is from a reference gauge's: a corrected reading is
 * {@code gain × (reading − zero)}. One entry per chamber, distal first, then the manifold's. The
 * MPX5050GP is ±2.5 % of its full scale (about ±9 mmHg) before zeroing, and its span moves with its
 * 5 V supply, which the ADS1115 does not follow (it is not ratiometric): the gain takes up both.
 */
public final class SensorCalibration {

    /** A gain outside this is no sensor within its data sheet on a supply within 5 %: a wiring or divider fault. */
    public static final double MIN_GAIN = 0.8;
    public static final double MAX_GAIN = 1.25;
    /** A zero further off than this is no sensor within its data sheet (±9.4 mmHg): a full cuff or a fault. */
    public static final double MAX_ZERO_MMHG = 10;

    private final double[] zero;
    private final double[] gain;

    /**
     * @param zeroMmHg each sensor's reading open to the room, chambers then the manifold
     * @param gain     each sensor's correction of its span, same order
     */
    public SensorCalibration(double[] zeroMmHg, double[] gain) {
        if (zeroMmHg.length != gain.length || zeroMmHg.length < 2) {
            throw new IllegalArgumentException("a zero and a gain for each chamber's sensor and the manifold's");
        }
        for (int i = 0; i < gain.length; i++) {
            if (!(Math.abs(zeroMmHg[i]) <= MAX_ZERO_MMHG)) {
                throw new IllegalArgumentException("zero " + zeroMmHg[i] + " mmHg is not within ±" + MAX_ZERO_MMHG);
            }
            if (!(gain[i] >= MIN_GAIN && gain[i] <= MAX_GAIN)) {
                throw new IllegalArgumentException("gain " + gain[i] + " is not within " + MIN_GAIN + " to " + MAX_GAIN);
            }
        }
        this.zero = zeroMmHg.clone();
        this.gain = gain.clone();
    }

    /** No correction: every zero 0, every gain 1. */
    public static SensorCalibration none(int chambers) {
        double[] g = new double[chambers + 1];
        Arrays.fill(g, 1);
        return new SensorCalibration(new double[chambers + 1], g);
    }

    public int chambers() {
        return gain.length - 1;
    }

    /** The zero of sensor {@code slot}: a chamber, or {@link #chambers()} for the manifold. */
    public double zero(int slot) {
        return zero[slot];
    }

    public double gain(int slot) {
        return gain[slot];
    }

    /** The same with sensor {@code slot}'s zero and gain replaced. */
    public SensorCalibration with(int slot, double zeroMmHg, double gainFactor) {
        double[] z = zero.clone();
        double[] g = gain.clone();
        z[slot] = zeroMmHg;
        g[slot] = gainFactor;
        return new SensorCalibration(z, g);
    }

    double correct(int slot, double reading) {
        return gain[slot] * (reading - zero[slot]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SensorCalibration c && Arrays.equals(zero, c.zero) && Arrays.equals(gain, c.gain);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(zero) + Arrays.hashCode(gain);
    }

    @Override
    public String toString() {
        return "SensorCalibration[zero=" + Arrays.toString(zero) + ", gain=" + Arrays.toString(gain) + "]";
    }
}
