package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.firmware.therapy.Compression;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.therapy.Session;
import dev.quietlegs.hardware.port.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every fault the simulator knows, on every chamber or output it can concern, injected at chosen
 * moments ({@link Moments}) of each phase a session goes through: while the self-test runs, while
 * running, paused, and tapering. Each cell is a whole simulated session of a short program with
 * the compression of the one swept (no ramp, so the first cycles are at full pressure; a taper of
 * three cycles), ended once the fault has been dealt with. The sweep first runs that program on
 * its plant with no fault: that session says how long the plant's self-test takes (the window of
 * the self-test's moments) and whether the plant faults on its own.
 */
public final class FaultSweep {

    /** The phase a fault strikes in. */
    public enum Stage { STARTING, RUNNING, PAUSED, TAPERING }

    /** One injection: which fault, in which phase, and when (seconds into that phase's window). */
    public record Cell(FaultInjection fault, Stage stage, double atS) {
    }

    /** What became of a cell, as the detection figures count it. */
    public enum Result {
        /** Injected, and a fault latched sooner than the plant latches one on its own. */
        DETECTED,
        /** Injected, and nothing latched. */
        MISSED,
        /**
         * Injected, but what latched came no sooner than the fault this plant latches on its own,
         * without any fault injected: it may be that false fault, so the cell is neither a detection
         * nor a miss. (Until the injection a cell's session is the healthy session, step for step;
         * a pause may set it apart sooner.)
         */
        OWN_FAULT_DUE,
        /**
         * A fault was latched before the moment came, so this one was never injected: the plant
         * faults on its own (a false fault). Neither a detection nor a miss.
         */
        LATCHED_BEFORE,
        /** The moment never came and nothing was latched (the self-test ended before it). */
        NOT_REACHED,
        /**
         * Injected, but nothing of the software is left to see it (a dead process): the hardware's
         * dead-man vents the cuff. Neither a detection nor a miss.
         */
        HARDWARE_ONLY;

        /**
         * @param faultS    when the cell's fault latched, simulated seconds; NaN when none did
         * @param ownFaultS when the plant's session without a fault latched one; infinity when it did not
         */
        public static Result of(FaultKind kind, boolean injected, double faultS, double ownFaultS) {
            if (!injected) {
                return Double.isNaN(faultS) ? NOT_REACHED : LATCHED_BEFORE;
            }
            if (kind.cause().isEmpty()) {
                return HARDWARE_ONLY;
            }
            if (Double.isNaN(faultS)) {
                return MISSED;
            }
            return faultS < ownFaultS ? DETECTED : OWN_FAULT_DUE;
        }

        /** Whether the fault was injected. */
        public boolean injected() {
            return this != LATCHED_BEFORE && this != NOT_REACHED;
        }
    }

    /**
     * What came of a cell.
     *
     * @param fault      what the firmware latched, or null
     * @param ventS      from detection until every chamber was below 15 mmHg; NaN when they still were
     *                   not once the simulation stopped watching (a minute after detection)
     * @param peakMmHg   the highest true pressure of any chamber from the injection on
     * @param overTargetMmHg the most any chamber's true pressure was above its target plus the margin
     * @param inflatedS the longest any chamber stayed above 15 mmHg without a break, of the stretches that
     *                  lasted into the injection or began after it (counted whole)
     * @param maxMmHg    the highest true pressure of any chamber over the whole session, before the
     *                   injection too
     */
    public record Outcome(Cell cell, Result result, Fault fault, double detectionS, double ventS, double releasedS,
                          double peakMmHg, double overTargetMmHg, double inflatedS, double maxMmHg) {

        /** Whether the fault was injected at all (a self-test may end before the moment, a fault latch before it). */
        public boolean injected() {
            return result.injected();
        }

        /** Whether a fault latched after the injection, whichever fault it was. */
        public boolean latchedAfter() {
            return injected() && fault != null;
        }

        /** {@link #ventS}, or infinity when the chambers were never all below 15 mmHg after detection. */
        public double ventOrNeverS() {
            return Double.isNaN(ventS) ? Double.POSITIVE_INFINITY : ventS;
        }
    }

