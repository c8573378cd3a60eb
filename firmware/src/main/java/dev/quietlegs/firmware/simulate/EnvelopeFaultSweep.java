package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.simulate.FaultSweep.Outcome;
import dev.quietlegs.firmware.simulate.FaultSweep.Result;
import dev.quietlegs.firmware.simulate.PlantEnvelope.Sample;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.hardware.sim.PlantParameters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The fault sweep on many healthy plants of the supported envelope ({@link PlantEnvelope}), not
 * only the configured one: the checks must find every fault on every build they may be fitted to,
 * and keep it below the ceiling. Each plant gets its own {@link FaultSweep} (its self-test lasts as
 * long as its parts make it); every cell of every plant shares the threads.
 */
public final class EnvelopeFaultSweep {

    /** One plant's sweep: its parts, its sweep (and healthy session), and the outcome of each cell. */
    public record PlantSweep(Sample plant, FaultSweep sweep, List<Outcome> outcomes) {

        public PlantSweep {
            outcomes = List.copyOf(outcomes);
        }

        public long count(Result r) {
            return outcomes.stream().filter(o -> o.result() == r).count();
        }

        public DiagnosisMatrix diagnoses() {
            return DiagnosisMatrix.of(outcomes);
        }

        /** The longest from injection to detection of a detected cell; 0 with none. */
        public double worstDetectionS() {
            return outcomes.stream().filter(o -> o.result() == Result.DETECTED).mapToDouble(Outcome::detectionS)
                    .max().orElse(0);
        }

        /** The longest from a fault latched after the injection to every chamber below 15 mmHg; 0 with none. */
        public double worstVentS() {
            return outcomes.stream().filter(Outcome::latchedAfter).mapToDouble(Outcome::ventOrNeverS).max().orElse(0);
        }

        /** The highest true pressure of any cell, over its whole session. */
        public double maxMmHg() {
            return outcomes.stream().mapToDouble(Outcome::maxMmHg).max().orElse(0);
        }
    }

    /** A figure of one cell, and the plant it was on. */
    public record Worst(double value, Sample plant, Outcome outcome) {
    }

    private EnvelopeFaultSweep() {
    }

    /**
     * The configured plant (labelled {@code base}) and the first {@code n} of the envelope's plants:
     * its 16 corners first, then random plants drawn with {@code seed}, labelled {@code #1}, {@code #2},
     * … as {@code bench envelope} labels the same seed's.
     */
    public static List<Sample> plants(PlantParameters base, int n, long seed) {
        List<Sample> all = new ArrayList<>();
        all.add(PlantEnvelope.of(base));
        int corners = PlantEnvelope.corners(base).size();
        all.addAll(PlantEnvelope.plants(base, Math.max(0, n - corners), seed).subList(0, n));
        return all;
    }

    /**
     * Every fault of the unit on every plant, at the moments {@code moments} picks from each plant's
     * sweep, on {@code threads} threads; plants in the order given.
     */
    public static List<PlantSweep> run(UnitConfig unit, ProgramCatalog catalog, Program program, List<Sample> plants,
                                       Function<FaultSweep, FaultSweep.Moments> moments, int threads) {
        return run(unit, catalog, program, plants, moments, threads, false);
    }

    /** The same; with {@code commissioned}, each plant's sweep expects its own cuff profile, as a built unit would. */
    public static List<PlantSweep> run(UnitConfig unit, ProgramCatalog catalog, Program program, List<Sample> plants,
                                       Function<FaultSweep, FaultSweep.Moments> moments, int threads,
                                       boolean commissioned) {
        List<FaultSweep> sweeps = Parallel.map(plants, threads,
                s -> new FaultSweep(commissioned ? Commissioner.commissioned(unit.withPlant(s.plant()), catalog)
                        : unit.withPlant(s.plant()), catalog, program), "healthy sessions");
        record Job(int plant, FaultSweep.Cell cell) {
        }
        List<FaultInjection> faults = FaultSweep.faults(unit);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < sweeps.size(); i++) {
            for (FaultSweep.Cell c : sweeps.get(i).cells(faults, moments.apply(sweeps.get(i)))) {
                jobs.add(new Job(i, c));
            }
        }
        List<Outcome> outcomes = Parallel.map(jobs, threads, j -> sweeps.get(j.plant()).run(j.cell()),
                "fault sweep across plants");
        List<List<Outcome>> by = new ArrayList<>();
        sweeps.forEach(s -> by.add(new ArrayList<>()));
        for (int k = 0; k < jobs.size(); k++) {
            by.get(jobs.get(k).plant()).add(outcomes.get(k));
        }
        List<PlantSweep> out = new ArrayList<>();
        for (int i = 0; i < plants.size(); i++) {
            out.add(new PlantSweep(plants.get(i), sweeps.get(i), by.get(i)));
        }
        return out;
    }

    /** Every outcome of every plant. */
    public static List<Outcome> outcomes(List<PlantSweep> plants) {
        return plants.stream().flatMap(p -> p.outcomes().stream()).toList();
    }

    /** The cell of {@code which} with the highest {@code figure}, and its plant; empty when none is. */
    public static Optional<Worst> worst(List<PlantSweep> plants, Predicate<Outcome> which,
                                        ToDoubleFunction<Outcome> figure) {
        return plants.stream().flatMap(p -> p.outcomes().stream().filter(which)
                        .map(o -> new Worst(figure.applyAsDouble(o), p.plant(), o)))
                .max(Comparator.comparingDouble(Worst::value));
    }
}
