package dev.quietlegs.firmware.therapy;

/**
 * One therapy session as a state machine, advanced by the control loop once per tick:
 *
 * <pre>
 *   idle ─start─► starting ─vented, self-test passed─► running ⇄ paused
 *                                                        │         │ (too long)
 *                                                        ▼         ▼
 *                                                    tapering ─► done       any active ─stop─► stopping ─vented─► idle
 *                                                         any ─supervisor─► fault ─clear─► idle
 * </pre>
 *
 * The program's time runs only while running or tapering, so a pause does not eat into the
 * session. Compression cycles restart from the ankle after a pause, and in the taper no cycle
 * begins that could not finish before the end. Commands return {@code null} when done, or a
 * reason when refused; a refused command changes nothing.
 */
public final class Session {

    /** Timing of the phases around the therapy itself. */
    public record Timing(double startVentS, double startTimeoutS, double stopTimeoutS,
                         double maxPauseS, double ventedMmHg) {

        public static Timing defaults() {
            return new Timing(1.0, 45.0, 10.0, 600.0, 3.0);
        }
    }

    private static final double NANOS = 1e9;
    /** Compression starts at this fraction of its pressures and ends the taper at it. */
    private static final double GENTLE = 0.6;
    private static final double FILTER_NANOS = 30e6;
    /** A top-up opens the inlet once the manifold is this far above the chamber. */
    private static final double PRIME_MARGIN_MMHG = 1.0;
    /** Below this a chamber is empty enough to open onto the manifold at once. */
    private static final double PRIME_ABOVE_MMHG = 3.0;

    private final int chambers;
    private final double unitMaxMmHg;
    private final Timing timing;
    private final Regulator regulator;
    private final SessionListener listener;
    private final Step[] steps;

    private Phase phase = Phase.IDLE;
    private Program program;
    private Sequencer sequencer;
    private long phaseSince;
    private long lastTick;
    private long elapsedNanos;
    private double cycleOriginS;
    private long cycle = -1;
    private double cycleFactor = 1;
    private int vibrationLevel;
    private int intensity;
    private double shownVibration;
    private boolean vented;
    private final double[] filtered;
    private final double[] demand;
    private double manifold;
    private int topping = -1;
    /** The filler's inlet has opened in this fill: it stays open until the fill is done. */
    private boolean fillerOpened;

    public Session(int chambers, double unitMaxMmHg, Timing timing, Regulator.Tuning tuning,
                   SessionListener listener) {
        this.chambers = chambers;
        this.unitMaxMmHg = unitMaxMmHg;
        this.timing = timing;
        this.regulator = new Regulator(chambers, tuning);
        this.listener = listener;
        this.filtered = new double[chambers];
        java.util.Arrays.fill(filtered, Double.NaN);
        this.demand = new double[chambers];
        this.steps = new Step[chambers];
        java.util.Arrays.fill(steps, Step.REST);
    }

    // ---- commands ----

    public String start(Program p, long now) {
        if (phase == Phase.FAULT) {
            return "a fault is latched: send clear-fault first";
        }
        if (phase.active()) {
            return "a session is already " + phase.wire();
        }
        if (p.compression().isPresent()) {
            for (int ch : p.compression().get().chambers()) {
                if (ch >= chambers) {
                    return "program '" + p.name() + "' needs chamber " + (ch + 1) + " but the cuff has " + chambers;
                }
            }
        }
        program = p;
        sequencer = p.compression().map(Sequencer::new).orElse(null);
        vibrationLevel = p.vibration().map(Vibration::level).orElse(0);
        intensity = p.intensity();
        elapsedNanos = 0;
        cycle = -1;
        cycleOriginS = 0;
        regulator.reset();
        vented = false;
        enter(Phase.STARTING, now, "start requested");
        return null;
    }

    /** Starting, and the cuff is vented: the self-test may now run. */
    public boolean awaitingSelfTest() {
        return phase == Phase.STARTING && vented;
    }

    /** The self-test passed: the therapy begins. */
    public void begin(long now) {
        begin(now, "");
    }

    /** The self-test passed, with {@code remark} on what it noticed ("" for none): the therapy begins. */
    public void begin(long now, String remark) {
        if (awaitingSelfTest()) {
            enter(Phase.RUNNING, now, remark.isEmpty() ? "self-test passed, therapy begins"
                    : "self-test passed, therapy begins; " + remark);
        }
    }

    public String stop(long now) {
        if (!phase.active()) {
            return "no session to stop (" + phase.wire() + ")";
        }
        if (phase != Phase.STOPPING) {
            enter(Phase.STOPPING, now, "stop requested");
        }
        return null;
    }

    public String pause(long now) {
        if (!phase.delivering()) {
            return "nothing to pause (" + phase.wire() + ")";
        }
        enter(Phase.PAUSED, now, "pause requested");
        return null;
    }

    public String resume(long now) {
        if (phase != Phase.PAUSED) {
            return "not paused (" + phase.wire() + ")";
        }
        cycleOriginS = elapsedS();
        cycle = -1;
        regulator.reset();
        lastTick = now;
        enter(inTaper() ? Phase.TAPERING : Phase.RUNNING, now, "resume requested");
        return null;
    }