    /**
     * The worst of a fault kind's outcomes, over every chamber or output, phase and moment: the
     * detection time over its detected cells, the time to vent over the cells where any fault
     * latched after the injection, the pressures and times above 15 mmHg over every injected cell.
     *
     * @param cells   every cell of the kind
     * @param results the cells of each result
     * @param codes   the codes latched after the injection, with {@code (none)} for the missed cells
     */
    public record Figures(FaultKind kind, int cells, Map<Result, Integer> results,
                          java.util.SortedMap<String, Integer> codes, double worstDetectionS, double worstVentS,
                          double worstReleasedS, double worstPeakMmHg, double worstOverTargetMmHg,
                          double worstInflatedS) {

        public int count(Result r) {
            return results.getOrDefault(r, 0);
        }

        /** The cells that tell whether the fault was found: the detected and the missed. */
        public int judged() {
            return count(Result.DETECTED) + count(Result.MISSED);
        }

        public Json write(Json j) {
            j.begin().field("fault", kind.wire()).field("cells", cells);
            for (Result r : Result.values()) {
                j.field(r.name().toLowerCase(java.util.Locale.ROOT), count(r));
            }
            j.key("codes").begin();
            codes.forEach(j::field);
            return j.end().field("worst_detection_s", worstDetectionS, 2).field("worst_vent_s", worstVentS, 2)
                    .field("worst_released_s", worstReleasedS, 2).field("worst_peak_mmhg", worstPeakMmHg, 1)
                    .field("worst_over_target_mmhg", worstOverTargetMmHg, 1)
                    .field("worst_inflated_s", worstInflatedS, 2).end();
        }
    }

    /** The figures per fault kind, in the kinds' order. */
    public static List<Figures> figures(List<Outcome> outcomes) {
        java.util.Map<FaultKind, List<Outcome>> by = new java.util.EnumMap<>(FaultKind.class);
        for (Outcome o : outcomes) {
            by.computeIfAbsent(o.cell().fault().kind(), k -> new ArrayList<>()).add(o);
        }
        List<Figures> out = new ArrayList<>();
        by.forEach((kind, list) -> {
            java.util.SortedMap<String, Integer> codes = new java.util.TreeMap<>();
            Map<Result, Integer> results = new java.util.EnumMap<>(Result.class);
            double det = 0;
            double vent = 0;
            double released = 0;
            double peak = 0;
            double over = Double.NEGATIVE_INFINITY;
            double inflated = 0;
            for (Outcome o : list) {
                results.merge(o.result(), 1, Integer::sum);
                if (!o.injected()) {
                    continue;
                }
                if (o.result() == Result.DETECTED) {
                    det = Math.max(det, o.detectionS());
                }
                if (o.latchedAfter()) {
                    codes.merge(o.fault().code().wire(), 1, Integer::sum);
                    vent = Math.max(vent, o.ventOrNeverS());
                } else {
                    codes.merge("(none)", 1, Integer::sum);
                }
                released = Math.max(released, o.releasedS());
                peak = Math.max(peak, o.peakMmHg());
                over = Math.max(over, o.overTargetMmHg());
                inflated = Math.max(inflated, o.inflatedS());
            }
            out.add(new Figures(kind, list.size(), results, codes, det, vent, released, peak, over, inflated));
        });
        return out;
    }

    /**
     * When faults strike, in seconds into each phase's window: the self-test from its start, a
     * running or tapering cycle from its start (both get the same moments), a pause from its start.
     */
    public record Moments(List<Double> startingS, List<Double> cycleS, List<Double> pausedS) {

        public Moments {
            startingS = List.copyOf(startingS);
            cycleS = List.copyOf(cycleS);
            pausedS = List.copyOf(pausedS);
        }

        /** How many moments each fault gets. */
        public int count() {
            return startingS.size() + 2 * cycleS.size() + pausedS.size();
        }
    }

    /** The paused windows: the fault strikes this long after the pause, which lasts 30 s. */
    static final List<Double> PAUSED_AT_S = List.of(1.0, 5.0, 15.0);

    /** The self-test's landmark moments: this many, evenly over it. */
    static final int SELF_TEST_LANDMARKS = 6;
    /** The release landmark: this long after the first chamber is released, while the air rushes out. */
    static final double INTO_RELEASE_S = 1;

