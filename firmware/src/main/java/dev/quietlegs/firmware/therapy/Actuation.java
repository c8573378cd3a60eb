package dev.quietlegs.firmware.therapy;

import java.util.Arrays;

/**
 * What the therapy asks of the actuators for one tick. A reusable buffer: the control loop owns
 * one and the therapy fills it each tick, so a tick allocates nothing. The safety gate may make it
 * safer before anything reaches a pin.
 */
public final class Actuation {

    private final int chambers;
    private double pumpDuty;
    private double vibrationLevel;
    private boolean mainVentOpen = true;
    private final boolean[] inletOpen;
    private final boolean[] exhaustOpen;
    private final double[] targetMmHg;

    public Actuation(int chambers) {
        this.chambers = chambers;
        this.inletOpen = new boolean[chambers];
        this.exhaustOpen = new boolean[chambers];
        this.targetMmHg = new double[chambers];
        vent();
    }

    /** Pump off, motor off, every path to the room open, no targets. */
    public void vent() {
        pumpDuty = 0;
        vibrationLevel = 0;
        mainVentOpen = true;
        Arrays.fill(inletOpen, false);
        Arrays.fill(exhaustOpen, true);
        Arrays.fill(targetMmHg, 0);
    }

    public int chambers() {
        return chambers;
    }

    public double pumpDuty() {
        return pumpDuty;
    }

    public void pumpDuty(double duty) {
        this.pumpDuty = duty;
    }

    /** 0–10, the level the person feels; the control loop turns it into a motor duty. */
    public double vibrationLevel() {
        return vibrationLevel;
    }

    public void vibrationLevel(double level) {
        this.vibrationLevel = level;
    }

    public boolean mainVentOpen() {
        return mainVentOpen;
    }

    public void mainVentOpen(boolean open) {
        this.mainVentOpen = open;
    }

    public boolean inletOpen(int chamber) {
        return inletOpen[chamber];
    }

    public void inletOpen(int chamber, boolean open) {
        inletOpen[chamber] = open;
    }

    public boolean exhaustOpen(int chamber) {
        return exhaustOpen[chamber];
    }

    public void exhaustOpen(int chamber, boolean open) {
        exhaustOpen[chamber] = open;
    }

    public double targetMmHg(int chamber) {
        return targetMmHg[chamber];
    }

    public void targetMmHg(int chamber, double mmHg) {
        targetMmHg[chamber] = mmHg;
    }
}
