package dev.quietlegs.firmware.control;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.safety.SelfTest;
import dev.quietlegs.firmware.safety.Supervisor;
import dev.quietlegs.firmware.safety.Watchdog;
import dev.quietlegs.firmware.therapy.Actuation;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.therapy.Regulator;
import dev.quietlegs.firmware.therapy.Session;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.port.PressureSensors;
import dev.quietlegs.hardware.port.StatusLight;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread that moves anything. Each tick: take queued commands, read the sensors, let the
 * supervisor judge them, advance the session, pass its frame through the supervisor to the
 * outputs, publish a snapshot, and last toggle the heartbeat, if every output took the frame. Steady state
 * allocates nothing: commands and events allocate, ticks do not.
 *
 * <p>Nothing thrown in a tick ends the loop: it latches {@link FaultCode#SOFTWARE_ERROR}, drives
 * every output safe, and the next tick comes as usual. A tick that throws does not toggle the
 * heartbeat, so a tick that always throws leaves the hardware's dead-man to cut the supply.
 */
public final class ControlLoop {

    /**
     * Commands waiting for the loop; more are refused rather than queued without bound, except
     * {@code stop} and {@code pause}, which always get through (each is small, and a flood of
     * them drains at the next tick).
     */
    public static final int COMMAND_CAPACITY = 64;

    private final UnitConfig unit;
    private final Board board;
    private final Clock clock;
    private final ProgramCatalog catalog;
    private final EventQueue events;
    private final long periodNanos;
    /**
     * Commands waiting, each already wrapped in the result the loop will complete and hand on.
     * Lock-free (the loop must never wait on a lock a preempted sender holds); its bound is kept
     * by the count beside it.
     */
    private final Queue<Event.CommandResult> commands = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final SnapshotExchange snapshots;
    private final Session session;
    private final Supervisor supervisor;
    private final Watchdog watchdog;
    private final SelfTest selfTest;
    private boolean selfTesting;
    /** A procedure handed over by another thread, taken at the next tick. */
    private final java.util.concurrent.atomic.AtomicReference<Procedure> handedOver =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Procedure procedure;
    private boolean sessionFrozen;
    private long lastTickNanos = Long.MIN_VALUE;
    private double manifold;
    private final Actuation actuation;
    private final PressureSensors sensors;
    private final double[] pressures;
    private TickObserver observer;

    private long tick;
    private volatile Throwable lastError;
    private StatusLight.Signal shownSignal;
    private int shownLevel;
    /** A pulse of the status light asked for by another thread: for how long (-1: nothing new; 0: stop). */
    private final java.util.concurrent.atomic.AtomicLong pulseAsked = new java.util.concurrent.atomic.AtomicLong(-1);
    private volatile long pulsePeriodNanos = 1;
    private long pulseUntil = Long.MIN_VALUE;
    /** An auto-start is announced: the button, and a stop while idle, cancel it instead. */
    private volatile boolean announced;
    /** The session was started by the schedule: its self-test also needs the cuff to fill as on a leg. */
    private boolean scheduled;
    /**
     * Each chamber's self-test fill to 10 mmHg in the last session a person started (NaN: none yet):
     * the cuff on a leg, measured the way a scheduled self-test measures it.
     */
    private final double[] onLegFillS;
    private volatile boolean onLegKnown;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile long overruns;
    private volatile long worstLateNanos;
    private volatile LatenessHistogram histogram;

    public ControlLoop(UnitConfig unit, Board board, Clock clock, ProgramCatalog catalog, EventQueue events) {
        this.unit = unit;
        this.board = board;
        this.clock = clock;
        this.catalog = catalog;
        this.events = events;
        this.periodNanos = 1_000_000_000L / unit.loopRateHz();
        int n = unit.chambers();
        if (board.outputs().chambers() != n || board.sensors().chambers() != n) {
            throw new IllegalArgumentException("the board has " + board.outputs().chambers()
                    + " chambers, the configuration " + n);
        }
        this.snapshots = new SnapshotExchange(n);
        this.actuation = new Actuation(n);
        this.sensors = board.sensors();
        this.pressures = new double[n];
        this.onLegFillS = new double[n];
        java.util.Arrays.fill(onLegFillS, Double.NaN);
        this.session = new Session(n, unit.maxMmHg(), Session.Timing.defaults(), Regulator.Tuning.defaults(),
                this::phaseChanged);
        this.supervisor = new Supervisor(board, unit.limits(), unit.thresholds(), unit.chamberNames());
        this.watchdog = new Watchdog(supervisor);
        this.selfTest = new SelfTest(unit.chamberNames(), unit.thresholds());
        // Before anything else moves: the safe state.
        board.forceSafe();
        publish(clock.nanos());
    }

    public UnitConfig unit() {
        return unit;
    }

    public ProgramCatalog catalog() {
        return catalog;
    }

    public long periodNanos() {
        return periodNanos;
    }

    /** Registers the one observer of every tick (simulations); {@code null} removes it. */
    public void observe(TickObserver o) {
        this.observer = o;
    }

    /**
     * Queues a command from any thread. Never blocks: when the queue is full the command is
     * refused with an error event and {@code false}, unless it is a {@code stop} or a {@code pause}.
     */
    public boolean submit(Command c) {
        Event.CommandResult pending = new Event.CommandResult(c);
        boolean urgent = c.kind() == Command.Kind.STOP || c.kind() == Command.Kind.PAUSE;
        if (queued.incrementAndGet() <= COMMAND_CAPACITY || urgent) {
            commands.offer(pending);
            return true;
        }
        queued.decrementAndGet();
        pending.complete(clock.nanos(), "busy: too many commands queued, try again");
        events.offer(pending);
        return false;
    }

    /** The state as of the last tick, from any thread. */
    public Snapshot snapshot() {
        return snapshots.read();
    }

    /** The watchdog of this loop: a simulation checks it in virtual time while the loop stalls. */
    public Watchdog watchdog() {
        return watchdog;
    }

    public long ticks() {
        return tick;
    }

    /**
     * The latest the real-time loop has woken after a deadline since the last call, in nanoseconds,
     * and starts a new window.
     */
    public long takeWorstLatenessNanos() {
        long w = worstLateNanos;
        worstLateNanos = 0;
        return w;
    }

    /** Records every wake-up's lateness into {@code h} (benchmarks); set before {@link #start}. */
    public void measureLateness(LatenessHistogram h) {
        this.histogram = h;
    }

    /** The loop thread's id, for per-thread allocation counters, or -1 when not running. */
    public long threadId() {
        Thread t = thread;
        return t == null ? -1 : t.threadId();
    }

    /** Ticks that started more than one period late since the loop started. */
    public long overruns() {
        return overruns;
    }

    /**
     * A simulated fault: from now on the session's logic and the self-test never advance again, while
     * the loop ticks on and the supervisor judges (their frame stays as it was).
     */
    public void freezeSession() {
        sessionFrozen = true;
    }

    /** What the last tick that failed threw, or {@code null}: for the log and for tests. */
    public Throwable lastError() {
        return lastError;
    }

    /** Who starts a session by the person's schedule (the commands' origin). */
    public static final String SCHEDULE = "schedule";

    /**
     * From any thread: the idle status light pulses, brightening and dimming once every
     * {@code periodNanos}, for {@code forNanos} from the next tick (0 ends a pulse). The loop
     * applies it: it is the one thread that drives the outputs.
     */
    public void pulse(long periodNanos, long forNanos) {
        pulsePeriodNanos = Math.max(1, periodNanos);
        pulseAsked.set(Math.max(0, forNanos));
    }

    /**
     * From any thread: an auto-start is announced ({@code true}) or no longer. Meanwhile the
     * start/stop button and a {@code stop} on an idle unit cancel it (answered as done), rather
     * than starting a session or being refused for want of one.
     */
    public void announce(boolean on) {
        announced = on;
    }

    /** Whether an announced auto-start is waiting (cleared by a cancel). */
    public boolean announced() {
        return announced;
    }

    /** The fault the supervisor holds latched, whichever thread latched it, or {@code null}. */
    public Fault latchedFault() {
        return supervisor.latched();
    }

    /** One tick at the clock's present. The loop thread's work; simulations call it directly. */
    public void tick() {
        long now = clock.nanos();
        try {
            step(now);
        } catch (RuntimeException | Error e) {
            lastError = e;
            if (supervisor.latched() == null) { // a tick that keeps throwing builds no message each time
                supervisor.trip(FaultCode.SOFTWARE_ERROR, -1, now, "the firmware failed ("
                        + e.getClass().getSimpleName() + "): the cuff was vented; if it happens again, restart the"
                        + " unit and report it");
            }
            board.forceSafe();
        }
    }

    private void step(long now) {
        watchdog.beat(now);
        if (lastTickNanos != Long.MIN_VALUE && now - lastTickNanos > watchdog.limitNanos()) {
            supervisor.trip(FaultCode.LOOP_LATE, -1, now, (now - lastTickNanos) * 1e-9);
        }
        lastTickNanos = now;
        sensors.sample();
        for (int i = 0; i < pressures.length; i++) {
            pressures[i] = sensors.readMmHg(i);
        }
        manifold = sensors.readManifoldMmHg();
        Event.CommandResult c;
        while ((c = commands.poll()) != null) {
            queued.decrementAndGet();
            handle(c, now);
        }
        Button pressed;
        while ((pressed = board.buttons().pollPress()) != null) {
            pressed(pressed, now);
        }
        supervisor.check(now, pressures, manifold, actuation.targets());
        announceFault();
        if (!sessionFrozen) {
            session.step(now, pressures, manifold, actuation);
            selfTest(now);
        }
        procedure(now);
        Program p = session.program();
        if (procedure != null) {
            supervisor.session(true, false, procedure.holdS(), false, 0, now);
        } else {
            supervisor.session(session.phase().active(), session.phase() == Phase.STARTING,
                    p != null && p.compression().isPresent() ? p.compression().get().longestHoldS() : 0,
                    session.phase().delivering(), session.elapsedS(), now);
        }
        boolean outputsTook = supervisor.actuate(actuation.frame(), actuation.targets(), pressures, manifold, now);
        announceFault();
        light(now);
        tick++;
        publish(now);
        if (observer != null) {
            observer.afterTick(now, session, actuation, pressures);
        }
        if (outputsTook) {
            board.heartbeat(); // last: a tick that did not run to its end, or whose writes failed, feeds nothing
        }
    }

    /**
     * Hands {@code p} to the loop, from any thread: from the next tick it drives the outputs, if no
     * session is active and no fault is latched (else it is aborted at once, with why). A fault, a
     * {@code stop} or the start/stop button ends it; so does {@link #stop}.
     *
     * @return {@code false} when another procedure is already waiting or running
     */
    public boolean run(Procedure p) {
        return procedure == null && handedOver.compareAndSet(null, p);
    }

    /** Whether a procedure is running or waiting to. */
    public boolean procedureRunning() {
        return procedure != null || handedOver.get() != null;
    }

    private void procedure(long now) {
        if (procedure == null) {
            Procedure p = handedOver.get();
            if (p == null) {
                return;
            }
            String refused = session.phase().active() ? "a session is " + session.phase().wire()
                    : supervisor.latched() != null ? "a fault is latched: " + supervisor.latched().message() : null;
            if (refused != null) {
                handedOver.set(null);
                p.abort(refused);
                return;
            }
            procedure = p;
        }
        Fault f = supervisor.latched();
        if (f != null) {
            endProcedure(f.message());
            return;
        }
        switch (procedure.step(now, pressures, manifold, actuation.frame(), actuation.targets())) {
            case RUNNING -> {
                // the procedure wrote this tick's outputs
            }
            case DONE, FAILED -> endProcedure(null);
        }
    }

    /** Ends the running procedure ({@code why} non-null: from outside) and vents. */
    private void endProcedure(String why) {
        Procedure p = procedure;
        procedure = null;
        handedOver.set(null);
        actuation.vent();
        if (why != null && p != null) {
            p.abort(why);
        }
    }

    /** While the session waits for it, the self-test drives the outputs instead of the therapy. */
    private void selfTest(long now) {
        if (!session.awaitingSelfTest()) {
            selfTesting = false;
            return;
        }
        if (!selfTesting) {
            selfTesting = true;
            Program p = session.program();
            selfTest.begin(now, p.compression().isPresent() ? p.compression().get().chambers() : new int[0]);
        }
        switch (selfTest.step(now, pressures, manifold, actuation.frame(), actuation.targets())) {
            case PASSED -> {
                selfTesting = false;
                actuation.vent();
                int unlike = scheduled ? selfTest.unlike(onLegFillS) : -1;
                if (unlike >= 0) {
                    // Nobody pressed start: a cuff that fills unlike it did on the leg may be off the leg.
                    supervisor.trip(FaultCode.SELF_TEST_FAILED, unlike, now, unlikeOnLeg(unlike));
                } else {
                    if (!scheduled && session.program().compression().isPresent()) {
                        selfTest.copyFills(onLegFillS);
                        onLegKnown = true;
                    }
                    session.begin(now, selfTest.changes());
                }
            }
            case FAILED -> {
                selfTesting = false;
                actuation.vent();
                supervisor.trip(FaultCode.SELF_TEST_FAILED, selfTest.failedChamber(), now,
                        "self-test failed: " + selfTest.failure(), selfTest.causes());
            }
            case RUNNING -> {
                // the self-test wrote this tick's outputs
            }
        }
    }

    /** Why a scheduled session's self-test refused the cuff (a fault's words: allocating is fine). */
    private String unlikeOnLeg(int chamber) {
        String name = unit.chamberNames().get(chamber);
        double[] now = new double[onLegFillS.length];
        java.util.Arrays.fill(now, Double.NaN);
        selfTest.copyFills(now);
        return Double.isNaN(onLegFillS[chamber])
                ? "self-test failed: no session started by hand has filled the " + name + " chamber since the unit"
                        + " started, so there is nothing to compare it with: the schedule did not start it"
                : String.format(java.util.Locale.ROOT, "self-test failed: the %s chamber filled to 10 mmHg in %.1f s,"
                        + " in %.1f s when a session was last started by hand: the cuff may not be on a leg, so the"
                        + " schedule did not start it", name, now[chamber], onLegFillS[chamber]);
    }

    /** Each chamber's fill on a leg, as last measured (NaN: not yet), for the log and a restart. */
    public double[] onLegFillS() {
        return onLegFillS.clone();
    }

    /** Before {@link #start}: fills on a leg measured before (a restart's), as {@link #onLegFillS} gave them. */
    public void onLegFillS(double[] fills) {
        System.arraycopy(fills, 0, onLegFillS, 0, onLegFillS.length);
        onLegKnown = true;
    }

    /** Whether a session started by a person has measured how the cuff fills on a leg. */
    public boolean onLegFillsKnown() {
        return onLegKnown;
    }

    /** Hands a newly latched fault, from whichever thread latched it, to the world and the session. */
    private void announceFault() {
        Fault f = supervisor.takeNewFault();
        if (f != null) {
            events.offer(new Event.FaultRaised(f.atNanos(), f));
            session.fault(clock.nanos(), f.message());
        }
    }

    /** Carries out a command and answers it through the event queue, allocating nothing when it succeeds. */
    private void handle(Event.CommandResult pending, long now) {
        Command c = pending.command();
        String error = switch (c.kind()) {
            case START -> {
                if (procedure != null || handedOver.get() != null) {
                    yield "commissioning is running: stop it first";
                }
                String name = c.program() == null || c.program().isBlank() ? catalog.defaultName() : c.program();
                Program program = catalog.find(name).orElse(null);
                String refused = program == null ? "unknown program '" + name + "' (known: " + catalog.names() + ")"
                        : session.start(program, now);
                if (refused == null) {
                    scheduled = SCHEDULE.equals(c.origin());
                    announced = false;
                }
                yield refused;
            }
            case STOP -> {
                if (procedure != null) {
                    endProcedure("stopped (" + c.origin() + ")");
                    yield null;
                }
                if (announced && !session.phase().active()) {
                    announced = false; // the auto-start's minute: this stop cancels it
                    yield null;
                }
                yield session.stop(now);
            }
            case PAUSE -> session.pause(now);
            case RESUME -> session.resume(now);
            case VIBRATION -> session.vibration(c.level());
            case INTENSITY -> session.intensity(c.level());
            case CLEAR_FAULT -> {
                String refused = board.buttons().emergencyStopHeld()
                        ? "the emergency stop is still pressed: turn it to release it first"
                        : supervisor.clear(pressures, manifold);
                yield refused != null ? refused : session.clearFault(now);
            }
        };
        pending.complete(now, error);
        events.offer(pending);
    }

    private static final Command BUTTON_START = Command.start(null, "button");
    private static final Command BUTTON_STOP = Command.of(Command.Kind.STOP, "button");

    private void pressed(Button b, long now) {
        switch (b) {
            case START_STOP -> handle(new Event.CommandResult(procedure != null || session.phase().active() || announced
                    ? BUTTON_STOP : BUTTON_START), now);
            case EMERGENCY_STOP -> supervisor.trip(FaultCode.EMERGENCY_STOP, -1, now, "emergency stop pressed");
        }
    }

    private void phaseChanged(Phase from, Phase to, String why) {
        Program p = session.program();
        events.offer(new Event.PhaseChange(clock.nanos(), from, to, why, p == null ? null : p.name()));
    }

    private void light(long now) {
        long asked = pulseAsked.getAndSet(-1);
        if (asked >= 0) {
            pulseUntil = now + asked;
        }
        Phase phase = session.phase();
        StatusLight.Signal s = phase == Phase.FAULT ? StatusLight.Signal.FAULT
                : phase.active() ? StatusLight.Signal.ACTIVE : StatusLight.Signal.READY;
        // A gentle pulse of the ready light, in PULSE_LEVELS steps: the light is written only when its step changes.
        int level = 0;
        if (s == StatusLight.Signal.READY && now < pulseUntil) {
            long period = pulsePeriodNanos;
            double x = (double) Math.floorMod(now, period) / period;
            level = 1 + (int) Math.round((1 - Math.abs(2 * x - 1)) * (PULSE_LEVELS - 1));
        }
        if (s != shownSignal || level != shownLevel) {
            shownSignal = s;
            shownLevel = level;
            // Dim: the unit sits by a bed in the dark; a fault is brighter so it is noticed.
            board.light().show(s, s == StatusLight.Signal.FAULT ? 0.6 : level == 0 ? 0.05 : PULSE_BRIGHTNESS * level);
        }
    }

    static final int PULSE_LEVELS = 8;
    /** The pulse's brightest step is 8 x this: noticeable across a dark room, not glaring. */
    static final double PULSE_BRIGHTNESS = 0.03;

    private void publish(long now) {
        Program p = session.program();
        snapshots.tryPublish(tick, now, session.phase(), p == null ? null : p.name(), session.elapsedS(),
                session.remainingS(), session.vibrationNow(), session.vibrationLevel(), session.intensity(),
                pressures, actuation.targets(), actuation.pumpDuty(), board.outputs().motorDuty(board.written().motor()),
                session.cycle(), supervisor.latched());
    }

    // ---- the real-time thread ----

    /** Starts the loop on its own thread, on the loop's clock. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        watchdog.beat(clock.nanos());
        watchdog.start(clock::nanos);
        Thread t = new Thread(this::run, "control-loop");
        t.setPriority(Thread.MAX_PRIORITY);
        t.setDaemon(false);
        thread = t;
        t.start();
    }

    private void run() {
        long next = clock.nanos();
        try {
            while (running) {
                tick();
                next += periodNanos;
                long now = clock.nanos();
                if (now - next > periodNanos) {
                    // Far behind (a stall): count it and re-anchor instead of bursting to catch up.
                    overruns++;
                    next = now;
                }
                clock.sleepUntil(next);
                long late = clock.nanos() - next;
                if (late > worstLateNanos) {
                    worstLateNanos = late;
                }
                if (histogram != null) {
                    histogram.record(late);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            board.forceSafe();
        }
    }

    /** Stops the loop thread and leaves the outputs in the safe state. */
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        watchdog.stop();
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        board.forceSafe();
        Procedure p = procedure != null ? procedure : handedOver.get();
        if (p != null && (t == null || !t.isAlive())) {
            procedure = null;
            handedOver.set(null);
            p.abort("the unit stopped");
        }
    }
}
