package dev.quietlegs.firmware.cli;

import static dev.quietlegs.firmware.simulate.EnvelopeFaultSweep.worst;

import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.safety.Cause;
import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.firmware.simulate.Diagnosis;
import dev.quietlegs.firmware.simulate.DiagnosisMatrix;
import dev.quietlegs.firmware.simulate.EnvelopeFaultSweep;
import dev.quietlegs.firmware.simulate.EnvelopeFaultSweep.PlantSweep;
import dev.quietlegs.firmware.simulate.EnvelopeFaultSweep.Worst;
import dev.quietlegs.firmware.simulate.FaultKind;
import dev.quietlegs.firmware.simulate.FaultSweep;
import dev.quietlegs.firmware.simulate.FaultSweep.Outcome;
import dev.quietlegs.firmware.simulate.FaultSweep.Result;
import dev.quietlegs.firmware.simulate.PlantEnvelope.Sample;
import dev.quietlegs.firmware.therapy.Program;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bench faults}: the fault sweep, every fault on every chamber or output at moments of each
 * phase, on the configured plant and, with {@code --plants}, on healthy plants of the envelope. It
 * reports how many faults were detected, the worst figures per fault (how soon, how long until every
 * chamber was below 15 mmHg, how high any chamber went), and whether the faults named the part that
 * was broken (the diagnosis matrix). Figures only: it judges nothing.
 */
final class FaultBench {

    /**
     * @param stepS  a moment every this many seconds over the self-test and a cycle; NaN for the
     *               landmarks (each chamber's fill, the hold, the release, the rest)
     * @param plants how many plants of the envelope besides the configured one
     */
    record Options(double stepS, int plants, long seed, int threads, int worst, boolean commissioned, boolean json) {
    }

    /** Every chamber below 15 mmHg this soon after detection (README, Safety). */
    private static final double VENT_BOUND_S = 3;
    /** The column of each cause in the diagnosis matrix. */
    private static final String[] CAUSE_COLUMNS = {"leak", "off", "kink", "inlet", "exh", "vent", "pump", "sensor",
        "manif", "driver", "firmw", "person"};

    private FaultBench() {
    }

    static int run(Unit unit, Program program, Options o, PrintStream out) {
        List<Sample> samples = EnvelopeFaultSweep.plants(unit.config().plant(), o.plants(), o.seed());
        long t0 = System.nanoTime();
        List<PlantSweep> plants = EnvelopeFaultSweep.run(unit.config(), unit.programs(), program, samples,
                s -> Double.isNaN(o.stepS()) ? s.landmarks() : s.every(o.stepS()), o.threads(), o.commissioned());
        double wallS = (System.nanoTime() - t0) / 1e9;
        List<Outcome> all = EnvelopeFaultSweep.outcomes(plants);
        List<FaultSweep.Figures> figures = FaultSweep.figures(all);
        DiagnosisMatrix diagnoses = DiagnosisMatrix.of(all);
        FaultSweep.Moments moments = Double.isNaN(o.stepS()) ? plants.get(0).sweep().landmarks()
                : plants.get(0).sweep().every(o.stepS());
        if (o.json()) {
            out.println(json(program, o, plants, all, figures, diagnoses, moments, wallS));
            return 0;
        }
        List<String> chambers = unit.config().chamberNames();
        header(out, program, o, plants, all.size(), moments, wallS);
        summary(out, plants, all, diagnoses, chambers);
        out.println();
        kinds(out, figures);
        out.println();
        matrix(out, diagnoses);
        if (plants.size() > 1) {
            out.println();
            perPlant(out, plants, chambers);
        }
        if (o.worst() > 0) {
            out.println();
            out.printf(Locale.ROOT, "the %d cells that kept a chamber above 15 mmHg longest:%n", o.worst());
            plants.stream().flatMap(p -> p.outcomes().stream().filter(Outcome::injected)
                            .map(c -> new Worst(c.inflatedS(), p.plant(), c)))
                    .sorted(Comparator.comparingDouble(Worst::value).reversed()).limit(o.worst())
                    .forEach(w -> out.printf(Locale.ROOT, "%s: %s, above15 %.1f s, peak %.1f%n", where(w, chambers),
                            w.outcome().fault() == null ? "nothing latched" : String.format(Locale.ROOT,
                                    "latched after %.1f s", w.outcome().detectionS()), w.value(),
                            w.outcome().peakMmHg()));
        }
        return 0;
    }

