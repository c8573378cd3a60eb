package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.simulate.PlantEnvelope;
import dev.quietlegs.firmware.simulate.PlantEnvelope.Axis;
import dev.quietlegs.firmware.simulate.PlantEnvelope.Outcome;
import dev.quietlegs.firmware.simulate.PlantEnvelope.Sample;
import dev.quietlegs.firmware.therapy.Program;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bench envelope}: healthy plants across the plausible envelope of parts (and its corners),
 * each program a whole session on each, no fault injected: how many ended done, which faults were
 * latched anyway (false faults), and the plants that fared worst. Figures only: it judges nothing.
 */
final class EnvelopeBench {

    private EnvelopeBench() {
    }

    /** The false faults of one code. */
    private record Code(String code, int sessions, int plants, double firstS, String programs, String example) {
    }

    /** A plant and its sessions. */
    private record Plant(Sample sample, List<Outcome> outcomes) {

        long faulted() {
            return outcomes.stream().filter(o -> !o.done()).count();
        }

        double firstFaultS() {
            return outcomes.stream().filter(o -> o.fault() != null).mapToDouble(Outcome::faultS).min()
                    .orElse(Double.POSITIVE_INFINITY);
        }
    }

    static int run(Unit unit, List<Program> programs, int plants, long seed, int threads, int worst,
                   boolean commissioned, boolean json, PrintStream out) {
        List<Sample> samples = PlantEnvelope.plants(unit.config().plant(), plants, seed);
        long t0 = System.nanoTime();
        List<Outcome> outcomes = PlantEnvelope.runAll(unit.config(), unit.programs(), programs, samples, threads,
                commissioned);
        double wallS = (System.nanoTime() - t0) / 1e9;
        List<String> chambers = unit.config().chamberNames();

        Map<Sample, Plant> byPlant = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            byPlant.computeIfAbsent(o.sample(), s -> new Plant(s, new ArrayList<>())).outcomes().add(o);
        }
        List<Code> codes = codes(outcomes, chambers);
        List<Plant> worstPlants = byPlant.values().stream().filter(p -> p.faulted() > 0)
                .sorted(Comparator.comparingLong(Plant::faulted).reversed()
                        .thenComparingDouble(Plant::firstFaultS))
                .limit(worst).toList();
        long done = outcomes.stream().filter(Outcome::done).count();
        long faulted = outcomes.stream().filter(o -> o.fault() != null).count();
        long plantsFaulted = byPlant.values().stream().filter(p -> p.faulted() > 0).count();
        List<Sample> random = samples.stream().filter(s -> !s.corner()).toList();

        if (json) {
            Json j = new Json().begin().field("random_plants", plants).field("corners", samples.size() - plants)
                    .field("seed", seed).field("commissioned", commissioned).field("threads", threads).field("wall_s", wallS, 1)
                    .field("sessions", outcomes.size()).field("done", done).field("false_fault", faulted)
                    .field("other", outcomes.size() - done - faulted).field("plants_with_false_fault", plantsFaulted);
            j.key("programs").beginArray();
            for (Program p : programs) {
                List<Outcome> mine = outcomes.stream().filter(o -> o.program().equals(p.name())).toList();
                j.begin().field("program", p.name()).field("sessions", mine.size())
                        .field("done", mine.stream().filter(Outcome::done).count())
                        .field("false_fault", mine.stream().filter(o -> o.fault() != null).count()).end();
            }
            j.endArray().key("codes").beginArray();
            for (Code c : codes) {
                j.begin().field("code", c.code()).field("sessions", c.sessions()).field("plants", c.plants())
                        .field("first_s", c.firstS(), 1).field("programs", c.programs()).field("example", c.example())
                        .end();
            }
            j.endArray().key("by_axis").beginArray();
            for (Axis a : Axis.values()) {
                double[] share = thirds(a, random, byPlant);
                j.begin().field("axis", a.label()).field("low", share[0], 3).field("mid", share[1], 3)
                        .field("high", share[2], 3).end();
            }
            j.endArray().key("worst").beginArray();
            for (Plant p : worstPlants) {
                Sample s = p.sample();
                j.begin().field("plant", s.label()).field("pump_flow_ml_s", s.pumpFlowMlS(), 1)
                        .field("pump_stall_mmhg", s.pumpStallMmHg(), 0).field("calf_compliance", s.calfCompliance(), 2)
                        .field("ankle_ratio", s.ankleRatio(), 3).field("thigh_ratio", s.thighRatio(), 3)
                        .field("inlet_bore_mm", s.inletBoreMm(), 2).field("exhaust_bore_mm", s.exhaustBoreMm(), 2)
                        .field("vent_bore_mm", s.ventBoreMm(), 2).field("leak_mmhg_s", s.leakMmHgS(), 3)
                        .field("motor_start_duty", s.motorStartDuty(), 3);
                j.key("sessions").beginArray();
                for (Outcome o : p.outcomes()) {
                    j.begin().field("program", o.program()).field("final_phase", o.finalPhase().wire());
                    if (o.fault() != null) {
                        j.field("code", o.fault().code().wire()).field("chamber", chamber(o, chambers))
                                .field("at_s", o.faultS(), 1);
                    }
                    j.end();
                }
                j.endArray().end();
            }
            out.println(j.endArray().end());
            return 0;
        }

