package dev.quietlegs.firmware.commission;

import dev.quietlegs.firmware.safety.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What commissioning measured of this build: per chamber, how fast it fills from empty, holds,
 * and empties each way; the pump against the closed manifold; each sensor's zero. Times are from
 * empty (fills) or from 40 mmHg (vents), seconds; NaN where a mark was not reached.
 *
 * @param version      of the file's layout ({@link #VERSION})
 * @param commissioned when, ISO-8601
 * @param board        what it was measured on ("simulated", "raspberry-pi")
 */
public record CuffProfile(int version, String commissioned, String board, double manifoldZeroMmHg, Pump pump,
                          List<Chamber> chambers) {

    public static final int VERSION = 1;

    // The envelope, as commissioning sees it (README, "Parts and the envelope").
    /**
     * Every chamber reaches 40 mmHg from empty within this with the pump to itself. Measured across
     * sampled builds, every one within it delivered every program's pressures; from about 6 s on,
     * chambers begin to fall short while the pump also serves the others.
     */
    public static final double FILL_40_MAX_S = 5.5;
    /** A vented chamber above 10 mmHg loses at least this fraction every second through its exhaust. */
    public static final double FALL_MIN = 0.1;
    /**
     * The second way out (inlet and main vent) brings a chamber from 30 mmHg (where commissioning
     * measures it from) to 15 mmHg within this (IEC: 30 s).
     */
    public static final double SECOND_TO_15_MAX_S = 20;
    /** A held chamber loses at most this fraction per second (0.5 mmHg/s at 40 mmHg, with the noise). */
    public static final double HOLD_LOSS_MAX = 0.015;
    /** A sensor open to the room reads within this of zero, after the board's own zeroing. */
    public static final double ZERO_MAX_MMHG = 3;

    /**
     * @param fillS            from empty to 10, 20, 30 and 40 mmHg, the pump to itself
     * @param manifoldAtTopMmHg the manifold when the chamber reached 40: what its inlet drops
     * @param slowestRiseMmHgS the least it rose in any second of that fill below 38 mmHg
     * @param holdLoss         fraction of its pressure lost per second, held at 40 mmHg
     * @param ventTo15S        through its exhaust, from 40 mmHg to 15
     * @param vent10To3S       through its exhaust, from 10 mmHg to 3 (what the self-test waits for)
     * @param ventTo3S         through its exhaust, from 40 mmHg to 3
     * @param slowestFall      the least fraction it lost in any second above 10 mmHg, through its exhaust
     * @param secondTo15S      through its inlet and the main vent, from 30 mmHg to 15
     * @param secondTo3S       the same, to 3
     */
    public record Chamber(String name, double zeroMmHg, double[] fillS, double manifoldAtTopMmHg,
                          double slowestRiseMmHgS, double holdLoss, double ventTo15S, double vent10To3S,
                          double ventTo3S, double slowestFall, double secondTo15S, double secondTo3S) {

        public Chamber {
            fillS = fillS.clone();
        }

        @Override
        public double[] fillS() {
            return fillS.clone();
        }

        /**
         * The least fraction of its pressure it lost in a second through its exhaust: the slowest
         * second above 10 mmHg, or, for a chamber that empties below 10 mmHg within its first
         * second, the rate its fall from 40 to 15 mmHg stands for.
         */
        public double fall() {
            double fromTime = ventTo15S > 0 ? 1 - Math.pow(15.0 / 40, 1 / ventTo15S) : Double.NaN;
            return Double.isNaN(slowestFall) ? fromTime : Double.isNaN(fromTime) ? slowestFall
                    : Math.min(slowestFall, fromTime);
        }

        public double fillTo(int mmHg) {
            for (int k = 0; k < Commissioning.MARKS_MMHG.length; k++) {
                if (Commissioning.MARKS_MMHG[k] == mmHg) {
                    return fillS[k];
                }
            }
            throw new IllegalArgumentException("no fill mark at " + mmHg + " mmHg");
        }
    }

    /**
     * The pump against the closed manifold. (The manifold holds too little air to time the pump's
     * flow at the loop's rate; its trend shows in the chambers' fill times.)
     *
     * @param to35S       from the pump starting to 35 mmHg, NaN if not reached
     * @param reachedMmHg the highest the manifold got
     */
    public record Pump(double to35S, double reachedMmHg) {
    }

    public CuffProfile {
        chambers = List.copyOf(chambers);
    }

    /** What this build is outside the envelope in, each with what to change; empty when inside. */
    public List<String> outsideEnvelope() {
        List<String> out = new ArrayList<>();
        for (Chamber c : chambers) {
            String the = "the " + c.name() + " chamber";
            double t40 = c.fillTo(40);
            if (!(t40 <= FILL_40_MAX_S)) {
                out.add(the + (Double.isNaN(t40) ? " did not reach 40 mmHg from empty within "
                        + secs(Commissioning.FILL_TIMEOUT_NANOS * 1e-9) + " s"
                        : " needs " + secs(t40) + " s to reach 40 mmHg from empty") + " (at most " + secs(FILL_40_MAX_S)
                        + " s: a program gives a chamber 4 s to inflate): a pump "
                        + (Double.isNaN(t40) ? "much" : f1(t40 / FILL_40_MAX_S) + "×") + " as strong, a larger inlet"
                        + " valve (if the manifold stayed well above the chamber), or a smaller chamber");
            }
            if (!(c.fall() >= FALL_MIN)) {
                out.add(the + " lost only " + pct(c.fall()) + " of its pressure in a second through its exhaust"
                        + " (at least " + pct(FALL_MIN) + "): a larger exhaust valve, or a shorter or wider hose");
            }
            if (!(c.secondTo15S() <= SECOND_TO_15_MAX_S)) {
                out.add(the + " took " + (Double.isNaN(c.secondTo15S()) ? "too long" : secs(c.secondTo15S()) + " s")
                        + " to fall from 30 to 15 mmHg through its inlet and the main vent (at most "
                        + secs(SECOND_TO_15_MAX_S) + " s, the way out if its exhaust fails): a larger main vent");
            }
            if (!(c.holdLoss() <= HOLD_LOSS_MAX)) {
                out.add(the + " lost " + pct(c.holdLoss()) + " of its pressure per second while held (at most "
                        + pct(HOLD_LOSS_MAX) + "): it leaks; check its hose, fittings and seams");
            }
            if (!(Math.abs(c.zeroMmHg()) <= ZERO_MAX_MMHG)) {
                out.add(the + "'s sensor reads " + f1(c.zeroMmHg()) + " mmHg open to the room: check the sensor and its"
                        + " tube");
            }
        }
        if (!(Math.abs(manifoldZeroMmHg) <= ZERO_MAX_MMHG)) {
            out.add("the manifold's sensor reads " + f1(manifoldZeroMmHg) + " mmHg open to the room: check the sensor and"
                    + " its tube");
        }
        if (Double.isNaN(pump.to35S())) {
            out.add("the pump lifted the closed manifold only to " + f1(pump.reachedMmHg()) + " mmHg in "
                    + secs(Commissioning.PUMP_TIMEOUT_NANOS * 1e-9) + " s: check the pump, its hose and the main vent");
        }
        return out;
    }

    /**
     * The supervisor's and the self-test's expectations of this build: each from what was measured
     * with a margin, and never beyond the envelope's defaults or the hard bounds of {@link Thresholds}.
     */
    public Thresholds thresholds() {
        Thresholds d = Thresholds.envelope(chambers.size());
        int n = chambers.size();
        double[] fill = new double[n];
        double[] vent = new double[n];
        double[] fall = new double[n];
        double[] expected = new double[n];
        double slowestRise = Double.POSITIVE_INFINITY;
        double loss = 0;
        double release = 0;
        for (int i = 0; i < n; i++) {
            Chamber c = chambers.get(i);
            double t10 = c.fillTo(10);
            fill[i] = within(2 * t10 + 1, 1, d.fillS()[i]);
            vent[i] = within(2 * c.vent10To3S() + 1, 1, d.ventS()[i]);
            // A floor: the higher, the tighter; not measured, the envelope's (the hard floor).
            fall[i] = atLeast(0.5 * c.fall(), d.fallFraction()[i], 0.9);
            expected[i] = t10;
            if (!Double.isNaN(c.slowestRiseMmHgS())) { // NaN: filled within its first second
                slowestRise = Math.min(slowestRise, c.slowestRiseMmHgS());
            }
            loss = Math.max(loss, c.holdLoss());
            release = Math.max(release, c.ventTo15S());
        }
        return new Thresholds("the cuff profile of " + commissioned, fill, vent,
                within(10 * 3 * loss + 0.3, 0.3, d.holdDropMmHg()), fall,
                atLeast(0.3 * slowestRise, d.riseMmHg(), 5), d.nearTargetS(),
                within(3 * loss, 0.015, d.heldLossFraction()), within(2 * release + 2, 5, d.releaseS()), expected);
    }

    /** What was measured, for a person. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-10s %26s %8s %9s %22s %18s%n", "chamber", "fill to 10/20/30/40 mmHg s",
                "hold", "exhaust", "to 15 / to 3 s", "second way 15/3 s"));
        for (Chamber c : chambers) {
            double[] f = c.fillS();
            sb.append(String.format(Locale.ROOT, "%-10s %26s %7s/s %8s/s %22s %18s%n", c.name(),
                    secs(f[0]) + " / " + secs(f[1]) + " / " + secs(f[2]) + " / " + secs(f[3]),
                    pct(c.holdLoss()), pct(c.fall()), secs(c.ventTo15S()) + " / " + secs(c.ventTo3S()),
                    secs(c.secondTo15S()) + " / " + secs(c.secondTo3S())));
        }
        sb.append(String.format(Locale.ROOT, "pump: the closed manifold to 35 mmHg in %s s%n", secs(pump.to35S())));
        sb.append("sensors open to the room:");
        for (Chamber c : chambers) {
            sb.append(' ').append(c.name()).append(' ').append(f1(c.zeroMmHg()));
        }
        sb.append(" manifold ").append(f1(manifoldZeroMmHg)).append(" mmHg\n");
        return sb.toString();
    }

    static String secs(double s) {
        return Double.isNaN(s) ? "—" : String.format(Locale.ROOT, "%.1f", s);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f", Math.round(v * 10) / 10.0 + 0.0);
    }

    static String pct(double fraction) {
        return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    /** A ceiling from {@code v}, not above the default {@code hi}; NaN (not measured): the default. */
    private static double within(double v, double lo, double hi) {
        return Double.isNaN(v) ? hi : Math.max(lo, Math.min(hi, v));
    }

    /**
     * A floor from {@code v}, not below the default {@code lo}; NaN or infinite (not measured): the
     * default, never the tightest bound.
     */
    private static double atLeast(double v, double lo, double hi) {
        return Double.isFinite(v) ? Math.max(lo, Math.min(hi, v)) : lo;
    }
}