    private static void header(PrintStream out, Program program, Options o, List<PlantSweep> plants, int cells,
                               FaultSweep.Moments m, double wallS) {
        String when = Double.isNaN(o.stepS())
                ? String.format(Locale.ROOT, "%d evenly over each plant's own self-test; in a running and a tapering"
                        + " cycle each chamber's fill, the hold, the release and the rest (%s s)",
                        m.startingS().size(), seconds(m.cycleS()))
                : String.format(Locale.ROOT, "every %.2f s over each plant's own self-test (%.1f s on the"
                        + " configured plant) and a running and a tapering cycle", o.stepS(),
                        plants.get(0).sweep().selfTestS());
        out.printf(Locale.ROOT, "fault sweep of '%s' (cycle %.0f s) on %s: %d cells, each fault at %d moments: %s;"
                        + " %s s into a pause; %.1f s wall on %d threads%n", program.name(), plants.get(0).sweep().cycleS(),
                plants.size() == 1 ? "the configured plant" : String.format(Locale.ROOT,
                        "%d plants (the configured one and the first %d of the envelope's: its 16 corners, then random"
                                + " plants of seed %d)", plants.size(), o.plants(), o.seed()),
                cells, m.count(), when, seconds(m.pausedS()), wallS, o.threads());
        out.println(o.commissioned() ? "each plant commissioned first: its sweep expects its cuff profile"
                : "no plant commissioned: every sweep expects the envelope's defaults");
        out.println();
    }

    private static void summary(PrintStream out, List<PlantSweep> plants, List<Outcome> all,
                                DiagnosisMatrix diagnoses, List<String> chambers) {
        long detected = count(all, Result.DETECTED);
        long missed = count(all, Result.MISSED);
        out.printf(Locale.ROOT, "cells             %d%n", all.size());
        out.printf(Locale.ROOT, "detected          %d of %d (%s): a fault latched after the injection, sooner than"
                + " the plant latches one without it%n", detected, detected + missed, percent(detected,
                detected + missed));
        out.printf(Locale.ROOT, "missed            %d%n", missed);
        out.printf(Locale.ROOT, "latched before    %d cells on %d plants: a fault latched before the moment came, so"
                + " none was injected (the plant faults on its own)%n", count(all, Result.LATCHED_BEFORE),
                plantsWith(plants, Result.LATCHED_BEFORE));
        out.printf(Locale.ROOT, "own fault due     %d cells on %d plants: injected, but what latched came no sooner"
                + " than the plant's own false fault%n", count(all, Result.OWN_FAULT_DUE),
                plantsWith(plants, Result.OWN_FAULT_DUE));
        out.printf(Locale.ROOT, "not reached       %d: the self-test was over before the moment%n",
                count(all, Result.NOT_REACHED));
        out.printf(Locale.ROOT, "hardware only     %d: process-dead, which nothing of the software is left to see (the"
                + " hardware's dead-man vents)%n", count(all, Result.HARDWARE_ONLY));
        out.println("                  (these four are neither detected nor missed)");
        worst(plants, FaultBench::detected, Outcome::detectionS).ifPresent(w -> out.printf(Locale.ROOT,
                "worst detection   %.2f s: %s%n", w.value(), where(w, chambers)));
        worst(plants, Outcome::latchedAfter, Outcome::ventOrNeverS).ifPresent(w -> out.printf(Locale.ROOT,
                "worst vent        %s: %s (detection to every chamber below 15 mmHg)%n", ventS(w.value()),
                where(w, chambers)));
        worst(plants, FaultBench::unkinked, Outcome::ventOrNeverS).ifPresent(w -> out.printf(Locale.ROOT,
                "  but a kink      %s: %s (a kinked hose throttles the way out too)%n", ventS(w.value()),
                where(w, chambers)));
        Map<String, Integer> slow = new java.util.TreeMap<>();
        all.stream().filter(FaultBench::unkinked).filter(o -> o.ventOrNeverS() > VENT_BOUND_S)
                .forEach(o -> slow.merge(o.cell().fault().kind().wire(), 1, Integer::sum));
        out.printf(Locale.ROOT, "  over %.0f s       %d cells, a kinked hose not counted%s%n", VENT_BOUND_S,
                slow.values().stream().mapToInt(Integer::intValue).sum(), slow.isEmpty() ? "" : ": " + slow);
        worst(plants, o -> true, Outcome::maxMmHg).ifPresent(w -> out.printf(Locale.ROOT,
                "highest pressure  %.1f mmHg true, any time of any cell: %s; above %.0f mmHg: %d cells%n",
                w.value(), where(w, chambers), Limits.CEILING_MMHG,
                all.stream().filter(c -> c.maxMmHg() > Limits.CEILING_MMHG).count()));
        out.printf(Locale.ROOT, "diagnosis right   %s of the %d detected cells%n",
                percent(diagnoses.right(), diagnoses.detected()), diagnoses.detected());
    }

