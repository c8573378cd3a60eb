package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.TickObserver;
import dev.quietlegs.firmware.control.VirtualClock;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole session on the simulated plant in virtual time: the real control loop, session and
 * supervisor, ticked as fast as the CPU allows.
 */
public final class Simulation {

    /** How long the cuff is watched after the session ends, to see it vented. */
    static final double SETTLE_S = 3.0;

    private final UnitConfig unit;
    private final Program program;
    private final VirtualClock clock = new VirtualClock();
    private final SimulatedBoard board;
    private final EventQueue events = new EventQueue(4096);
    private final ControlLoop loop;
    private final Recorder recorder;
    private final List<Summary.PhaseMark> phases = new ArrayList<>();

    /**
     * @param csv      where to write the trace, or {@code null}
     * @param csvEvery write one trace row every this many ticks
     */
    public Simulation(UnitConfig unit, ProgramCatalog catalog, Program program, Writer csv, int csvEvery) {
        this.unit = unit;
        this.program = program;
        this.board = new SimulatedBoard(unit.plant(), clock::nanos);
        Map<String, Program> only = new HashMap<>();
        for (Program p : catalog.all()) {
            only.put(p.name(), p);
        }
        only.put(program.name(), program);
        this.loop = new ControlLoop(unit, board, clock, new ProgramCatalog(only, catalog.defaultName()), events);
        this.recorder = new Recorder(board.plant(), unit.chamberNames(), program, csv, csvEvery);
        loop.observe(recorder);
    }

    /** Adds a watcher of every tick after the simulation's own recorder (tests assert on traces). */
    public Simulation alsoObserve(TickObserver extra) {
        loop.observe((now, session, requested, pressures) -> {
            recorder.afterTick(now, session, requested, pressures);
            extra.afterTick(now, session, requested, pressures);
        });
        return this;
    }

    public SimulatedBoard board() {
        return board;
    }

    public ControlLoop loop() {
        return loop;
    }

    public VirtualClock clock() {
        return clock;
    }

    /** Runs the session from its start command to its end, then {@link #SETTLE_S} more seconds. */
    public Summary run() {
        long wallStart = System.nanoTime();
        loop.submit(Command.start(program.name(), "simulate"));
        long period = loop.periodNanos();
        double limitS = program.durationS() + 600;
        double endS = Double.NaN;
        Phase phase = Phase.IDLE;
        double sessionS = 0;
        while (clock.seconds() < limitS) {
            clock.advance(period);
            loop.tick();
            drainEvents();
            phase = loop.snapshot().phase();
            if (Double.isNaN(endS) && phases.size() > 1 && !phase.active()) {
                endS = clock.seconds();
                sessionS = loop.snapshot().elapsedS();
                recorder.finish(sessionS, 0);
            }
            if (!Double.isNaN(endS) && clock.seconds() >= endS + SETTLE_S) {
                break;
            }
        }
        double finalMax = 0;
        for (int i = 0; i < unit.chambers(); i++) {
            finalMax = Math.max(finalMax, board.plant().chamberMmHg(i));
        }
        long wallMs = (System.nanoTime() - wallStart) / 1_000_000;
        return new Summary(program.name(), phase, sessionS, Double.isNaN(endS) ? clock.seconds() : endS, wallMs,
                loop.ticks(), unit.loopRateHz(), recorder.completedCycles(), recorder.orderViolations(),
                recorder.chamberStats(), recorder.vibration(), finalMax, List.copyOf(phases));
    }

    private void drainEvents() {
        Event e;
        while ((e = events.poll()) != null) {
            if (e instanceof Event.PhaseChange pc) {
                phases.add(new Summary.PhaseMark(pc.atNanos() / 1e9, pc.to(), pc.why()));
            }
        }
    }
}
