package dev.quietlegs.firmware.commission;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Gathers what {@link Commissioning} measures, then makes the {@link CuffProfile}. */
public final class ProfileBuilder {

    private final List<String> names;
    private final double[] zero;
    private double manifoldZero;
    private double pumpTo35S = Double.NaN;
    private double pumpReached;
    private final double[][] fillS;
    private final double[] manifoldAtTop;
    private final double[] slowestRise;
    private final double[] holdLoss;
    private final double[][] ventS;
    private final double[] slowestFall;

    ProfileBuilder(List<String> names) {
        this.names = List.copyOf(names);
        int n = names.size();
        zero = new double[n];
        fillS = nans(n, Commissioning.MARKS_MMHG.length);
        manifoldAtTop = nans(n);
        slowestRise = nans(n);
        holdLoss = nans(n);
        // per chamber: exhaust to 15, exhaust to 10, exhaust to 3, second way to 15, second way to 3
        ventS = nans(n, 5);
        slowestFall = nans(n);
    }

    void zero(int i, double mmHg) {
        zero[i] = mmHg;
    }

    void manifoldZero(double mmHg) {
        manifoldZero = mmHg;
    }

    void pump(double to35S, double reachedMmHg) {
        pumpTo35S = to35S;
        pumpReached = reachedMmHg;
    }

    void fillMark(int i, double p, double s, double manifold) {
        double[] marks = Commissioning.MARKS_MMHG;
        for (int k = 0; k < marks.length; k++) {
            if (Double.isNaN(fillS[i][k]) && p >= marks[k]) {
                fillS[i][k] = s;
                if (k == marks.length - 1) {
                    manifoldAtTop[i] = manifold;
                }
            }
        }
    }

    void rise(int i, double mmHgInASecond) {
        slowestRise[i] = Double.isNaN(slowestRise[i]) ? mmHgInASecond : Math.min(slowestRise[i], mmHgInASecond);
    }

    void hold(int i, double first, double last, double span) {
        holdLoss[i] = first > 0 ? Math.max(0, (first - last) / first / span) : 0;
    }

    void ventMark(int i, boolean second, double p, double s) {
        int base = second ? 3 : 0;
        double[] marks = second ? new double[] {15, 3} : new double[] {15, 10, 3};
        for (int k = 0; k < marks.length; k++) {
            if (Double.isNaN(ventS[i][base + k]) && p < marks[k]) {
                ventS[i][base + k] = s;
            }
        }
    }

    void fall(int i, double fraction) {
        slowestFall[i] = Double.isNaN(slowestFall[i]) ? fraction : Math.min(slowestFall[i], fraction);
    }

    /** The profile, dated {@code when} (ISO-8601), measured on {@code board}. */
    public CuffProfile build(String when, String board) {
        List<CuffProfile.Chamber> chambers = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            double[] v = ventS[i];
            chambers.add(new CuffProfile.Chamber(names.get(i), zero[i], fillS[i].clone(), manifoldAtTop[i],
                    slowestRise[i], holdLoss[i], v[0], Double.isNaN(v[1]) || Double.isNaN(v[2]) ? Double.NaN : v[2] - v[1],
                    v[2], slowestFall[i], v[3], v[4]));
        }
        return new CuffProfile(CuffProfile.VERSION, when, board, manifoldZero,
                new CuffProfile.Pump(pumpTo35S, pumpReached), chambers);
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    private static double[][] nans(int n, int m) {
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = nans(m);
        }
        return a;
    }
}
