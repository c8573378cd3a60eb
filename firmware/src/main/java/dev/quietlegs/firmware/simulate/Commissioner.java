package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.commission.Commissioning;
import dev.quietlegs.firmware.commission.CuffProfile;
import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.UnitConfig;

/** Commissions the simulated plant of a unit in virtual time, through the real loop and gate. */
public final class Commissioner {

    /** Commissioning takes well under this on any plant: every stage has its own time limit. */
    static final double LIMIT_S = 900;

    private Commissioner() {
    }

    /** What commissioning found, or why it was ended before it finished. */
    public record Outcome(CuffProfile profile, String aborted, long wallMs) {
    }

    /** {@code unit} expecting what commissioning its plant finds. */
    public static UnitConfig commissioned(UnitConfig unit, ProgramCatalog catalog) {
        Outcome o = commission(unit, catalog, "simulated");
        if (o.profile() == null) {
            throw new IllegalStateException("commissioning the simulated plant ended: " + o.aborted());
        }
        return unit.withThresholds(o.profile().thresholds());
    }

    /** Commissions {@code unit}'s plant, dating the profile {@code when}. */
    public static Outcome commission(UnitConfig unit, ProgramCatalog catalog, String when) {
        Commissioning c = new Commissioning(unit.chamberNames());
        Simulation sim = new Simulation(unit, catalog, catalog.defaultProgram(), null, 1);
        Summary s = sim.run(c, c::finished, LIMIT_S);
        if (!c.finished()) {
            return new Outcome(null, "it did not finish in " + (int) LIMIT_S + " s", s.wallMs());
        }
        return c.aborted() != null ? new Outcome(null, c.aborted(), s.wallMs())
                : new Outcome(c.measured().build(when, "simulated"), null, s.wallMs());
    }
}