    private final UnitConfig unit;
    private final ProgramCatalog catalog;
    private final Program program;
    private final Compression compression;
    private final double cycleS;
    private final double taperFromS;
    private final Summary healthy;
    private final double selfTestS;

    /** @param base the program whose compression is swept; it must have compression */
    public FaultSweep(UnitConfig unit, ProgramCatalog catalog, Program base) {
        this.compression = base.compression().orElseThrow(() -> new IllegalArgumentException(
                "program '" + base.name() + "' has no compression to sweep"));
        this.unit = unit;
        this.catalog = catalog;
        this.cycleS = compression.cycleS();
        // Two cycles at full pressure, then a taper of three.
        int before = (int) Math.ceil(2 * cycleS);
        int taper = (int) Math.ceil(3 * cycleS);
        this.program = new Program(base.name(), base.description(), before + taper, 0, taper, base.intensity(),
                base.vibration(), base.compression());
        this.taperFromS = before;
        this.healthy = new Simulation(unit, catalog, program, null, 1).run();
        // Until the therapy began, or the self-test (or anything else) faulted.
        this.selfTestS = healthy.phases().stream().filter(m -> m.phase() != Phase.STARTING).findFirst()
                .map(Summary.PhaseMark::atS).orElse(healthy.simulatedS());
    }

    public Program program() {
        return program;
    }

    public double cycleS() {
        return cycleS;
    }

    /** The program on this plant with no fault: done, or the fault the plant gets on its own. */
    public Summary healthy() {
        return healthy;
    }

    /** How long this plant's self-test took with no fault (until its fault, if it failed). */
    public double selfTestS() {
        return selfTestS;
    }

    /** Every {@code stepS} over the self-test and over a cycle, and {@link #PAUSED_AT_S} into a pause. */
    public Moments every(double stepS) {
        return new Moments(steps(selfTestS, stepS), steps(cycleS, stepS), PAUSED_AT_S);
    }

    /**
     * A handful of moments that each catch the cuff doing something else: evenly over the self-test;
     * in a cycle, the middle of each chamber's fill, the middle of the hold, just into the release
     * and the middle of the rest; {@link #PAUSED_AT_S} into a pause.
     */
    public Moments landmarks() {
        List<Double> starting = new ArrayList<>();
        for (int i = 0; i < SELF_TEST_LANDMARKS; i++) {
            starting.add(selfTestS * i / SELF_TEST_LANDMARKS);
        }
        List<Double> cycle = new ArrayList<>();
        double fill = compression.count() * compression.inflateS();
        for (int p = 0; p < compression.count(); p++) {
            cycle.add((p + 0.5) * compression.inflateS());
        }
        cycle.add(fill + compression.holdS() / 2);
        cycle.add(compression.releaseAtS(0) + INTO_RELEASE_S);
        cycle.add(compression.pressurisedS() + compression.restS() / 2);
        return new Moments(starting, cycle, PAUSED_AT_S);
    }

