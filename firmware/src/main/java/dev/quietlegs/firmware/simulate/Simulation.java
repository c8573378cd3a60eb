package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.TickObserver;
import dev.quietlegs.firmware.control.VirtualClock;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.therapy.Session;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole session on the simulated plant in virtual time: the real control loop, session,
 * supervisor and watchdog, ticked as fast as the CPU allows. Faults and commands can be scheduled,
 * at a time or when the session reaches a given state.
 */
public final class Simulation {

    /** How long the cuff is watched after the session ends, to see it vented. */
    static final double SETTLE_S = 3.0;
    /** After a fault, how long to wait at most for every chamber to fall below 15 mmHg. */
    static final double VENT_WATCH_S = 60.0;

    /** When a scheduled action happens: given the session and the simulated seconds. */
    @FunctionalInterface
    public interface Trigger {
        boolean ready(Session session, double seconds);

        static Trigger at(double seconds) {
            return (session, t) -> t >= seconds;
        }
    }

    /**
     * Watches the plant after every step, whatever the software is doing (even when it is dead):
     * {@code t} in simulated seconds.
     */
    @FunctionalInterface
    public interface PlantWatcher {
        void watch(double t, dev.quietlegs.hardware.sim.Plant plant);
    }

    /** A fault that was injected, and when. */
    public record Injected(FaultKind kind, int chamber, double atS) {
    }

    private record Pending(Trigger when, FaultInjection fault, Command command) {
    }

    private final UnitConfig unit;
    private final Program program;
    private final VirtualClock clock = new VirtualClock();
    private final SimulatedBoard board;
    private final EventQueue events = new EventQueue(4096);
    private final ControlLoop loop;
    private final Recorder recorder;
    private final List<Summary.PhaseMark> phases = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final List<Injected> injected = new ArrayList<>();
    private Session session;
    private TickObserver extra;
    private PlantWatcher watcher;
    private double stallUntil = -1;
    /** The process is gone: nothing of the software runs any more. */
    private boolean dead;
    private Fault fault;
    private double faultS = Double.NaN;
    private double ventS = Double.NaN;
    private double maxMmHg;
    private double lastInflatedS = Double.NaN;
    private java.util.function.BooleanSupplier until;

    /**
     * @param csv      where to write the trace, or {@code null}
     * @param csvEvery write one trace row every this many ticks
     */
    public Simulation(UnitConfig unit, ProgramCatalog catalog, Program program, Writer csv, int csvEvery) {
        this.unit = unit;
        this.program = program;
        this.board = new SimulatedBoard(unit.plant(), clock::nanos, unit.motorMinDuty());
        Map<String, Program> only = new HashMap<>();
        for (Program p : catalog.all()) {
            only.put(p.name(), p);
        }
        only.put(program.name(), program);
        this.loop = new ControlLoop(unit, board, clock, new ProgramCatalog(only, catalog.defaultName()), events);
        this.recorder = new Recorder(board.plant(), unit.chamberNames(), program, csv, csvEvery);
        loop.observe((now, s, requested, pressures) -> {
            session = s;
            recorder.afterTick(now, s, requested, pressures);
            if (extra != null) {
                extra.afterTick(now, s, requested, pressures);
            }
        });
    }

    /** Adds a watcher of every tick after the simulation's own recorder (tests assert on traces). */
    public Simulation alsoObserve(TickObserver observer) {
        this.extra = observer;
        return this;
    }

    /** Adds the one watcher of the plant, called after every step. */
    public Simulation watch(PlantWatcher w) {
        this.watcher = w;
        return this;
    }

    /** Injects a fault with its defaults when the trigger fires (once). */
    public Simulation inject(FaultKind kind, int chamber, Trigger when) {
        return inject(FaultInjection.of(kind, chamber, 0), when);
    }

    /** Injects a fault when the trigger fires (once); its own time is not used. */
    public Simulation inject(FaultInjection f, Trigger when) {
        pending.add(new Pending(when, f, null));
        return this;
    }

    public Simulation inject(FaultInjection f) {
        return inject(f, Trigger.at(f.atS()));
    }

    /** Sends a command when the trigger fires (once), as a phone or a button would. */
    public Simulation command(Command c, Trigger when) {
        pending.add(new Pending(when, null, c));
        return this;
    }

