package dev.quietlegs.firmware.service;

import dev.quietlegs.hardware.port.OutputFrame;
import java.util.Locale;

/**
 * Fills one chamber to a pressure and holds it there with its inlet left open, so the chamber and the
 * manifold share their air and a gauge on the manifold's tee reads what both sensors should: how each
 * sensor is checked, and corrected ({@code gauge}), against the gauge. The pump's duty falls over the
 * last 8 mmHg, never below the 35 % where a small diaphragm pump stalls; the hold tops up when the
 * chamber sinks 1 mmHg. The target is the chamber's target for the supervisor, so its cap on the
 * manifold (target plus the margin) and its overpressure trip hold as in a session.
 */
final class Fill extends Step {

    static final double FILL_TIMEOUT_S = 30;
    static final double MAX_HOLD_S = 30;
    /** The readings are averaged once the shared air has settled this long into the hold. */
    static final double SETTLE_S = 1;
    private static final double TAPER_MMHG = 8;
    private static final double MIN_DUTY = 0.35;
    private static final double TOP_UP_BELOW_MMHG = 1;

    private final int chamber;
    private final String name;
    private final double mmHg;
    private final double holdS;
    private double heldAt = Double.NaN;
    private double reachedS;
    private boolean holding;
    private boolean topping;
    /** When the air last moved (the fill's end, a top-up's end): the readings are averaged from SETTLE_S after. */
    private double stillSince;
    private double startP;
    private double sumChamber;
    private double sumManifold;
    private int count;
    private volatile double meanChamber = Double.NaN;
    private volatile double meanManifold = Double.NaN;

    Fill(int chamber, String name, double mmHg, double holdS) {
        super(String.format(Locale.ROOT, "the %s chamber filled to %.0f mmHg and held %.0f s, its inlet open to the"
                + " manifold", name, mmHg, holdS));
        if (!(holdS > 0 && holdS <= MAX_HOLD_S)) {
            throw new IllegalArgumentException("hold " + holdS);
        }
        this.chamber = chamber;
        this.name = name;
        this.mmHg = mmHg;
        this.holdS = holdS;
    }

    int chamber() {
        return chamber;
    }

    double mmHg() {
        return mmHg;
    }

    /** The chamber's and the manifold's mean readings over the settled hold so far: NaN until it has settled. */
    double[] settled() {
        return new double[] {meanChamber, meanManifold};
    }

    @Override
    public double holdS() {
        return FILL_TIMEOUT_S + holdS;
    }

    @Override
    Result drive(double s, double[] p, double manifold, OutputFrame out, double[] targets) {
        double now = p[chamber];
        targets[chamber] = mmHg;
        out.inletOpen(chamber, true);
        out.exhaustOpen(chamber, false);
        out.ventOpen(false);
        if (!holding) {
            if (now >= mmHg) {
                holding = true;
                reachedS = s;
                stillSince = s;
                startP = now;
            } else if (s > FILL_TIMEOUT_S) {
                return finish(false, String.format(Locale.ROOT, "the %s chamber reached only %.1f mmHg of %.0f in"
                        + " %.0f s (the manifold %.1f): its hose off or leaking, the cuff not on its dummy, or the pump"
                        + " too weak", name, now, mmHg, FILL_TIMEOUT_S, manifold));
            } else {
                out.pump(duty(now));
                return Result.RUNNING;
            }
        }
        double in = s - reachedS;
        if (in >= holdS) {
            return finish(true, String.format(Locale.ROOT, "the %s chamber reached %.0f mmHg in %.1f s and held"
                    + " %.0f s: %.1f mmHg at the end (%+.2f mmHg/s), the manifold %.1f mmHg; averaged over the settled"
                    + " hold: chamber %.2f, manifold %.2f", name, mmHg, reachedS, holdS, now,
                    (now - startP) / holdS, manifold, meanChamber, meanManifold));
        }
        topping = topping ? now < mmHg : now < mmHg - TOP_UP_BELOW_MMHG;
        if (topping) {
            out.pump(duty(now));
            stillSince = s; // the air is moving: average afresh once it has settled again
            count = 0;
            sumChamber = sumManifold = 0;
        } else if (s - stillSince >= SETTLE_S) {
            sumChamber += now;
            sumManifold += manifold;
            count++;
            meanChamber = sumChamber / count;
            meanManifold = sumManifold / count;
        }
        return Result.RUNNING;
    }

    private double duty(double now) {
        return Math.max(MIN_DUTY, Math.min(1, (mmHg - now) / TAPER_MMHG));
    }
}
