package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.control.TickObserver;
import dev.quietlegs.firmware.therapy.Actuation;
import dev.quietlegs.firmware.therapy.Compression;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.therapy.Session;
import dev.quietlegs.firmware.therapy.Step;
import dev.quietlegs.hardware.sim.Plant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Watches a simulated session tick by tick, on the plant's true pressures, and keeps the figures. */
final class Recorder implements TickObserver {

    /** A chamber has reached its target when it is within this of it. */
    static final double REACH_TOLERANCE_MMHG = 1.0;

    private final Plant plant;
    private final List<String> names;
    private final int[] order;
    private final int n;
    private final Step[] previous;
    private final double[] peak;
    private final double[] overshoot;
    private final double[] maeSum;
    private final long[] maeCount;
    private final int[] cycles;
    private final int[] reached;
    private final boolean[] reachedThisCycle;
    private final double[] inflateStart;
    private final double[] reachAt;
    private final double[] reachSum;
    private final double[] reachMax;
    private final List<Summary.VibrationSample> vibration = new ArrayList<>();
    private double nextVibrationSample;
    private int completedCycles;
    private int orderViolations;
    private final Writer csv;
    private final int csvEvery;
    private long ticks;

    Recorder(Plant plant, List<String> names, Program program, Writer csv, int csvEvery) {
        this.plant = plant;
        this.names = names;
        this.n = names.size();
        this.order = program.compression().map(Compression::chambers).orElse(new int[0]);
        this.previous = new Step[n];
        java.util.Arrays.fill(previous, Step.REST);
        this.peak = new double[n];
        this.overshoot = new double[n];
        java.util.Arrays.fill(overshoot, Double.NEGATIVE_INFINITY);
        this.maeSum = new double[n];
        this.maeCount = new long[n];
        this.cycles = new int[n];
        this.reached = new int[n];
        this.reachedThisCycle = new boolean[n];
        this.inflateStart = new double[n];
        this.reachAt = new double[n];
        this.reachSum = new double[n];
        this.reachMax = new double[n];
        this.csv = csv;
        this.csvEvery = Math.max(1, csvEvery);
        if (csv != null) {
            header();
        }
    }

    @Override
    public void afterTick(long now, Session session, Actuation a, double[] measured) {
        double t = now / 1e9;
        for (int ch = 0; ch < n; ch++) {
            double p = plant.chamberMmHg(ch);
            Step step = session.stepOf(ch);
            double target = a.targetMmHg(ch);
            peak[ch] = Math.max(peak[ch], p);
            if (step == Step.INFLATE && previous[ch] != Step.INFLATE) {
                cycles[ch]++;
                inflateStart[ch] = t;
                reachedThisCycle[ch] = false;
                reachAt[ch] = Double.NaN;
            }
            if (step.pressurised()) {
                overshoot[ch] = Math.max(overshoot[ch], p - target);
                if (!reachedThisCycle[ch] && p >= target - REACH_TOLERANCE_MMHG) {
                    reachedThisCycle[ch] = true;
                    reached[ch]++;
                    reachAt[ch] = t;
                    double took = t - inflateStart[ch];
                    reachSum[ch] += took;
                    reachMax[ch] = Math.max(reachMax[ch], took);
                }
                if (step == Step.HOLD && reachedThisCycle[ch]) {
                    maeSum[ch] += Math.abs(p - target);
                    maeCount[ch]++;
                }
            } else if (previous[ch].pressurised() && order.length > 0 && ch == order[order.length - 1]) {
                cycleEnded();
            }
            previous[ch] = step;
        }
        double elapsed = session.elapsedS();
        if (session.phase().delivering() && elapsed >= nextVibrationSample) {
            vibration.add(new Summary.VibrationSample(nextVibrationSample, session.vibrationNow()));
            nextVibrationSample += 60;
        }
        if (csv != null && ticks % csvEvery == 0) {
            row(t, session, a);
        }
        ticks++;
    }

    private void cycleEnded() {
        completedCycles++;
        for (int pos = 1; pos < order.length; pos++) {
            double below = reachAt[order[pos - 1]];
            double here = reachAt[order[pos]];
            if (Double.isNaN(below) || Double.isNaN(here) || here < below) {
                orderViolations++;
                return;
            }
        }
    }

    /** A last sample at the session's end, so the taper is seen to reach zero. */
    void finish(double elapsedS, double level) {
        vibration.add(new Summary.VibrationSample(elapsedS, level));
    }

    int completedCycles() {
        return completedCycles;
    }

    int orderViolations() {
        return orderViolations;
    }

    List<Summary.VibrationSample> vibration() {
        return List.copyOf(vibration);
    }

    List<ChamberStats> chamberStats() {
        List<ChamberStats> out = new ArrayList<>();
        for (int ch = 0; ch < n; ch++) {
            out.add(new ChamberStats(names.get(ch), cycles[ch], reached[ch], peak[ch],
                    cycles[ch] == 0 ? 0 : overshoot[ch],
                    maeCount[ch] == 0 ? 0 : maeSum[ch] / maeCount[ch],
                    reached[ch] == 0 ? 0 : reachSum[ch] / reached[ch], reachMax[ch]));
        }
        return out;
    }

    private void header() {
        StringBuilder sb = new StringBuilder("t_s,phase");
        for (String name : names) {
            sb.append(",p_").append(name).append(",target_").append(name)
                    .append(",inlet_").append(name).append(",exhaust_").append(name);
        }
        sb.append(",manifold_mmhg,pump_duty,main_vent,vibration_level,motor_speed\n");
        write(sb);
    }

    private void row(double t, Session s, Actuation a) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(String.format(Locale.ROOT, "%.2f,%s", t, s.phase().wire()));
        for (int ch = 0; ch < n; ch++) {
            sb.append(String.format(Locale.ROOT, ",%.2f,%.1f,%d,%d", plant.chamberMmHg(ch), a.targetMmHg(ch),
                    a.inletOpen(ch) ? 1 : 0, a.exhaustOpen(ch) ? 1 : 0));
        }
        sb.append(String.format(Locale.ROOT, ",%.2f,%.3f,%d,%.2f,%.3f%n", plant.manifoldMmHg(),
                plant.effectivePumpDuty(), a.mainVentOpen() ? 1 : 0, s.vibrationNow(), plant.motorSpeed()));
        write(sb);
    }

    private void write(CharSequence cs) {
        try {
            csv.append(cs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