    /** How many faults have been injected so far. */
    public int injectedCount() {
        return injected.size();
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

    /** Runs the session from its start command to its end, then until the cuff is seen vented. */
    public Summary run() {
        loop.submit(Command.start(program.name(), "simulate"));
        return advance(program.durationS() + 900, true);
    }

    /**
     * Hands {@code p} to the loop and runs until {@code finished} says so, at most {@code limitS}
     * simulated seconds (commissioning a simulated plant).
     */
    public Summary run(dev.quietlegs.firmware.control.Procedure p, java.util.function.BooleanSupplier finished,
                       double limitS) {
        loop.run(p);
        until = finished;
        try {
            return advance(limitS, false);
        } finally {
            until = null; // runFor after it runs on, to watch the cuff vent
        }
    }

    /** Starts nothing by itself: runs the scheduled commands and faults for {@code seconds}. */
    public Summary runFor(double seconds) {
        return advance(seconds, false);
    }

    private Summary advance(double limitS, boolean stopAtEnd) {
        long wallStart = System.nanoTime();
        long period = loop.periodNanos();
        double endS = Double.NaN;
        double sessionS = 0;
        while (clock.seconds() < limitS) {
            clock.advance(period);
            double t = clock.seconds();
            fire(t);
            if (dead) {
                board.sync(); // only the hardware is left: the dead-man, the relief, the switch
            } else if (t < stallUntil || board.hung()) {
                loop.watchdog().check(clock.nanos()); // the loop is hung; only the watchdog runs
            } else {
                loop.tick();
            }
            drainEvents();
            if (fault == null && board.hung() && loop.latchedFault() != null) {
                fault = loop.latchedFault(); // latched by the watchdog while the loop is stuck: no event comes
                faultS = fault.atNanos() / 1e9;
            }
            watchPressures(t);
            if (watcher != null) {
                watcher.watch(t, board.plant());
            }
            if ((dead || board.hung()) && t > injected.get(0).atS() + SETTLE_S
                    && (Double.isNaN(lastInflatedS) || t > lastInflatedS + SETTLE_S)) {
                break; // the software is gone: nothing more will happen once the hardware has vented
            }
            if (until != null && until.getAsBoolean()) {
                break;
            }
            if (stopAtEnd) {
                Phase phase = loop.snapshot().phase();
                if (Double.isNaN(endS) && !phases.isEmpty() && !phase.active()) {
                    endS = t;
                    sessionS = loop.snapshot().elapsedS();
                    recorder.finish(sessionS, 0);
                }
                if (!Double.isNaN(endS) && t >= endS + SETTLE_S
                        && (fault == null || !Double.isNaN(ventS) || t >= faultS + VENT_WATCH_S)) {
                    break;
                }
            }
        }
        if (!stopAtEnd) {
            sessionS = loop.snapshot().elapsedS();
        }
        double finalMax = 0;
        for (int i = 0; i < unit.chambers(); i++) {
            finalMax = Math.max(finalMax, board.plant().chamberMmHg(i));
        }
        long wallMs = (System.nanoTime() - wallStart) / 1_000_000;
        double firstInjection = injected.isEmpty() ? Double.NaN : injected.get(0).atS();
        return new Summary(program.name(), loop.snapshot().phase(), sessionS,
                Double.isNaN(endS) ? clock.seconds() : endS, wallMs, loop.ticks(), unit.loopRateHz(),
                recorder.completedCycles(), recorder.orderViolations(), recorder.chamberStats(), recorder.vibration(),
                finalMax, List.copyOf(phases), List.copyOf(injected), fault, faultS,
                fault == null || Double.isNaN(firstInjection) ? Double.NaN : faultS - firstInjection,
                ventS, Double.isNaN(firstInjection) ? Double.NaN
                        : Double.isNaN(lastInflatedS) ? 0 : lastInflatedS - firstInjection, maxMmHg, unit.chamberNames());
    }

    private void fire(double t) {
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            if (p.when().ready(session, t)) {
                pending.remove(i--);
                if (p.command() != null) {
                    loop.submit(p.command());
                } else {
                    FaultInjection f = p.fault();
                    switch (f.kind()) {
                        case LOOP_STALL -> stallUntil = t + FaultKind.STALL_S;
                        case PROCESS_DEAD -> dead = true;
                        case SESSION_FREEZE -> loop.freezeSession();
                        case PIN_WRITE_BLOCKS -> board.blockWrites(f.output(), () -> { });
                        default -> f.kind().apply(board, f);
                    }
                    injected.add(new Injected(f.kind(), f.chamber(), t));
                }
            }
        }
    }

    private void watchPressures(double t) {
        double highest = 0;
        for (int i = 0; i < unit.chambers(); i++) {
            highest = Math.max(highest, board.plant().chamberMmHg(i));
        }
        maxMmHg = Math.max(maxMmHg, highest);
        if (!injected.isEmpty() && highest >= Limits.INFLATED_MMHG) {
            lastInflatedS = t;
        }
        if (fault != null && Double.isNaN(ventS) && highest < Limits.INFLATED_MMHG) {
            ventS = t - faultS;
        }
    }

    private void drainEvents() {
        Event e;
        while ((e = events.poll()) != null) {
            if (e instanceof Event.PhaseChange pc) {
                phases.add(new Summary.PhaseMark(pc.atNanos() / 1e9, pc.to(), pc.why()));
            } else if (e instanceof Event.FaultRaised f && fault == null) {
                fault = f.fault();
                faultS = f.fault().atNanos() / 1e9;
            }
        }
    }
}
