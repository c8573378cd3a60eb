package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.simulate.FaultSweep;
import dev.quietlegs.firmware.therapy.Program;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench faults}: the fault sweep, every fault on every chamber or output at every moment of a
 * cycle in each phase, and the worst figures per fault: what the firmware named it, how soon, how
 * long until every chamber was below 15 mmHg, and how high any chamber went. Figures only.
 */
final class FaultBench {

    private FaultBench() {
    }

    static int run(Unit unit, Program program, double stepS, int threads, int worst, boolean json, PrintStream out) {
        FaultSweep sweep = new FaultSweep(unit.config(), unit.programs(), program);
        List<FaultSweep.Cell> cells = sweep.cells(FaultSweep.faults(unit.config()), stepS);
        long t0 = System.nanoTime();
        List<FaultSweep.Outcome> outcomes = sweep.runAll(cells, threads);
        double wallS = (System.nanoTime() - t0) / 1e9;
        List<FaultSweep.Figures> figures = FaultSweep.figures(outcomes);
        if (json) {
            out.println("[" + String.join(",\n", figures.stream().map(FaultSweep.Figures::toJson).toList()) + "]");
            return 0;
        }
        out.printf(Locale.ROOT, "fault sweep of '%s' (cycle %.0f s): %d cells, every %.2f s over the self-test, a"
                + " running and a tapering cycle, and 3 moments of a pause; %.1f s wall on %d threads%n%n",
                program.name(), sweep.cycleS(), cells.size(), stepS, wallS, threads);
        out.printf(Locale.ROOT, "%-22s %6s %9s %9s %7s %9s %7s %8s  %s%n", "fault", "cells", "detected",
                "detect s", "vent s", "above15 s", "peak", "over t+m", "named as");
        for (FaultSweep.Figures f : figures) {
            out.printf(Locale.ROOT, "%-22s %6d %9s %9.2f %7.2f %9.2f %7.1f %8.1f  %s%n", f.kind().wire(), f.injected(),
                    f.detected() + "/" + f.injected(), f.worstDetectionS(), f.worstVentS(), f.worstInflatedS(),
                    f.worstPeakMmHg(), Math.max(-99, f.worstOverTargetMmHg()), f.codes());
        }
        out.println();
        out.println("detect s: injection to the latched fault (latent faults wait for the part they break to be");
        out.println("used); vent s: detection to every chamber below 15 mmHg; above15 s: longest any chamber stayed");
        out.println("above 15 mmHg without a break after the injection (the program itself holds one 16 s);");
        out.println("peak: highest true pressure after the injection, mmHg; over t+m: most any pressurised chamber");
        out.println("was above its target plus the margin (negative: never reached it). Worst of every cell.");
        if (worst > 0) {
            out.println();
            outcomes.stream().filter(o -> o.injected())
                    .sorted(java.util.Comparator.comparingDouble(FaultSweep.Outcome::inflatedS).reversed())
                    .limit(worst).forEach(o -> out.printf(Locale.ROOT, "%-28s %-9s at %5.1f s: %s, above15 %.1f s,"
                            + " peak %.1f%n", o.cell().fault().describe(unit.config().chamberNames()), o.cell().stage(),
                            o.cell().atS(), o.fault() == null ? "none" : o.fault().code().wire() + " after "
                            + String.format(Locale.ROOT, "%.1f", o.detectionS()) + " s", o.inflatedS(), o.peakMmHg()));
        }
        return 0;
    }
}
