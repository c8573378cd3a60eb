package dev.quietlegs.firmware.safety;

import dev.quietlegs.firmware.therapy.Actuation;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.PwmOutput;
import dev.quietlegs.hardware.port.ValveBank;

/**
 * The gate between the therapy and the actuators. It holds the only references to the outputs
 * that move air or the motor; every tick's request passes {@link #actuate}, which can only make it
 * safer. Checks on the sensors latch a {@link Fault}; from then on the outputs stay in the safe
 * state (pump off, motor off, every path to the room open) until {@link #clear} succeeds.
 */
public final class Supervisor {

    /** Pressure above which a chamber counts as inflated for the time limit (IEC 80601-2-30). */
    public static final double INFLATED_MMHG = 15.0;

    /**
     * @param maxMmHg    no chamber is filled at or above this
     * @param tripMmHg   a reading above this latches {@link FaultCode#OVERPRESSURE}
     * @param inflatedS  longest time any chamber may stay above 15 mmHg
     */
    public record Limits(double maxMmHg, double tripMmHg, double inflatedS) {
    }

    /** Told when a fault latches, on the control thread. */
    @FunctionalInterface
    public interface Listener {
        void faultLatched(Fault fault);
    }

    private final Limits limits;
    private final Listener listener;
    private final PwmOutput pump;
    private final PwmOutput motor;
    private final ValveBank valves;
    private final int chambers;
    private final long[] inflatedSince;
    private Fault latched;

    public Supervisor(Board board, Limits limits, Listener listener) {
        this.limits = limits;
        this.listener = listener;
        this.pump = board.pump();
        this.motor = board.vibration();
        this.valves = board.valves();
        this.chambers = valves.chambers();
        this.inflatedSince = new long[chambers];
        java.util.Arrays.fill(inflatedSince, Long.MIN_VALUE);
    }

    public Limits limits() {
        return limits;
    }

    /** Judges this tick's readings; may latch a fault. Allocates only when it does. */
    public void check(long now, double[] pressures) {
        for (int i = 0; i < chambers; i++) {
            double p = pressures[i];
            if (Double.isNaN(p)) {
                trip(FaultCode.SENSOR_UNREADABLE, i, now);
                continue;
            }
            if (p > limits.tripMmHg()) {
                trip(FaultCode.OVERPRESSURE, i, now);
            }
            if (p > INFLATED_MMHG) {
                if (inflatedSince[i] == Long.MIN_VALUE) {
                    inflatedSince[i] = now;
                } else if (now - inflatedSince[i] > (long) (limits.inflatedS() * 1e9)) {
                    trip(FaultCode.INFLATED_TOO_LONG, i, now);
                }
            } else {
                inflatedSince[i] = Long.MIN_VALUE;
            }
        }
    }

    /** Latches a fault unless one already is; the first fault is the one reported. */
    public void trip(FaultCode code, int chamber, long now) {
        if (latched != null) {
            return;
        }
        latched = new Fault(code, message(code, chamber), chamber, now);
        applySafeState();
        listener.faultLatched(latched);
    }

    /**
     * Writes the therapy's request, made safer: nothing at all while a fault is latched; no chamber
     * filled at or above the limit; no pump without an open inlet; the main vent open whenever
     * the pump is off.
     */
    public void actuate(Actuation a, double[] pressures, double motorDuty) {
        if (latched != null) {
            applySafeState();
            return;
        }
        boolean anyInlet = false;
        for (int i = 0; i < chambers; i++) {
            boolean inlet = a.inletOpen(i) && pressures[i] < limits.maxMmHg();
            boolean exhaust = a.exhaustOpen(i) || pressures[i] >= limits.maxMmHg();
            anyInlet |= inlet;
            valves.setInlet(i, inlet);
            valves.setExhaust(i, exhaust);
        }
        double duty = anyInlet ? clamp01(a.pumpDuty()) : 0;
        pump.setDuty(duty);
        valves.setMainVent(duty == 0 || a.mainVentOpen());
        motor.setDuty(clamp01(motorDuty));
    }

    /** Pump off, motor off, every inlet closed, every exhaust and the main vent open. */
    public void applySafeState() {
        pump.setDuty(0);
        motor.setDuty(0);
        for (int i = 0; i < chambers; i++) {
            valves.setInlet(i, false);
            valves.setExhaust(i, true);
        }
        valves.setMainVent(true);
    }

    public Fault latched() {
        return latched;
    }

    /** Clears the latched fault if its cause is gone; else says why not. */
    public String clear(double[] pressures) {
        if (latched == null) {
            return "no fault is latched";
        }
        for (int i = 0; i < chambers; i++) {
            if (Double.isNaN(pressures[i])) {
                return "the sensor of chamber " + (i + 1) + " still cannot be read";
            }
            if (pressures[i] > INFLATED_MMHG) {
                return "chamber " + (i + 1) + " is still at " + Math.round(pressures[i]) + " mmHg";
            }
        }
        latched = null;
        java.util.Arrays.fill(inflatedSince, Long.MIN_VALUE);
        return null;
    }

    private String message(FaultCode code, int chamber) {
        String which = "chamber " + (chamber + 1);
        return switch (code) {
            case OVERPRESSURE -> which + " read above " + Math.round(limits.tripMmHg()) + " mmHg";
            case INFLATED_TOO_LONG -> which + " stayed above 15 mmHg for more than "
                    + Math.round(limits.inflatedS()) + " s";
            case SENSOR_UNREADABLE -> "the pressure sensor of " + which + " cannot be read";
            case EMERGENCY_STOP -> "emergency stop pressed";
        };
    }

    private static double clamp01(double v) {
        return v < 0 || Double.isNaN(v) ? 0 : Math.min(1, v);
    }
}
