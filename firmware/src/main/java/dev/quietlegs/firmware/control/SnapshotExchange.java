package dev.quietlegs.firmware.control;

import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.therapy.Phase;
import java.util.concurrent.locks.StampedLock;

/**
 * Hands the loop's state to readers without the loop ever waiting or allocating: the loop writes
 * into fixed buffers under a {@link StampedLock} write stamp it only tries for; readers copy the
 * buffers out with optimistic reads and retry if a write came in between (a seqlock).
 */
final class SnapshotExchange {

    private final StampedLock lock = new StampedLock();
    private final double[] pressure;
    private final double[] target;
    private long tick;
    private long atNanos;
    private Phase phase = Phase.IDLE;
    private String program;
    private double elapsedS;
    private double remainingS;
    private double vibrationLevel;
    private int vibrationSetting;
    private int intensity;
    private double pumpDuty;
    private double motorDuty;
    private long cycle;
    private Fault fault;

    SnapshotExchange(int chambers) {
        pressure = new double[chambers];
        target = new double[chambers];
    }

    /** Loop thread only. Skips this publication rather than wait. */
    boolean tryPublish(long tick, long atNanos, Phase phase, String program, double elapsedS, double remainingS,
                       double vibrationLevel, int vibrationSetting, int intensity, double[] pressures,
                       double[] targets, double pumpDuty, double motorDuty, long cycle, Fault fault) {
        long stamp = lock.tryWriteLock();
        if (stamp == 0) {
            return false;
        }
        try {
            this.tick = tick;
            this.atNanos = atNanos;
            this.phase = phase;
            this.program = program;
            this.elapsedS = elapsedS;
            this.remainingS = remainingS;
            this.vibrationLevel = vibrationLevel;
            this.vibrationSetting = vibrationSetting;
            this.intensity = intensity;
            System.arraycopy(pressures, 0, pressure, 0, pressure.length);
            System.arraycopy(targets, 0, target, 0, target.length);
            this.pumpDuty = pumpDuty;
            this.motorDuty = motorDuty;
            this.cycle = cycle;
            this.fault = fault;
        } finally {
            lock.unlockWrite(stamp);
        }
        return true;
    }

    /** Any thread. */
    Snapshot read() {
        double[] p = new double[pressure.length];
        double[] t = new double[target.length];
        for (int attempt = 0; ; attempt++) {
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0) {
                System.arraycopy(pressure, 0, p, 0, p.length);
                System.arraycopy(target, 0, t, 0, t.length);
                Snapshot s = new Snapshot(tick, atNanos, phase, program, elapsedS, remainingS, vibrationLevel,
                        vibrationSetting, intensity, p, t, pumpDuty, motorDuty, cycle, fault);
                if (lock.validate(stamp)) {
                    return s;
                }
            }
            if (attempt > 100) {
                Thread.onSpinWait();
            }
        }
    }
}
