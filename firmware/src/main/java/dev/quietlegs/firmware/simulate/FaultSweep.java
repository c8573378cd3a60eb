package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.therapy.Session;
import dev.quietlegs.hardware.port.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * Every fault the simulator knows, on every chamber or output it can concern, injected at every
 * moment of a compression cycle (one step apart) in each phase a session goes through: while the
 * self-test runs, while running, paused, and tapering. Each cell is a whole simulated session of a
 * short program with the compression of the one swept (no ramp, so the first cycles are at full
 * pressure; a two-minute taper), ended once the fault has been dealt with.
 */
public final class FaultSweep {

    /** The phase a fault strikes in. */
    public enum Stage { STARTING, RUNNING, PAUSED, TAPERING }

    /** One injection: which fault, in which phase, and when (seconds into that phase's window). */
    public record Cell(FaultInjection fault, Stage stage, double atS) {
    }

    /**
     * What came of a cell.
     *
     * @param injected   whether the fault was injected at all (a self-test may end before the moment)
     * @param fault      what the firmware latched, or null
     * @param peakMmHg   the highest true pressure of any chamber from the injection on
     * @param overTargetMmHg the most any chamber's true pressure was above its target plus the margin
     * @param inflatedS the longest any chamber stayed above 15 mmHg without a break, of the stretches that
     *                  lasted into the injection or began after it (counted whole)
     */
    public record Outcome(Cell cell, boolean injected, Fault fault, double detectionS, double ventS, double releasedS,
                          double peakMmHg, double overTargetMmHg, double inflatedS) {
    }

    /** The worst of a fault kind's outcomes, over every chamber or output, phase and moment. */
    public record Figures(FaultKind kind, int cells, int injected, int detected,
                          java.util.SortedMap<String, Integer> codes, double worstDetectionS, double worstVentS,
                          double worstReleasedS, double worstPeakMmHg, double worstOverTargetMmHg,
                          double worstInflatedS) {

        public String toJson() {
            var j = new dev.quietlegs.firmware.json.Json().begin().field("fault", kind.wire()).field("cells", cells)
                    .field("injected", injected).field("detected", detected);
            j.key("codes").begin();
            codes.forEach(j::field);
            return j.end().field("worst_detection_s", worstDetectionS, 2).field("worst_vent_s", worstVentS, 2)
                    .field("worst_released_s", worstReleasedS, 2).field("worst_peak_mmhg", worstPeakMmHg, 1)
                    .field("worst_over_target_mmhg", worstOverTargetMmHg, 1)
                    .field("worst_inflated_s", worstInflatedS, 2).end().toString();
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
            int injected = 0;
            int detected = 0;
            double det = 0;
            double vent = 0;
            double released = 0;
            double peak = 0;
            double over = Double.NEGATIVE_INFINITY;
            double inflated = 0;
            for (Outcome o : list) {
                if (!o.injected()) {
                    continue;
                }
                injected++;
                if (o.fault() != null) {
                    detected++;
                    codes.merge(o.fault().code().wire(), 1, Integer::sum);
                    det = Math.max(det, o.detectionS());
                    vent = Math.max(vent, o.ventS());
                } else {
                    codes.merge("(none)", 1, Integer::sum);
                }
                released = Math.max(released, o.releasedS());
                peak = Math.max(peak, o.peakMmHg());
                over = Math.max(over, o.overTargetMmHg());
                inflated = Math.max(inflated, o.inflatedS());
            }
            out.add(new Figures(kind, list.size(), injected, detected, codes, det, vent, released, peak, over,
                    inflated));
        });
        return out;
    }

    /** The paused windows: the fault strikes this long after the pause, which lasts 30 s. */
    static final double[] PAUSED_AT_S = {1, 5, 15};

    private final UnitConfig unit;
    private final ProgramCatalog catalog;
    private final Program program;
    private final double cycleS;
    private final double taperFromS;

    /** @param base the program whose compression is swept; it must have compression */
    public FaultSweep(UnitConfig unit, ProgramCatalog catalog, Program base) {
        var c = base.compression().orElseThrow(() -> new IllegalArgumentException(
                "program '" + base.name() + "' has no compression to sweep"));
        this.unit = unit;
        this.catalog = catalog;
        this.cycleS = c.cycleS();
        // Two cycles at full pressure, then a taper of three.
        int before = (int) Math.ceil(2 * cycleS);
        int taper = (int) Math.ceil(3 * cycleS);
        this.program = new Program(base.name(), base.description(), before + taper, 0, taper, base.intensity(),
                base.vibration(), base.compression());
        this.taperFromS = before;
    }

    public Program program() {
        return program;
    }

    public double cycleS() {
        return cycleS;
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

    /**
     * The cells: each fault every {@code stepS} over the self-test (its first 12 s), over a whole
     * cycle while running and while tapering, and at {@link #PAUSED_AT_S} into a pause.
     */
    public List<Cell> cells(List<FaultInjection> faults, double stepS) {
        List<Cell> cells = new ArrayList<>();
        for (FaultInjection f : faults) {
            for (double t = 0; t < 12; t += stepS) {
                cells.add(new Cell(f, Stage.STARTING, t));
            }
            for (double t = 0; t < cycleS; t += stepS) {
                cells.add(new Cell(f, Stage.RUNNING, t));
                cells.add(new Cell(f, Stage.TAPERING, t));
            }
            for (double t : PAUSED_AT_S) {
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
            double pauseAt = cycleS + program.compression().get().releaseAtS(0) / 2;
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
        boolean injected = !r.injected().isEmpty();
        return new Outcome(cell, injected, r.fault(), r.detectionS(), r.ventS(), r.releasedS(), peak[0], peak[1],
                peak[2]);
    }

    /** Runs every cell on {@code threads} threads, in the order given. */
    public List<Outcome> runAll(List<Cell> cells, int threads) {
        return Parallel.map(cells, threads, this::run, "fault sweep");
    }

    private static boolean running(Session s) {
        return s != null && s.phase() == Phase.RUNNING;
    }
}
