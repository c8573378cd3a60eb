package dev.quietlegs.firmware.safety;

import dev.quietlegs.firmware.therapy.Actuation;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.PwmOutput;
import dev.quietlegs.hardware.port.ValveBank;
import java.util.List;

/**
 * The gate between the therapy and the actuators, like opendbc/panda's safety hooks. It holds the
 * only references to the outputs that move air or the motor; every tick's request passes
 * {@link #actuate}, which can only make it safer. Its checks judge every reading; the first fault
 * latches, and from then on only the safe state reaches the pins until {@link #clear} succeeds.
 *
 * <p>The safe state is the hardware's own de-energised state: pump off, motor off, every inlet
 * closed, every exhaust and the main vent open. While a fault is latched the gate also vents a
 * chamber that will not fall through its exhaust back through its inlet and the main vent, as long
 * as the manifold shows the pump is really off: a second way out, independent of the first.
 *
 * <p>Threads: the loop calls everything; the watchdog may call {@link #trip} and
 * {@link #applySafeState} from its own thread, so those and {@link #actuate} are synchronized. The
 * news of a fault is handed to the loop thread through {@link #takeNewFault}.
 */
public final class Supervisor {

    /** Above this a latched-fault chamber gets the second way out. */
    private static final double ASSIST_MMHG = 5;
    /** The manifold must read below this for the second way out to be used. */
    private static final double ASSIST_MANIFOLD_MAX_MMHG = 5;

    private final Limits limits;
    private final List<String> names;
    private final PwmOutput pump;
    private final PwmOutput motor;
    private final ValveBank valves;
    private final int chambers;
    private final Outputs out;
    private final PressureChecks pressure;
    private final SensorChecks sensors;
    private final PneumaticChecks pneumatics;
    private volatile Fault latched;
    private volatile boolean news;

    public Supervisor(Board board, Limits limits, List<String> chamberNames) {
        this.limits = limits;
        this.names = List.copyOf(chamberNames);
        this.pump = board.pump();
        this.motor = board.vibration();
        this.valves = board.valves();
        this.chambers = valves.chambers();
        this.out = new Outputs(chambers);
        Trip trip = this::trip;
        this.pressure = new PressureChecks(chambers, limits, trip);
        this.sensors = new SensorChecks(chambers, trip);
        this.pneumatics = new PneumaticChecks(chambers, trip);
    }

    public Limits limits() {
        return limits;
    }

    /** Tells the session-length limit whether a session is under way. */
    public void sessionActive(boolean active, long now) {
        pressure.sessionActive(active, now);
    }

    /** Judges this tick's readings against what the outputs are doing. Allocates only on a fault. */
    public void check(long now, double[] pressures, double manifold, Actuation requested) {
        sensors.check(now, pressures, manifold, out);
        pressure.check(now, pressures, requested);
        pneumatics.check(now, pressures, manifold, out, requested);
    }

    /** Latches a fault unless one already is (the first fault is the one reported) and vents. */
    public void trip(FaultCode code, int chamber, long now, double value) {
        trip(code, chamber, now, message(code, chamber, value));
    }

    /** The same, with the message given (the self-test, the emergency stop). */
    public synchronized void trip(FaultCode code, int chamber, long now, String message) {
        if (latched != null) {
            return;
        }
        latched = new Fault(code, message, chamber, now);
        news = true;
        applySafeState();
    }

    /** A fault latched since the last call, once, or {@code null}. The loop thread's. */
    public Fault takeNewFault() {
        if (!news) {
            return null;
        }
        news = false;
        return latched;
    }

