package dev.quietlegs.firmware.service;

import dev.quietlegs.hardware.port.OutputFrame;
import java.util.Locale;

/**
 * The pump into the closed manifold (every inlet and the main vent shut), slowing near and stopped at the
 * limit the builder gives, which is never above what the supervisor lets a closed manifold reach
 * ({@code limits.max_mmhg}; its own cap slows the pump over the last 3 mmHg below that). What it
 * shows: that the main vent closes, that no inlet lets air through, and that nothing (the relief
 * valve RV1, a fitting) lets air out below the limit. A manifold that stops rising short of it is
 * reported with where it stopped; one that reaches it is vented at once (the loop vents every step's end).
 */
final class Pressurise extends Step {

    static final double TIMEOUT_S = 10;
    /** Judged over each second after the first: a rise smaller than this means the manifold stopped rising. */
    static final double STALL_MMHG_PER_S = 0.5;
    /** The pump slows over this last stretch below the limit (a closed manifold rises 3 mmHg a tick at full duty). */
    static final double TAPER_MMHG = 6;
    private static final double MIN_DUTY = 0.35;

    private final double limit;
    private final double stopAt;
    private double highest;
    private double windowStartS = 1;
    private double windowStartP = Double.NaN;

    /** @param cap the highest the supervisor lets a closed manifold reach */
    Pressurise(double limit, double cap) {
        super(String.format(Locale.ROOT, "the pump into the closed manifold (every inlet and the main vent shut)"
                + " until it reads %.0f mmHg", limit));
        this.limit = limit;
        this.stopAt = Math.min(limit, cap - 1); // the gate's taper makes its own cap a slow approach
    }

    @Override
    public double holdS() {
        return 0; // no chamber is fed
    }

    @Override
    Result drive(double s, double[] p, double manifold, OutputFrame out, double[] targets) {
        if (manifold > highest) {
            highest = manifold;
        }
        if (manifold >= stopAt) {
            return finish(true, String.format(Locale.ROOT, "the closed manifold reached %.1f mmHg in %.2f s and was"
                    + " vented: the main vent and the inlets close, and nothing opens below %.0f mmHg (RV1 cracks at"
                    + " 72 mmHg: set it on the bench, hardware/README test C)", manifold, s, limit));
        }
        if (s >= windowStartS) {
            if (!Double.isNaN(windowStartP) && manifold - windowStartP < STALL_MMHG_PER_S) {
                return finish(false, String.format(Locale.ROOT, "the closed manifold stopped rising at %.1f mmHg (the"
                        + " highest %.1f) with the pump running: air leaves it below %.0f mmHg. Listen: RV1"
                        + " lifting (set too low, or dirt on its seat), the main vent not closing, an inlet not"
                        + " closing (the chamber behind it rises), a loose fitting; or the pump is weak", manifold,
                        highest, limit));
            }
            windowStartP = manifold;
            windowStartS = s + 1;
        }
        if (s > TIMEOUT_S) {
            return finish(false, String.format(Locale.ROOT, "the closed manifold reached only %.1f mmHg in %.0f s",
                    highest, TIMEOUT_S));
        }
        out.ventOpen(false);
        out.pump(Math.max(MIN_DUTY, Math.min(1, (stopAt - manifold) / TAPER_MMHG)));
        return Result.RUNNING;
    }
}