        out.printf(Locale.ROOT, "plant envelope: %d random healthy plants (seed %d) and %d corners, no fault injected;"
                        + " %d sessions of %s; %.1f s wall on %d threads%n", plants, seed, samples.size() - plants,
                outcomes.size(), programs.stream().map(Program::name).toList(), wallS, threads);
        out.println(commissioned ? "each plant commissioned first: its sessions expect its cuff profile"
                : "no plant commissioned: every session expects the envelope's defaults");
        out.println("(sensor offset and gain are in the envelope but not in the simulated plant: not varied)");
        List<Outcome> base = PlantEnvelope.runAll(unit.config(), unit.programs(), programs,
                List.of(PlantEnvelope.of(unit.config().plant())), threads);
        out.println("the configured plant itself: " + String.join(", ", base.stream().map(o -> o.program() + " "
                + (o.fault() == null ? o.finalPhase().wire() : o.fault().code().wire())).toList()));
        out.println();
        out.printf(Locale.ROOT, "%-14s %9s %16s %16s %8s%n", "program", "sessions", "done", "false fault", "other");
        for (Program p : programs) {
            List<Outcome> mine = outcomes.stream().filter(o -> o.program().equals(p.name())).toList();
            row(out, p.name(), mine);
        }
        row(out, "all", outcomes);
        out.printf(Locale.ROOT, "plants with at least one false fault: %d of %d (%.1f %%); corners: %d of %d%n",
                plantsFaulted, byPlant.size(), 100.0 * plantsFaulted / byPlant.size(),
                byPlant.values().stream().filter(p -> p.sample().corner() && p.faulted() > 0).count(),
                samples.size() - plants);
        out.println();
        if (codes.isEmpty()) {
            out.println("no false fault");
        } else {
            out.printf(Locale.ROOT, "%-18s %9s %7s %10s  %-28s %s%n", "false fault", "sessions", "plants",
                    "first at s", "programs", "e.g.");
            for (Code c : codes) {
                out.printf(Locale.ROOT, "%-18s %9d %7d %10.1f  %-28s %s%n", c.code(), c.sessions(), c.plants(),
                        c.firstS(), c.programs(), c.example());
            }
        }
        out.println();
        out.println("share of random plants with a false fault, by where a part lies in its range (thirds):");
        out.printf(Locale.ROOT, "%-16s %7s %7s %7s   %s%n", "part", "low", "mid", "high", "range");
        for (Axis a : Axis.values()) {
            double[] share = thirds(a, random, byPlant);
            out.printf(Locale.ROOT, "%-16s %7s %7s %7s   %s%n", a.label(), percent(share[0]), percent(share[1]),
                    percent(share[2]), range(a));
        }
        if (!codes.isEmpty()) {
            out.println();
            out.println("where each false fault struck first:");
            for (Code c : codes) {
                Outcome first = outcomes.stream().filter(o -> o.fault() != null
                        && o.fault().code().wire().equals(c.code())).min(Comparator.comparingDouble(Outcome::faultS))
                        .orElseThrow();
                out.printf(Locale.ROOT, "%-18s %s %s at %.1f s: %s%n", c.code(), first.sample().label(),
                        first.program(), first.faultS(), first.sample().describe());
            }
        }
        if (!worstPlants.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "the %d worst plants (most sessions faulted, then the earliest fault):%n",
                    worstPlants.size());
            for (Plant p : worstPlants) {
                out.printf(Locale.ROOT, "%-18s %s%n", p.sample().label(), p.sample().describe());
                StringBuilder sb = new StringBuilder();
                for (Outcome o : p.outcomes()) {
                    sb.append(sb.isEmpty() ? "" : "; ").append(o.program()).append(": ");
                    if (o.fault() != null) {
                        sb.append(o.fault().code().wire());
                        String ch = chamber(o, chambers);
                        sb.append(ch == null ? "" : " (" + ch + ")")
                                .append(String.format(Locale.ROOT, " at %.1f s", o.faultS()));
                    } else {
                        sb.append(o.finalPhase().wire());
                    }
                }
                out.printf(Locale.ROOT, "%-18s %s%n", "", sb);
            }
        }
        return 0;
    }

    private static void row(PrintStream out, String name, List<Outcome> list) {
        long done = list.stream().filter(Outcome::done).count();
        long fault = list.stream().filter(o -> o.fault() != null).count();
        int n = list.size();
        out.printf(Locale.ROOT, "%-14s %9d %7d %6.1f %% %7d %6.1f %% %8d%n", name, n, done, 100.0 * done / n, fault,
                100.0 * fault / n, n - done - fault);
    }

    private static List<Code> codes(List<Outcome> outcomes, List<String> chambers) {
        Map<String, List<Outcome>> by = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (o.fault() != null) {
                by.computeIfAbsent(o.fault().code().wire(), k -> new ArrayList<>()).add(o);
            }
        }
        List<Code> out = new ArrayList<>();
        by.forEach((code, list) -> {
            Outcome first = list.stream().min(Comparator.comparingDouble(Outcome::faultS)).orElseThrow();
            Map<String, Integer> programs = new TreeMap<>();
            list.forEach(o -> programs.merge(o.program(), 1, Integer::sum));
            String ch = chamber(first, chambers);
            out.add(new Code(code, list.size(), (int) list.stream().map(Outcome::sample).distinct().count(),
                    first.faultS(), programs.toString().replace(" ", ""), (ch == null ? "" : ch + ": ")
                    + first.fault().message()));
        });
        out.sort(Comparator.comparingInt(Code::sessions).reversed());
        return out;
    }

    /** The share of plants with a false fault in the low, middle and high third of an axis. */
    private static double[] thirds(Axis a, List<Sample> samples, Map<Sample, Plant> byPlant) {
        int[] n = new int[3];
        int[] bad = new int[3];
        for (Sample s : samples) {
            int third = Math.min(2, Math.max(0, (int) (a.position(s) * 3)));
            n[third]++;
            if (byPlant.get(s).faulted() > 0) {
                bad[third]++;
            }
        }
        return new double[] {share(bad[0], n[0]), share(bad[1], n[1]), share(bad[2], n[2])};
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    private static double share(int part, int whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    private static String range(Axis a) {
        return switch (a) {
            case PUMP_FLOW -> PlantEnvelope.PUMP_FLOW_MIN_ML_S + "–" + PlantEnvelope.PUMP_FLOW_MAX_ML_S
                    + " mL/s, log";
            case PUMP_STALL -> PlantEnvelope.PUMP_STALL_MIN_MMHG + "–" + PlantEnvelope.PUMP_STALL_MAX_MMHG + " mmHg";
            case COMPLIANCE -> String.format(Locale.ROOT, "%.2f–%.2f mL/mmHg flat, log (every chamber 4–30)",
                    PlantEnvelope.CALF_COMPLIANCE_MIN, PlantEnvelope.CALF_COMPLIANCE_MAX);
            case INLET_BORE, EXHAUST_BORE, VENT_BORE -> PlantEnvelope.BORE_MIN_MM + "–" + PlantEnvelope.BORE_MAX_MM
                    + " mm (k = 7 d²)";
            case LEAK -> "0–" + PlantEnvelope.LEAK_MAX_MMHG_S + " mmHg/s at 40 mmHg";
            case MOTOR_START -> PlantEnvelope.MOTOR_START_MIN + "–" + PlantEnvelope.MOTOR_START_MAX + " duty";
        };
    }

    private static String chamber(Outcome o, List<String> chambers) {
        int c = o.fault().chamber();
        return c < 0 || c >= chambers.size() ? null : chambers.get(c);
    }
}
