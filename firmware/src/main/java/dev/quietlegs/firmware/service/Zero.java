package dev.quietlegs.firmware.service;

import dev.quietlegs.hardware.port.OutputFrame;
import java.util.Arrays;

/**
 * Every sensor open to the room (the safe frame: every exhaust and the main vent open) for a while,
 * each reading averaged once the air is out: what each sensor reads at zero.
 */
final class Zero extends Step {

    static final double VENT_S = 2;
    static final double AVERAGE_S = 2;
    /** The first and the second half of the average further apart than this: the air was still moving. */
    static final double STEADY_MMHG = 0.3;

    private final double[] sum;
    private final double[] firstHalf;
    private int count;
    private int firstCount;
    private volatile double[] means;

    private final java.util.List<String> names;

    Zero(java.util.List<String> chamberNames) {
        super("every valve open to the room, each sensor averaged for " + (int) AVERAGE_S + " s");
        this.names = chamberNames;
        this.sum = new double[chamberNames.size() + 1];
        this.firstHalf = new double[chamberNames.size() + 1];
    }

    /** Each sensor's mean reading, chambers then the manifold, once it has ended by itself; else null. */
    double[] means() {
        return means;
    }

    @Override
    public double holdS() {
        return 0;
    }

    @Override
    Result drive(double s, double[] p, double manifold, OutputFrame out, double[] targets) {
        if (s < VENT_S) {
            return Result.RUNNING;
        }
        for (int i = 0; i < p.length; i++) {
            sum[i] += p[i];
        }
        sum[p.length] += manifold;
        count++;
        if (firstCount == 0 && s >= VENT_S + AVERAGE_S / 2) {
            System.arraycopy(sum, 0, firstHalf, 0, sum.length);
            firstCount = count;
        }
        if (s >= VENT_S + AVERAGE_S) {
            double[] m = Arrays.copyOf(sum, sum.length);
            for (int i = 0; i < m.length; i++) {
                double early = firstHalf[i] / firstCount;
                double late = (sum[i] - firstHalf[i]) / (count - firstCount);
                if (Math.abs(early - late) > STEADY_MMHG) {
                    return finish(false, String.format(java.util.Locale.ROOT, "the %s sensor was still moving (%.1f"
                            + " then %.1f mmHg): air was still leaving; nothing stored, 'zero' again", sensorName(i),
                            early, late));
                }
                m[i] /= count;
            }
            means = m;
            return finish(true, "every sensor read open to the room");
        }
        return Result.RUNNING;
    }

    private String sensorName(int i) {
        return i < names.size() ? names.get(i) : CalibrationFile.MANIFOLD;
    }
}