    public String vibration(int level) {
        if (level < 0 || level > Program.MAX_LEVEL) {
            return "level " + level + " is outside 0 to " + Program.MAX_LEVEL;
        }
        if (!phase.active() || program == null) {
            return "no session running";
        }
        if (program.vibration().isEmpty()) {
            return "program '" + program.name() + "' has no vibration";
        }
        vibrationLevel = level;
        return null;
    }

    public String intensity(int level) {
        if (level < Program.MIN_LEVEL || level > Program.MAX_LEVEL) {
            return "level " + level + " is outside " + Program.MIN_LEVEL + " to " + Program.MAX_LEVEL;
        }
        if (!phase.active() || program == null) {
            return "no session running";
        }
        if (program.compression().isEmpty()) {
            return "program '" + program.name() + "' has no compression";
        }
        intensity = level;
        return null;
    }

    /** The safety supervisor latched a fault: the session is over and the cuff vents. */
    public void fault(long now, String why) {
        if (phase != Phase.FAULT) {
            enter(Phase.FAULT, now, why);
        }
    }

    /** The latched fault was cleared by the supervisor: back to idle. */
    public String clearFault(long now) {
        if (phase != Phase.FAULT) {
            return "no fault is latched";
        }
        enter(Phase.IDLE, now, "fault cleared");
        return null;
    }

    // ---- the tick ----

    /**
     * Advances the session to {@code now} and writes what it wants of the actuators into {@code out}.
     *
     * @param manifold the manifold's reading: a top-up waits until the pump has brought it above
     *                 the chamber, so that opening the inlet never lets air flow backwards
     */
    public void step(long now, double[] pressures, double manifold, Actuation out) {
        long dt = now - lastTick;
        lastTick = now;
        filter(pressures, dt);
        this.manifold = manifold;
        double inPhase = (now - phaseSince) / NANOS;
        switch (phase) {
            case STARTING -> {
                idle(out);
                if (!vented && inPhase >= timing.startVentS() && allBelow(pressures, timing.ventedMmHg())) {
                    vented = true;
                } else if (inPhase > timing.startTimeoutS()) {
                    enter(Phase.IDLE, now, vented ? "self-test did not finish" : "cuff did not vent before the start");
                }
            }
            case RUNNING, TAPERING -> {
                elapsedNanos += Math.max(0, dt);
                double s = elapsedS();
                if (s >= program.durationS()) {
                    idle(out);
                    enter(Phase.DONE, now, "program finished");
                } else {
                    if (phase == Phase.RUNNING && inTaper()) {
                        enter(Phase.TAPERING, now, "taper begins");
                    }
                    deliver(s, pressures, out);
                }
            }
            case PAUSED -> {
                idle(out);
                if (inPhase > timing.maxPauseS()) {
                    enter(Phase.STOPPING, now, "paused too long");
                }
            }
            case STOPPING -> {
                idle(out);
                if ((inPhase >= 0.5 && allBelow(pressures, timing.ventedMmHg())) || inPhase > timing.stopTimeoutS()) {
                    enter(Phase.IDLE, now, "stopped and vented");
                }
            }
            default -> idle(out);
        }
    }

    private void deliver(double s, double[] pressures, Actuation out) {
        Program p = program;
        double envelope = 1.0;
        if (p.rampUpS() > 0) {
            envelope = Math.min(envelope, s / p.rampUpS());
        }
        double taperFrom = p.durationS() - p.taperS();
        if (p.taperS() > 0 && s > taperFrom) {
            envelope = Math.min(envelope, (p.durationS() - s) / p.taperS());
        }
        envelope = Math.max(0, envelope);

        double level = 0;
        if (p.vibration().isPresent()) {
            Vibration v = p.vibration().get();
            level = v.onAt(s) ? vibrationLevel * envelope : 0;
        }
        shownVibration = level;
        out.vibrationLevel(level);

        java.util.Arrays.fill(steps, Step.REST);
        java.util.Arrays.fill(demand, 0);
        int inflating = -1;
        if (sequencer != null) {
            Compression c = sequencer.compression();
            double t = s - cycleOriginS;
            long k = sequencer.cycleAt(t);
            double cycleStart = cycleOriginS + k * c.cycleS();
            if (k != cycle) {
                cycle = k;
                cycleFactor = factorAt(cycleStart);
            }
            boolean fits = cycleStart + c.pressurisedS() <= p.durationS();
            double into = t - k * c.cycleS();
            for (int pos = 0; pos < c.count(); pos++) {
                int ch = c.chamberAt(pos);
                Step step = fits ? sequencer.stepAt(pos, into) : Step.REST;
                steps[ch] = step;
                double target = step.pressurised()
                        ? Math.min(unitMaxMmHg, c.targetMmHg(pos, intensity) * cycleFactor) : 0;
                demand[ch] = regulator.regulate(ch, step.pressurised(), filtered[ch], target, out);
                out.targetMmHg(ch, target);
                if (step == Step.INFLATE) {
                    inflating = ch;
                }
            }
        }
        for (int ch = 0; ch < chambers; ch++) {
            if (sequencer == null || !inProgram(ch)) {
                regulator.regulate(ch, false, 0, 0, out);
                out.targetMmHg(ch, 0);
            }
        }
        shareThePump(inflating, out);
    }