    private static void kinds(PrintStream out, List<FaultSweep.Figures> figures) {
        out.printf(Locale.ROOT, "%-22s %6s %11s %6s %9s %7s %9s %7s %8s  %s%n", "fault", "cells", "detected", "false",
                "detect s", "vent s", "above15 s", "peak", "over t+m", "latched after the injection");
        for (FaultSweep.Figures f : figures) {
            out.printf(Locale.ROOT, "%-22s %6d %11s %6d %9.2f %7s %9.2f %7.1f %8.1f  %s%n", f.kind().wire(), f.cells(),
                    f.count(Result.DETECTED) + "/" + f.judged(),
                    f.count(Result.LATCHED_BEFORE) + f.count(Result.OWN_FAULT_DUE), f.worstDetectionS(),
                    vent(f.worstVentS()), f.worstInflatedS(), f.worstPeakMmHg(), Math.max(-99,
                            f.worstOverTargetMmHg()), f.codes());
        }
        out.println();
        out.println("cells: every cell of the fault; detected: of those detected or missed; false: the cells the");
        out.println("plant's own false fault took (latched before the injection, or no sooner than without it).");
        out.println("detect s: injection to the latched fault (latent faults wait for the part they break to be used);");
        out.println("vent s: detection to every chamber below 15 mmHg; above15 s: longest any chamber stayed above");
        out.println("15 mmHg without a break after the injection (the program itself holds one 16 s); peak: highest");
        out.println("true pressure after the injection, mmHg; over t+m: most any pressurised chamber was above its");
        out.println("target plus the margin (negative: never reached it). Worst of every injected cell.");
    }

