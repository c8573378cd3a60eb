package dev.quietlegs.hardware.sensor;

import dev.quietlegs.hardware.port.PressureSensors;
import java.io.IOException;
import java.util.Arrays;

/**
 * Gauge pressure sensors (NXP MPX5050GP) on one ADS1115: one input per chamber and one for the
 * manifold (by default the chambers on inputs 0…n-1, the manifold on the next). One input is
 * converted per control tick, round-robin, so the loop never waits for the ADC (a conversion
 * takes 1.2 ms: keep the loop at 500 Hz or less); each reading is then at most {@code n+1} ticks
 * old. An I2C error makes that input unreadable (NaN) until it
 * reads again, which the supervisor treats as a sensor fault.
 *
 * <p>The MPX5050GP gives {@code Vout = Vs × (0.018 × P[kPa] + 0.04)}; a divider scales it by
 * {@code divider} into the ADC, which runs at 3.3 V. A zero offset per input, measured with the
 * cuff open to the room at start-up, is subtracted.
 */
public final class AdcPressureSensors implements PressureSensors {

    static final double MMHG_PER_KPA = 7.500617;

    private final Ads1115 adc;
    private final int chambers;
    private final double supplyVolts;
    private final double divider;
    private final double[] mmHg;
    private final double[] zero;
    /** Each input's last sensor output, volts (before the divider). */
    private final double[] volts;
    /** The ADC input of each slot: the chambers', then the manifold's. */
    private final int[] inputs;
    private int next = -1;

    /**
     * @param supplyVolts the sensors' supply (5.0 V nominal)
     * @param divider     Vadc / Vout of the resistor divider (20k / (10k + 20k) = 2/3)
     */
    public AdcPressureSensors(Ads1115 adc, int chambers, double supplyVolts, double divider) {
        this(adc, java.util.stream.IntStream.range(0, chambers).toArray(), chambers, supplyVolts, divider);
    }

    /**
     * @param chamberInputs the ADC input of each chamber's sensor, distal first
     * @param manifoldInput the ADC input of the manifold's sensor
     */
    public AdcPressureSensors(Ads1115 adc, int[] chamberInputs, int manifoldInput, double supplyVolts, double divider) {
        int chambers = chamberInputs.length;
        if (chambers < 1 || chambers > 3) {
            throw new IllegalArgumentException("one ADS1115 reads 1 to 3 chambers and the manifold, not " + chambers);
        }
        this.inputs = java.util.Arrays.copyOf(chamberInputs, chambers + 1);
        this.inputs[chambers] = manifoldInput;
        this.adc = adc;
        this.chambers = chambers;
        this.supplyVolts = supplyVolts;
        this.divider = divider;
        this.mmHg = new double[chambers + 1];
        this.zero = new double[chambers + 1];
        this.volts = new double[chambers + 1];
        Arrays.fill(mmHg, Double.NaN);
        Arrays.fill(volts, Double.NaN);
    }

    @Override
    public int chambers() {
        return chambers;
    }

    /** Takes the conversion started at the previous tick and starts the next input's. */
    @Override
    public void sample() {
        if (next >= 0) {
            try {
                double v = adc.readVolts();
                volts[next] = v / divider;
                mmHg[next] = toMmHg(v) - zero[next];
            } catch (IOException e) {
                mmHg[next] = Double.NaN;
                volts[next] = Double.NaN;
            }
        }
        next = (next + 1) % mmHg.length;
        try {
            adc.start(inputs[next]);
        } catch (IOException e) {
            mmHg[next] = Double.NaN;
        }
    }

    /** Gauge pressure in mmHg for a voltage at the ADC input. */
    double toMmHg(double adcVolts) {
        double vout = adcVolts / divider;
        double kPa = (vout / supplyVolts - 0.04) / 0.018;
        return kPa * MMHG_PER_KPA;
    }

    /**
     * Takes each input's offset from zero, the cuff being open to the room: {@code rounds} full
     * rounds are averaged ({@code waitForConversion} is called between samples).
     *
     * @throws IllegalStateException naming the input whose offset is beyond what a good sensor
     *         shows (the cuff is not empty, or the sensor or its wiring is bad)
     */
    public void calibrateZero(int rounds, double maxOffsetMmHg, Runnable waitForConversion) {
        Arrays.fill(zero, 0);
        double[] sum = new double[mmHg.length];
        int[] count = new int[mmHg.length];
        for (int i = 0; i < (rounds + 1) * mmHg.length; i++) {
            sample();
            waitForConversion.run();
            int got = (next + mmHg.length - 1) % mmHg.length;
            if (i >= mmHg.length && !Double.isNaN(mmHg[got])) {
                sum[got] += mmHg[got];
                count[got]++;
            }
        }
        for (int k = 0; k < mmHg.length; k++) {
            String which = k < chambers ? "chamber " + (k + 1) : "manifold";
            if (count[k] == 0) {
                throw new IllegalStateException("the pressure sensor of the " + which + " (ADS1115 input " + inputs[k]
                        + ") cannot be read: check its wiring and the I2C address");
            }
            double offset = sum[k] / count[k];
            if (Math.abs(offset) > maxOffsetMmHg) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "the pressure sensor of the %s (ADS1115 input %d) reads %.1f mmHg with the cuff open to the"
                                + " room: is the cuff empty, the sensor powered, the divider right?", which, inputs[k], offset));
            }
            zero[k] = offset;
            // The last round's readings stay, now relative to zero: the loop's first ticks see
            // every sensor read, not NaN until the round-robin has come round.
            mmHg[k] -= offset;
        }
    }

    @Override
    public double readMmHg(int chamber) {
        return mmHg[chamber];
    }

    @Override
    public double readManifoldMmHg() {
        return mmHg[chambers];
    }

    @Override
    public double volts(int chamber) {
        return volts[chamber];
    }

    @Override
    public double manifoldVolts() {
        return volts[chambers];
    }
}
