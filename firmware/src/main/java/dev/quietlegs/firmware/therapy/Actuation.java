package dev.quietlegs.firmware.therapy;

import dev.quietlegs.hardware.port.OutputFrame;
import java.util.Arrays;

/**
 * What the therapy asks for one tick: an {@link OutputFrame} for the outputs, and the pressure
 * each chamber should be at (the supervisor judges the readings against them). A reusable buffer:
 * the control loop owns one and the therapy fills it each tick, so a tick allocates nothing. The
 * safety gate may make the frame safer before anything reaches a pin.
 */
public final class Actuation {

    private final OutputFrame frame;
    private final double[] targetMmHg;
    private double vibrationLevel;

    public Actuation(int chambers) {
        this.frame = new OutputFrame(chambers);
        this.targetMmHg = new double[chambers];
        vent();
    }

    /** The safe frame, no targets, no vibration. */
    public void vent() {
        frame.toSafe();
        vibrationLevel = 0;
        Arrays.fill(targetMmHg, 0);
    }

    /** The outputs asked for. */
    public OutputFrame frame() {
        return frame;
    }

    /** Each chamber's target in mmHg, 0 where it should be empty. The supervisor reads it. */
    public double[] targets() {
        return targetMmHg;
    }

    public int chambers() {
        return frame.chambers();
    }

    public double pumpDuty() {
        return frame.pump();
    }

    public void pumpDuty(double duty) {
        frame.pump(duty);
    }

    /** 0–10, the level the person feels; the motor's output maps it onto its running duties. */
    public double vibrationLevel() {
        return vibrationLevel;
    }

    public void vibrationLevel(double level) {
        this.vibrationLevel = level;
        frame.motor(level / Program.MAX_LEVEL);
    }

    public boolean mainVentOpen() {
        return frame.ventOpen();
    }

    public void mainVentOpen(boolean open) {
        frame.ventOpen(open);
    }

    public boolean inletOpen(int chamber) {
        return frame.inletOpen(chamber);
    }

    public void inletOpen(int chamber, boolean open) {
        frame.inletOpen(chamber, open);
    }

    public boolean exhaustOpen(int chamber) {
        return frame.exhaustOpen(chamber);
    }

    public void exhaustOpen(int chamber, boolean open) {
        frame.exhaustOpen(chamber, open);
    }

    public double targetMmHg(int chamber) {
        return targetMmHg[chamber];
    }

    public void targetMmHg(int chamber, double mmHg) {
        targetMmHg[chamber] = mmHg;
    }
}