    /**
     * One chamber fills at a time, through the one manifold: the chamber in its inflation slot if
     * it wants air, else the chamber already being topped up, else the held chamber furthest below
     * its target. The others wait with their
     * inlets closed. A chamber that already holds pressure is opened only once the pump has brought
     * the manifold above it, so its air never flows back into the manifold.
     */
    private void shareThePump(int inflating, Actuation out) {
        int filler = inflating >= 0 && demand[inflating] > 0 ? inflating : -1;
        if (filler < 0 && topping >= 0 && demand[topping] > 0) {
            filler = topping; // a top-up under way keeps the pump until it is done
        }
        if (filler < 0) {
            double worst = 0;
            for (int ch = 0; ch < chambers; ch++) {
                double deficit = out.targetMmHg(ch) - filtered[ch];
                if (demand[ch] > 0 && deficit > worst) {
                    worst = deficit;
                    filler = ch;
                }
            }
        }
        for (int ch = 0; ch < chambers; ch++) {
            if (ch != filler) {
                out.inletOpen(ch, false);
            }
        }
        if (filler != topping) {
            fillerOpened = false;
        }
        topping = filler;
        double pump = filler < 0 ? 0 : demand[filler];
        if (filler >= 0 && !fillerOpened && !(manifold > filtered[filler] + PRIME_MARGIN_MMHG)
                && filtered[filler] > PRIME_ABOVE_MMHG) {
            out.inletOpen(filler, false); // priming the manifold first, once per fill
        } else {
            fillerOpened = filler >= 0;
        }
        out.pumpDuty(pump);
        out.mainVentOpen(pump == 0);
    }

    /** A light low-pass on the readings (30 ms), so sensor noise cannot start a top-up. */
    private void filter(double[] p, long dtNanos) {
        double a = dtNanos <= 0 ? 1 : dtNanos / (FILTER_NANOS + (double) dtNanos);
        for (int i = 0; i < chambers; i++) {
            filtered[i] = Double.isNaN(filtered[i]) || Double.isNaN(p[i]) ? p[i] : filtered[i] + a * (p[i] - filtered[i]);
        }
    }

    /** Compression pressure factor for a cycle starting at {@code s}: gentle at both ends. */
    private double factorAt(double s) {
        Program p = program;
        double f = 1.0;
        if (p.rampUpS() > 0 && s < p.rampUpS()) {
            f = GENTLE + (1 - GENTLE) * s / p.rampUpS();
        }
        double taperFrom = p.durationS() - p.taperS();
        if (p.taperS() > 0 && s > taperFrom) {
            f = Math.min(f, 1 - (1 - GENTLE) * (s - taperFrom) / p.taperS());
        }
        return f;
    }

    private boolean inProgram(int ch) {
        Compression c = sequencer.compression();
        for (int pos = 0; pos < c.count(); pos++) {
            if (c.chamberAt(pos) == ch) {
                return true;
            }
        }
        return false;
    }

    private void idle(Actuation out) {
        regulator.reset();
        out.vent();
        shownVibration = 0;
        java.util.Arrays.fill(steps, Step.REST);
    }

    private boolean inTaper() {
        return program != null && program.taperS() > 0 && elapsedS() >= program.durationS() - program.taperS();
    }

    private static boolean allBelow(double[] pressures, double limit) {
        for (double p : pressures) {
            if (!(p < limit)) {
                return false;
            }
        }
        return true;
    }

    private void enter(Phase next, long now, String why) {
        Phase from = phase;
        phase = next;
        phaseSince = now;
        lastTick = now;
        if (next != Phase.RUNNING && next != Phase.TAPERING) {
            java.util.Arrays.fill(steps, Step.REST);
            shownVibration = 0;
        }
        listener.phaseChanged(from, next, why);
    }

    // ---- what readers see ----

    public Phase phase() {
        return phase;
    }

    /** The program of the current or last session, or {@code null} before the first. */
    public Program program() {
        return program;
    }

    public double elapsedS() {
        return elapsedNanos / NANOS;
    }

    public double remainingS() {
        return program == null || !phase.active() ? 0 : Math.max(0, program.durationS() - elapsedS());
    }

    /** The vibration level being delivered now, 0–10, after ramp, taper and pattern. */
    public double vibrationNow() {
        return shownVibration;
    }

    /** The level the person asked for (or the program's), 0–10. */
    public int vibrationLevel() {
        return vibrationLevel;
    }

    public int intensity() {
        return intensity;
    }

    public Step stepOf(int chamber) {
        return steps[chamber];
    }

    /** Index of the compression cycle under way, or -1. */
    public long cycle() {
        return cycle;
    }
}