    private static void matrix(PrintStream out, DiagnosisMatrix m) {
        out.println("diagnoses: the causes each detected cell's fault named (one naming two counts in both columns);");
        out.println("* marks the part that was broken; right: named it, and at most " + Diagnosis.MAX_CAUSES
                + " causes");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-22s %8s", "fault", "detected"));
        for (String c : CAUSE_COLUMNS) {
            head.append(String.format(Locale.ROOT, " %7s", c + " "));
        }
        out.println(head.append(String.format(Locale.ROOT, " %7s %7s", "none ", "right")));
        for (DiagnosisMatrix.Row r : m.rows()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-22s %8d", r.kind().wire(),
                    r.detected()));
            Cause expected = r.kind().cause().orElseThrow();
            for (Cause c : Cause.values()) {
                String n = r.named(c) == 0 ? "." : Integer.toString(r.named(c));
                row.append(String.format(Locale.ROOT, " %7s", c == expected ? n + "*" : n + " "));
            }
            row.append(String.format(Locale.ROOT, " %7s %7s", (r.none() == 0 ? "." : Integer.toString(r.none())) + " ",
                    percent(r.right(), r.detected())));
            out.println(row);
        }
        out.printf(Locale.ROOT, "%-22s %8d %" + (8 * (CAUSE_COLUMNS.length + 1) + 7) + "s%n", "all", m.detected(),
                percent(m.right(), m.detected()));
        List<DiagnosisMatrix.Row> wrong = m.rows().stream().filter(r -> !r.wrong().isEmpty()).toList();
        if (!wrong.isEmpty()) {
            out.println();
            out.println("the wrong diagnoses (code: causes named, cells):");
            for (DiagnosisMatrix.Row r : wrong) {
                out.printf(Locale.ROOT, "%-22s %s%n", r.kind().wire(), String.join(", ", r.wrong().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).toList()));
            }
        }
    }

    private static void perPlant(PrintStream out, List<PlantSweep> plants, List<String> chambers) {
        out.printf(Locale.ROOT, "%-18s %-26s %6s %9s %6s %6s %6s %6s %8s %7s %6s%n", "plant", "without a fault",
                "cells", "detected", "missed", "before", "due", "right", "detect s", "vent s", "peak");
        for (PlantSweep p : plants) {
            DiagnosisMatrix m = p.diagnoses();
            out.printf(Locale.ROOT, "%-18s %-26s %6d %9d %6d %6d %6d %6s %8.2f %7s %6.1f%s%n", p.plant().label(),
                    healthy(p), p.outcomes().size(), p.count(Result.DETECTED), p.count(Result.MISSED),
                    p.count(Result.LATCHED_BEFORE), p.count(Result.OWN_FAULT_DUE), percent(m.right(), m.detected()),
                    p.worstDetectionS(), vent(p.worstVentS()), p.maxMmHg(), flagged(p) ? "  !" : "");
        }
        out.println("without a fault: the sweep's program on the plant, no fault injected; before: latched before the");
        out.println("injection; due: latched no sooner than without it; right: of the detected; !: listed below");
        List<PlantSweep> flagged = plants.stream().filter(FaultBench::flagged).toList();
        out.println();
        if (flagged.isEmpty()) {
            out.printf(Locale.ROOT, "no plant had a missed cell or one above %.0f mmHg%n", Limits.CEILING_MMHG);
            return;
        }
        out.printf(Locale.ROOT, "plants with a missed cell or one above %.0f mmHg:%n", Limits.CEILING_MMHG);
        for (PlantSweep p : flagged) {
            out.printf(Locale.ROOT, "%-18s %s%n", p.plant().label(), p.plant().describe());
            Map<String, List<Outcome>> byFault = new LinkedHashMap<>();
            p.outcomes().stream().filter(FaultBench::bad).forEach(o -> byFault.computeIfAbsent(
                    o.cell().fault().describe(chambers), k -> new ArrayList<>()).add(o));
            byFault.forEach((fault, cells) -> out.printf(Locale.ROOT, "%-18s %s: %s%n", "", fault, moments(cells)));
        }
    }

    /** The cells' moments by what went wrong and phase: {@code missed RUNNING 10.0 14.0; above 80 ...}. */
    private static String moments(List<Outcome> cells) {
        Map<String, List<String>> by = new LinkedHashMap<>();
        for (Outcome o : cells) {
            String what = o.maxMmHg() > Limits.CEILING_MMHG ? String.format(Locale.ROOT, "above %.0f mmHg",
                    Limits.CEILING_MMHG) : "missed";
            by.computeIfAbsent(what + " " + o.cell().stage(), k -> new ArrayList<>())
                    .add(String.format(Locale.ROOT, "%.1f", o.cell().atS()));
        }
        return String.join("; ", by.entrySet().stream().map(e -> e.getKey() + " at " + String.join(" ",
                e.getValue()) + " s").toList());
    }

    private static String json(Program program, Options o, List<PlantSweep> plants, List<Outcome> all,
                               List<FaultSweep.Figures> figures, DiagnosisMatrix diagnoses, FaultSweep.Moments m,
                               double wallS) {
        Json j = new Json().begin().field("program", program.name()).field("cycle_s", plants.get(0).sweep().cycleS(), 1)
                .field("step_s", o.stepS(), 3).field("envelope_plants", o.plants()).field("seed", o.seed())
                .field("threads", o.threads()).field("wall_s", wallS, 1).field("cells", all.size())
                .field("moments_per_fault", m.count());
        results(j, all);
        j.field("above_ceiling", all.stream().filter(c -> c.maxMmHg() > Limits.CEILING_MMHG).count());
        worstField(j, "worst_detection", worst(plants, FaultBench::detected, Outcome::detectionS));
        worstField(j, "worst_vent", worst(plants, Outcome::latchedAfter, Outcome::ventOrNeverS));
        worstField(j, "worst_vent_but_a_kink", worst(plants, FaultBench::unkinked, Outcome::ventOrNeverS));
        worstField(j, "highest", worst(plants, c -> true, Outcome::maxMmHg));
        j.key("kinds").beginArray();
        figures.forEach(f -> f.write(j));
        j.endArray().key("diagnosis");
        diagnoses.write(j);
        j.key("plants").beginArray();
        for (PlantSweep p : plants) {
            var healthy = p.sweep().healthy();
            j.begin().field("plant", p.plant().label()).field("parts", p.plant().describe())
                    .field("self_test_s", p.sweep().selfTestS(), 2)
                    .field("healthy", healthy.fault() == null ? healthy.finalPhase().wire() : healthy.fault().code()
                            .wire()).field("healthy_fault_s", healthy.faultS(), 1)
                    .field("cells", p.outcomes().size());
            results(j, p.outcomes());
            j.field("right_share", p.diagnoses().rightShare(), 4).field("worst_detection_s", p.worstDetectionS(), 2)
                    .field("worst_vent_s", p.worstVentS(), 2).field("max_mmhg", p.maxMmHg(), 1).end();
        }
        return j.endArray().end().toString();
    }

    private static void results(Json j, List<Outcome> outcomes) {
        for (Result r : Result.values()) {
            j.field(r.name().toLowerCase(Locale.ROOT), count(outcomes, r));
        }
    }

    private static void worstField(Json j, String key, Optional<Worst> w) {
        j.key(key);
        if (w.isEmpty()) {
            j.nullValue();
            return;
        }
        Outcome o = w.get().outcome();
        j.begin().field("value", w.get().value(), 2).field("plant", w.get().plant().label())
                .field("fault", o.cell().fault().kind().wire()).field("stage", o.cell().stage().name())
                .field("at_s", o.cell().atS(), 2)
                .field("code", o.fault() == null ? null : o.fault().code().wire()).end();
    }

    private static boolean detected(Outcome o) {
        return o.result() == Result.DETECTED;
    }

    private static boolean bad(Outcome o) {
        return o.result() == Result.MISSED || o.maxMmHg() > Limits.CEILING_MMHG;
    }

    private static boolean flagged(PlantSweep p) {
        return p.outcomes().stream().anyMatch(FaultBench::bad);
    }

    private static long plantsWith(List<PlantSweep> plants, Result r) {
        return plants.stream().filter(p -> p.count(r) > 0).count();
    }

    /** A fault latched after the injection of anything but a kinked hose (which throttles the way out too). */
    private static boolean unkinked(Outcome o) {
        return o.latchedAfter() && o.cell().fault().kind() != FaultKind.KINKED_HOSE;
    }

    private static String healthy(PlantSweep p) {
        var h = p.sweep().healthy();
        return h.fault() == null ? h.finalPhase().wire()
                : String.format(Locale.ROOT, "%s at %.1f s", h.fault().code().wire(), h.faultS());
    }

    private static String where(Worst w, List<String> chambers) {
        Outcome o = w.outcome();
        return String.format(Locale.ROOT, "%s %s at %.1f s%s on %s", o.cell().fault().describe(chambers),
                o.cell().stage(), o.cell().atS(), o.fault() == null ? "" : " (" + o.fault().code().wire() + ")",
                w.plant().label());
    }

    private static long count(List<Outcome> outcomes, Result r) {
        return outcomes.stream().filter(o -> o.result() == r).count();
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }

    /** A time to every chamber below 15 mmHg; never, when they were not all below by the end of the watch. */
    private static String vent(double s) {
        return Double.isInfinite(s) ? "never" : String.format(Locale.ROOT, "%.2f", s);
    }

    private static String ventS(double s) {
        return Double.isInfinite(s) ? "never" : vent(s) + " s";
    }

    private static String seconds(List<Double> moments) {
        return String.join(", ", moments.stream().map(t -> String.format(Locale.ROOT, "%.1f", t)).toList());
    }
}
