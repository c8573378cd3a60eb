package dev.quietlegs.hardware.port;

import java.util.Arrays;

/**
 * Everything that moves air or the motor at one instant: what the therapy asks for, what the
 * supervisor lets through, what a {@link Board} writes. A reusable buffer, so a tick allocates
 * nothing.
 *
 * <p>The safe state is defined here and nowhere else ({@link #toSafe}): every output de-energised,
 * which is also what the hardware falls to without power. Pump and motor off, every inlet closed
 * (normally closed), every exhaust and the main vent open (normally open): the cuff empties.
 */
public final class OutputFrame {

    private final boolean[] inlet;
    private final boolean[] exhaust;
    private double pump;
    private double motor;
    private boolean vent;

    /** A frame in the safe state. */
    public OutputFrame(int chambers) {
        this.inlet = new boolean[chambers];
        this.exhaust = new boolean[chambers];
        toSafe();
    }

    /** Pump off, motor off, every inlet closed, every exhaust and the main vent open. */
    public OutputFrame toSafe() {
        pump = 0;
        motor = 0;
        vent = true;
        Arrays.fill(inlet, false);
        Arrays.fill(exhaust, true);
        return this;
    }

    public boolean isSafe() {
        if (pump != 0 || motor != 0 || !vent) {
            return false;
        }
        for (int i = 0; i < inlet.length; i++) {
            if (inlet[i] || !exhaust[i]) {
                return false;
            }
        }
        return true;
    }

    public void copyFrom(OutputFrame o) {
        pump = o.pump;
        motor = o.motor;
        vent = o.vent;
        System.arraycopy(o.inlet, 0, inlet, 0, inlet.length);
        System.arraycopy(o.exhaust, 0, exhaust, 0, exhaust.length);
    }

    public int chambers() {
        return inlet.length;
    }

    /** The pump's duty, 0 (off) to 1 (full). */
    public double pump() {
        return pump;
    }

    public OutputFrame pump(double duty) {
        this.pump = clamp01(duty);
        return this;
    }

    /**
     * The motor's power as the person feels it, 0 (off) to 1 (strongest); the output maps it onto
     * the motor's running duties (ESPHome's {@code min_power}).
     */
    public double motor() {
        return motor;
    }

    public OutputFrame motor(double power) {
        this.motor = clamp01(power);
        return this;
    }

    public boolean inletOpen(int chamber) {
        return inlet[chamber];
    }

    public OutputFrame inletOpen(int chamber, boolean open) {
        inlet[chamber] = open;
        return this;
    }

    public boolean exhaustOpen(int chamber) {
        return exhaust[chamber];
    }

    public OutputFrame exhaustOpen(int chamber, boolean open) {
        exhaust[chamber] = open;
        return this;
    }

    public boolean ventOpen() {
        return vent;
    }

    public OutputFrame ventOpen(boolean open) {
        this.vent = open;
        return this;
    }

    /** "pump 0%, motor 0%, every inlet closed, every exhaust open, main vent open", or which differ. */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "pump %.0f%%, motor %.0f%%, %s, %s, main vent %s", pump * 100,
                motor * 100, list("inlet", inlet, true, "every inlet closed"),
                list("exhaust", exhaust, false, "every exhaust open"), vent ? "open" : "closed");
    }

    private static String list(String what, boolean[] open, boolean odd, String none) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < open.length; i++) {
            if (open[i] == odd) {
                sb.append(sb.length() == 0 ? what + " " : ", ").append(i + 1);
            }
        }
        return sb.length() == 0 ? none : sb.append(odd ? " open" : " closed").toString();
    }

    private static double clamp01(double v) {
        return v > 0 ? Math.min(1, v) : 0; // NaN and negatives are off
    }
}