    /**
     * Writes the therapy's request, made safer: the safe state while a fault is latched; no
     * chamber filled at or above the limit, and one at or above it bled; the pump against closed
     * inlets only while the manifold is below the limit; the main vent open whenever the pump is
     * off; duties within 0–100 %.
     */
    public synchronized void actuate(Actuation a, double[] pressures, double manifold, double motorDuty) {
        if (latched != null) {
            applySafeState();
            assistVenting(pressures, manifold);
            return;
        }
        boolean anyInlet = false;
        for (int i = 0; i < chambers; i++) {
            boolean atLimit = !(pressures[i] < limits.maxMmHg());
            boolean inlet = a.inletOpen(i) && !atLimit;
            anyInlet |= inlet;
            setInlet(i, inlet);
            setExhaust(i, a.exhaustOpen(i) || atLimit);
        }
        // With no inlet open the pump may only prime the manifold, and never past the limit.
        double duty = anyInlet || manifold < limits.maxMmHg() ? clamp01(a.pumpDuty()) : 0;
        setPump(duty);
        setVent(duty == 0 || a.mainVentOpen());
        setMotor(clamp01(motorDuty));
    }

    /** Pump off, motor off, every inlet closed, every exhaust and the main vent open. */
    public synchronized void applySafeState() {
        setPump(0);
        setMotor(0);
        for (int i = 0; i < chambers; i++) {
            setInlet(i, false);
            setExhaust(i, true);
        }
        setVent(true);
    }

    private void assistVenting(double[] pressures, double manifold) {
        if (!(manifold < ASSIST_MANIFOLD_MAX_MMHG)) {
            return; // the pump may be running: inlets stay shut
        }
        for (int i = 0; i < chambers; i++) {
            setInlet(i, pressures[i] > ASSIST_MMHG);
        }
    }

    public Fault latched() {
        return latched;
    }

    /** Clears the latched fault if its cause is gone; else says why not. */
    public synchronized String clear(double[] pressures, double manifold) {
        if (latched == null) {
            return "no fault is latched";
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
        latched = null;
        news = false;
        pressure.reset();
        return null;
    }

    // ---- the pins, and what was last written to them ----

    private void setPump(double duty) {
        out.pump = duty;
        pump.setDuty(duty);
    }

    private void setMotor(double duty) {
        out.motor = duty;
        motor.setDuty(duty);
    }

    private void setInlet(int i, boolean open) {
        out.inlet[i] = open;
        valves.setInlet(i, open);
    }

    private void setExhaust(int i, boolean open) {
        out.exhaust[i] = open;
        valves.setExhaust(i, open);
    }

    private void setVent(boolean open) {
        out.vent = open;
        valves.setMainVent(open);
    }

    // ---- messages ----

    private String name(int chamber) {
        return chamber >= 0 && chamber < names.size() ? names.get(chamber) : "chamber " + (chamber + 1);
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
                    + " sensor has drifted, or the chamber cannot empty (exhaust valve stuck, hose kinked)";
            case NO_RISE -> which + " did not rise while filled: hose off, cuff not on the leg, inlet valve"
                    + " stuck, or a large leak";
            case NO_FALL -> which + " did not fall while vented (" + r + " mmHg): exhaust valve stuck or hose kinked";
            case UNCOMMANDED_RISE -> which + " rose " + r + " mmHg with its inlet closed: inlet valve leaking"
                    + " or stuck open";
            case LEAK -> which + " keeps losing air and needs pumping again and again: it leaks (hose, seam or"
                    + " exhaust valve)";
            case PUMP_STUCK_ON -> "the manifold is at " + r + " mmHg with the pump switched off: pump stuck on";
            case PUMP_NO_PROGRESS -> "the pump runs but the manifold stays at " + r + " mmHg: pump dead or"
                    + " disconnected";
            case LOOP_STALL -> "the control loop stopped for " + String.format(java.util.Locale.ROOT, "%.2f", v)
                    + " s: the watchdog vented the cuff";
            case LOOP_LATE -> "a control tick came " + String.format(java.util.Locale.ROOT, "%.2f", v) + " s late";
            case EMERGENCY_STOP -> "emergency stop pressed";
            case SELF_TEST_FAILED -> "self-test failed";
        };
    }

    private static double clamp01(double v) {
        return v < 0 || Double.isNaN(v) ? 0 : Math.min(1, v);
    }
}