    private static List<Double> steps(double spanS, double stepS) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i * stepS < spanS; i++) {
            out.add(i * stepS); // not a running sum: its rounding would add a moment now and then
        }
        return out;
    }

    /** Every fault on every chamber or output of this unit, with its default value. */
    public static List<FaultInjection> faults(UnitConfig unit) {
        List<FaultInjection> all = new ArrayList<>();
        for (FaultKind kind : FaultKind.values()) {
            switch (kind.target()) {
                case CHAMBER -> {
                    for (int ch = 0; ch < unit.chambers(); ch++) {
                        all.add(FaultInjection.of(kind, ch, 0));
                    }
                }
                case OUTPUT -> {
                    for (Output o : FaultKind.outputs(unit.chambers())) {
                        all.add(FaultInjection.of(kind, o, 0));
                    }
                }
                case NONE -> all.add(FaultInjection.of(kind, -1, 0));
            }
        }
        return all;
    }

    /** The cells: each fault at each moment, in the self-test, a running cycle, a pause and a tapering cycle. */
    public List<Cell> cells(List<FaultInjection> faults, Moments moments) {
        List<Cell> cells = new ArrayList<>();
        for (FaultInjection f : faults) {
            for (double t : moments.startingS()) {
                cells.add(new Cell(f, Stage.STARTING, t));
            }
            for (double t : moments.cycleS()) {
                cells.add(new Cell(f, Stage.RUNNING, t));
                cells.add(new Cell(f, Stage.TAPERING, t));
            }
            for (double t : moments.pausedS()) {
                cells.add(new Cell(f, Stage.PAUSED, t));
            }
        }
        return cells;
    }

    /** Runs one cell: a whole session with its fault, watched until every chamber is vented. */
    public Outcome run(Cell cell) {
        Simulation sim = new Simulation(unit, catalog, program, null, 1);
        double at = cell.atS();
        // The second cycle: the first began as the therapy did.
        double runningAt = cycleS + at;
        double taperAt = Math.ceil(taperFromS / cycleS) * cycleS + at; // the taper's first whole cycle
        double[] pausedSince = {Double.NaN};
        Simulation.Trigger when = switch (cell.stage()) {
            case STARTING -> (s, t) -> s != null && s.phase() == Phase.STARTING && t >= at;
            case RUNNING -> (s, t) -> s != null && s.phase() == Phase.RUNNING && s.elapsedS() >= runningAt;
            case TAPERING -> (s, t) -> s != null && s.phase() == Phase.TAPERING && s.elapsedS() >= taperAt;
            case PAUSED -> (s, t) -> {
                if (s != null && s.phase() == Phase.PAUSED && Double.isNaN(pausedSince[0])) {
                    pausedSince[0] = t;
                }
                return s != null && s.phase() == Phase.PAUSED && t >= pausedSince[0] + at;
            };
        };
        if (cell.stage() == Stage.PAUSED) {
            // Paused mid-hold of the second cycle, resumed 30 s later.
            double pauseAt = cycleS + compression.releaseAtS(0) / 2;
            sim.command(Command.of(Command.Kind.PAUSE, "sweep"), (s, t) -> running(s) && s.elapsedS() >= pauseAt);
            sim.command(Command.of(Command.Kind.RESUME, "sweep"), (s, t) -> s != null && s.phase() == Phase.PAUSED
                    && t >= pausedSince[0] + 30);
        }
        sim.inject(cell.fault(), when);
        double[] peak = {0, Double.NEGATIVE_INFINITY, 0};
        double[] since = new double[unit.chambers()];
        java.util.Arrays.fill(since, Double.NaN);
        double margin = unit.marginMmHg();
        sim.watch((t, plant) -> {
            boolean after = sim.injectedCount() > 0;
            for (int i = 0; i < since.length; i++) {
                double p = plant.chamberMmHg(i);
                if (p < Limits.INFLATED_MMHG) {
                    since[i] = Double.NaN;
                } else if (Double.isNaN(since[i])) {
                    since[i] = t;
                } else if (after) {
                    peak[2] = Math.max(peak[2], t - since[i]); // the whole stretch, from before the fault too
                }
                if (after) {
                    peak[0] = Math.max(peak[0], p);
                }
            }
        });
        sim.alsoObserve((now, s, requested, pressures) -> {
            if (sim.injectedCount() == 0) {
                return;
            }
            for (int i = 0; i < since.length; i++) {
                double target = requested.targetMmHg(i);
                if (target > 0) {
                    peak[1] = Math.max(peak[1], sim.board().plant().chamberMmHg(i) - target - margin);
                }
            }
        });
        Summary r = sim.run();
        Result result = Result.of(cell.fault().kind(), !r.injected().isEmpty(),
                r.fault() == null ? Double.NaN : r.faultS(),
                healthy.fault() == null ? Double.POSITIVE_INFINITY : healthy.faultS());
        return new Outcome(cell, result, r.fault(), r.detectionS(), r.ventS(), r.releasedS(), peak[0], peak[1],
                peak[2], r.maxMmHg());
    }

    /** Runs every cell on {@code threads} threads, in the order given. */
    public List<Outcome> runAll(List<Cell> cells, int threads) {
        return Parallel.map(cells, threads, this::run, "fault sweep");
    }

    private static boolean running(Session s) {
        return s != null && s.phase() == Phase.RUNNING;
    }
}
