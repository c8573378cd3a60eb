package dev.quietlegs.firmware.safety;

import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.OutputFailure;
import dev.quietlegs.hardware.port.OutputFrame;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gate between the therapy and the actuators, like opendbc/panda's safety hooks: every tick's
 * frame passes {@link #actuate}, which can only make it safer, and the board writes what comes
 * out. Its checks judge every reading; the first fault latches, and from then on only the safe
 * frame ({@link OutputFrame#toSafe}) reaches the pins until {@link #clear} succeeds.
 *
 * <p>The gate also holds the manifold below the target plus the margin of every chamber it feeds:
 * air flows downhill, so no chamber can then be above that, whatever its own sensor says. The
 * manifold's sensor, cross-checked against every fed chamber, is that second opinion.
 *
 * <p>While a fault is latched the gate also vents a chamber that will not fall through its exhaust
 * back through its inlet and the main vent, as long as the manifold shows the pump is really off:
 * a second way out, independent of the first.
 *
 * <p>Threads: the loop calls everything. Another thread (the watchdog) may {@link #trip} and
 * {@link #ventNow}: both are lock-free, so a loop stuck inside a driver's write cannot keep them
 * from the fault or the pins. The news of a fault reaches the loop through {@link #takeNewFault}.
 */
public final class Supervisor {

    /** Above this a latched-fault chamber gets the second way out. */
    private static final double ASSIST_MMHG = 5;
    /** The manifold must read below this for the second way out to be used. */
    private static final double ASSIST_MANIFOLD_MAX_MMHG = 5;
    /** The pump's duty falls to zero over this last stretch below the manifold's cap. */
    static final double CAP_BAND_MMHG = 3;
    /**
     * While the therapy is delivered, at most once every {@link #PROBE_EVERY_NANOS}, once the pump has
     * been told off with every inlet shut for {@link #PROBE_AFTER_NANOS}, the gate shuts the main vent
     * for {@link #PROBE_NANOS}: a pump that runs when told not to then lifts the closed manifold at
     * once, where against the open vent a weak one shows almost nothing. The chambers stay shut off
     * from it; any other request ends the probe at once (and it is tried again at the next chance).
     */
    static final long PROBE_EVERY_NANOS = 20_000_000_000L;
    static final long PROBE_AFTER_NANOS = 500_000_000L;
    static final long PROBE_NANOS = 250_000_000L;

    private final Limits limits;
    private final List<String> names;
    private final Board board;
    private final int chambers;
    /** What the gate last asked of the outputs: the checks judge the readings against it. */
    private final OutputFrame commanded;
    private final PressureChecks pressure;
    private final SensorChecks sensors;
    private final PneumaticChecks pneumatics;
    private final ManifoldChecks manifoldChecks;
    private final AtomicReference<Fault> latched = new AtomicReference<>();
    private volatile boolean news;
    private boolean outputsTook = true;
    /** Whether the therapy is being delivered: the probe runs only then. */
    private boolean sessionActive;
    private long idleSince = Long.MIN_VALUE;
    private long probeSince = Long.MIN_VALUE;
    private long lastProbe = Long.MIN_VALUE;

    public Supervisor(Board board, Limits limits, List<String> chamberNames) {
        this(board, limits, Thresholds.envelope(board.outputs().chambers()), chamberNames);
    }

    /** A gate whose pneumatic checks expect {@code expect} of this build. */
    public Supervisor(Board board, Limits limits, Thresholds expect, List<String> chamberNames) {
        this.limits = limits;
        this.names = List.copyOf(chamberNames);
        this.board = board;
        this.chambers = board.outputs().chambers();
        this.commanded = new OutputFrame(chambers);
        Trip trip = (code, chamber, now, value, causes) -> {
            if (latched.get() == null) {
                trip(code, chamber, now, message(code, chamber, value, causes), causes);
            }
        };
        if (expect.chambers() != chambers) {
            throw new IllegalArgumentException("thresholds for " + expect.chambers() + " chambers on a board of "
                    + chambers);
        }
        this.pressure = new PressureChecks(limits, expect, trip);
        this.sensors = new SensorChecks(chambers, trip);
        this.pneumatics = new PneumaticChecks(expect, trip);
        this.manifoldChecks = new ManifoldChecks(chambers, trip);
    }

    public Limits limits() {
        return limits;
    }

    /**
     * What the session is doing, each tick, for the limits that watch it from outside: whether one
     * is active, whether it is still starting, the longest its program holds any chamber inflated in
     * one cycle (seconds; 0 for none), whether it delivers the therapy, and its own clock (seconds
     * of therapy), which must move while it does.
     */
    public void session(boolean active, boolean starting, double heldS, boolean delivering, double programS,
            long now) {
        pressure.session(active, starting, heldS, delivering, programS, now);
        sessionActive = delivering;
        pneumatics.delivering(delivering);
    }

    /**
     * Judges this tick's readings against what the outputs are doing and what the chambers should
     * be at ({@code targets}, 0 for empty). Allocates only on a fault.
     */
    public void check(long now, double[] pressures, double manifold, double[] targets) {
        sensors.check(now, pressures, manifold, commanded);
        pressure.check(now, pressures, targets, commanded);
        pneumatics.check(now, pressures, manifold, commanded, targets);
        manifoldChecks.check(now, pressures, manifold, commanded);
    }

    /** Latches a fault unless one already is (the first fault is the one reported). */
    public void trip(FaultCode code, int chamber, long now, double value) {
        if (latched.get() == null) {
            trip(code, chamber, now, message(code, chamber, value), Cause.of(code, chamber, value));
        }
    }

    /**
     * The same, with the message given (the self-test, the emergency stop). Lock-free, from any
     * thread; the outputs go safe at the loop's next {@link #actuate}, or at once by {@link #ventNow}.
     */
    public void trip(FaultCode code, int chamber, long now, String message) {
        trip(code, chamber, now, message, Cause.of(code, chamber, 0));
    }

    /** The same, naming the parts to look at. */
    public void trip(FaultCode code, int chamber, long now, String message, java.util.List<Cause> causes) {
        if (latched.get() == null && latched.compareAndSet(null, new Fault(code, message, chamber, now, causes))) {
            news = true;
        }
    }

    /** Every output to the safe state now, whatever the loop is doing: see {@link Board#forceSafe}. */
    public void ventNow() {
        board.forceSafe();
    }

    /** A fault latched since the last call, once, or {@code null}. The loop thread's. */
    public Fault takeNewFault() {
        if (!news) {
            return null;
        }
        news = false;
        return latched.get();
    }

    /**
     * Writes the therapy's frame, made safer: the safe frame while a fault is latched; no chamber
     * filled at or above the limit, and one at or above it bled; the pump slowed to a stop as the
     * manifold nears its cap (each fed chamber's target, at most the limit, plus the margin; with
     * no inlet open, the limit); the main vent open whenever the pump is asked to stop with no
     * inlet open, or the manifold is past its cap.
     * An output that does not take its write latches {@link FaultCode#OUTPUT_FAILED} and the safe
     * frame is written at once, and again every tick until every output has taken it.
     *
     * <p>While a fault is latched the heartbeat is withheld too, once no chamber is above 5 mmHg,
     * so the dead-man cuts the drivers' supply and an output that disobeys (a pump stuck on, a
     * valve driver shorted) stops with the rest; until then the supply stays on, since the second
     * way out needs power.
     *
     * @return whether the heartbeat may toggle: every output took this tick's frame, and either no
     *         fault is latched or a chamber may still need the second way out
     */
    public boolean actuate(OutputFrame request, double[] targets, double[] pressures, double manifold, long now) {
        OutputFrame out = commanded;
        boolean wasLatched = latched.get() != null;
        if (wasLatched) {
            out.toSafe();
            assistVenting(out, pressures, manifold);
        } else {
            out.copyFrom(request);
            double cap = Double.POSITIVE_INFINITY;
            for (int i = 0; i < chambers; i++) {
                boolean atLimit = !(pressures[i] < limits.maxMmHg());
                boolean inlet = request.inletOpen(i) && !atLimit;
                if (inlet) {
                    cap = Math.min(cap, Math.min(targets[i], limits.maxMmHg()) + limits.marginMmHg());
                }
                out.inletOpen(i, inlet);
                out.exhaustOpen(i, request.exhaustOpen(i) || atLimit);
            }
            // With no inlet open the pump may only prime the manifold, and never past the limit.
            cap = Math.min(cap, Double.isInfinite(cap) ? limits.maxMmHg() : limits.tripMmHg());
            double room = (cap - manifold) / CAP_BAND_MMHG; // NaN when the manifold cannot be read: no pump
            out.pump(room >= 1 ? request.pump() : room > 0 ? request.pump() * room : 0);
            boolean idle = request.pump() == 0 && !anyInlet(out);
            boolean probe = probe(idle, now);
            out.ventOpen(!probe && (request.ventOpen() || idle) || !(manifold < cap + CAP_BAND_MMHG));
        }
        try {
            board.write(out);
            outputsTook = true;
            if (!wasLatched && latched.get() != null) {
                board.write(out.toSafe()); // the watchdog latched while this frame was being written
            }
        } catch (OutputFailure e) {
            outputsTook = false;
            trip(FaultCode.OUTPUT_FAILED, -1, now, e.getMessage() + ": check the driver and its wiring");
            try {
                board.write(out.toSafe());
            } catch (OutputFailure again) {
                // written again next tick; the heartbeat stays still, so the dead-man cuts the supply
            }
        }
        return outputsTook && (latched.get() == null || anyAbove(pressures, ASSIST_MMHG));
    }

    /** Whether this tick is part of a probe (see {@link #PROBE_EVERY_NANOS}); starts and ends them. */
    private boolean probe(boolean idle, long now) {
        if (!idle || !sessionActive) {
            idleSince = Long.MIN_VALUE;
            probeSince = Long.MIN_VALUE;
            return false;
        }
        if (idleSince == Long.MIN_VALUE) {
            idleSince = now;
        }
        if (probeSince != Long.MIN_VALUE) {
            if (now - probeSince < PROBE_NANOS) {
                return true;
            }
            lastProbe = now;
            probeSince = Long.MIN_VALUE;
            return false;
        }
        boolean due = lastProbe == Long.MIN_VALUE || now - lastProbe >= PROBE_EVERY_NANOS;
        if (due && now - idleSince >= PROBE_AFTER_NANOS) {
            probeSince = now;
            return true;
        }
        return false;
    }

    private boolean anyInlet(OutputFrame out) {
        for (int i = 0; i < chambers; i++) {
            if (out.inletOpen(i)) {
                return true;
            }
        }
        return false;
    }

    private void assistVenting(OutputFrame out, double[] pressures, double manifold) {
        if (!(manifold < ASSIST_MANIFOLD_MAX_MMHG)) {
            return; // the pump may be running: inlets stay shut
        }
        for (int i = 0; i < chambers; i++) {
            out.inletOpen(i, pressures[i] > ASSIST_MMHG);
        }
    }

    private static boolean anyAbove(double[] pressures, double mmHg) {
        for (double p : pressures) {
            if (p > mmHg) {
                return true;
            }
        }
        return false;
    }

    public Fault latched() {
        return latched.get();
    }

    /** Clears the latched fault if its cause is gone; else says why not. */
    public synchronized String clear(double[] pressures, double manifold) {
        if (latched.get() == null) {
            return "no fault is latched";
        }
        if (!outputsTook) {
            return "an output still does not take its writes: check the drivers and their wiring";
        }
        for (int i = 0; i < chambers; i++) {
            if (Double.isNaN(pressures[i])) {
                return "the pressure sensor of the " + name(i) + " chamber still cannot be read";
            }
            if (pressures[i] > Limits.INFLATED_MMHG) {
                return "the " + name(i) + " chamber is still at " + Math.round(pressures[i]) + " mmHg";
            }
        }
        if (!(manifold < PneumaticChecks.PUMP_OFF_MAX_MMHG)) {
            return "the manifold is still at " + Math.round(manifold) + " mmHg with the pump off";
        }
        news = false; // before the latch: a trip from the watchdog after this is news again
        latched.set(null);
        pressure.reset();
        return null;
    }

    // ---- messages ----

    private String name(int chamber) {
        return chamber >= 0 && chamber < names.size() ? names.get(chamber) : "chamber " + (chamber + 1);
    }

    /**
     * The message of a fault whose check told its causes apart from the code's usual ones: what
     * happened, then the parts it points to.
     */
    private String message(FaultCode code, int chamber, double v, List<Cause> causes) {
        String usual = message(code, chamber, v);
        if (causes.equals(Cause.of(code, chamber, v))) {
            return usual;
        }
        int colon = usual.indexOf(": ");
        return (colon < 0 ? usual : usual.substring(0, colon)) + ": " + Cause.sentence(causes);
    }

    private String message(FaultCode code, int chamber, double v) {
        String which = chamber < 0 ? "the manifold" : "the " + name(chamber) + " chamber";
        long r = Math.round(v);
        return switch (code) {
            case OVERPRESSURE -> which + " read " + r + " mmHg, above its trip level";
            case INFLATED_TOO_LONG -> which + " stayed above 15 mmHg for more than " + r + " s";
            case SESSION_TOO_LONG -> "the session lasted more than " + Math.round(v / 60) + " minutes";
            case SENSOR_UNREADABLE -> "the pressure sensor of " + which + " cannot be read: check its wiring";
            case SENSOR_OUT_OF_RANGE -> "the pressure sensor of " + which + " reads an impossible " + r + " mmHg";
            case SENSOR_STUCK -> "the pressure sensor of " + which + " is stuck at " + r + " mmHg while filling";
            case SENSOR_JUMP -> "the pressure sensor of " + which + " jumped " + r
                    + " mmHg in one tick: noisy or loose";
            case SENSOR_DRIFT -> which + " reads a steady " + r + " mmHg after seconds open to the room: its"
                    + " sensor has drifted, the chamber cannot empty (exhaust valve stuck, hose kinked), or air"
                    + " still reaches it (inlet valve leaking)";
            case SENSOR_DISAGREE -> v > 0
                    ? which + " reads " + r + " mmHg above the manifold that feeds it, which air cannot do: the"
                            + " chamber's or the manifold's pressure sensor is wrong (check both sensor tubes; a gauge"
                            + " on the manifold tells which)"
                    : which + " reads " + (-r) + " mmHg below the manifold that feeds it, with little air flowing:"
                            + " its inlet valve does not open or its hose is kinked, or the chamber's or the"
                            + " manifold's pressure sensor is wrong (a gauge on the manifold tells which)";
            case NO_RISE -> which + " did not rise while filled, though the manifold did: its hose off or the cuff"
                    + " not on the leg, or its exhaust valve stuck open (then air hisses at the exhaust port)";
            case NO_FALL -> which + " did not fall while vented (" + r + " mmHg): exhaust valve stuck or hose kinked";
            case UNCOMMANDED_RISE -> which + " rose " + r + " mmHg with its inlet closed: inlet valve leaking"
                    + " or stuck open";
            case LEAK -> which + " keeps losing air and needs pumping again and again: it leaks (a hose, a seam,"
                    + " or the exhaust valve not closing: air hissing at the exhaust port means the valve)";
            case LOW_PRESSURE -> which + " fell short of its pressure (it reached only " + r + " mmHg) "
                    + PneumaticChecks.SHORT_CYCLES + " cycles running: it leaks (a hose, a seam), or the pump has grown"
                    + " too weak for it (does it sound weaker? a hose from the pump loose?)";
            case PUMP_STUCK_ON -> "the manifold is at " + r + " mmHg with the pump switched off: the pump is stuck on"
                    + " (it still hums), an inlet valve stuck open lets a chamber's air back, or the manifold's"
                    + " pressure sensor reads high";
            case VENT_STUCK -> "the manifold keeps " + r + " mmHg with the pump off and the main vent told to open:"
                    + " the main vent is stuck shut or its outlet blocked (a pump stuck on would hum)";
            case PUMP_NO_PROGRESS -> "the pump runs but the manifold stays at " + r + " mmHg: pump dead or"
                    + " disconnected";
            case LOOP_STALL -> "the control loop stopped for " + String.format(java.util.Locale.ROOT, "%.2f", v)
                    + " s: the watchdog vented the cuff";
            case SESSION_STUCK -> chamber < 0
                    ? "the session stopped progressing (" + r + " s): the firmware is stuck; the cuff was vented"
                    : which + " stayed above 15 mmHg for " + r + " s, longer than its program ever holds it: the"
                            + " session stopped progressing; the cuff was vented";
            case LOOP_LATE -> "a control tick came " + String.format(java.util.Locale.ROOT, "%.2f", v) + " s late";
            case EMERGENCY_STOP -> "emergency stop pressed";
            case SELF_TEST_FAILED -> "self-test failed";
            case OUTPUT_FAILED -> "an output did not take its write";
            case SOFTWARE_ERROR -> "the firmware failed";
        };
    }

}
