package dev.quietlegs.firmware.service;

import dev.quietlegs.firmware.control.TickObserver;
import dev.quietlegs.firmware.therapy.Actuation;
import dev.quietlegs.firmware.therapy.Session;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.OutputFrame;
import dev.quietlegs.hardware.port.PressureSensors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every sensor as the loop read it (mmHg and volts, each chamber and the manifold) and what the outputs
 * hold, copied after each tick into arrays made once, under a sequence count: the loop never waits
 * and allocates nothing; a reader on another thread retries until it has a whole tick.
 */
final class Monitor implements TickObserver {

    /** One tick's view, for a person. */
    record Readings(long atNanos, double[] mmHg, double[] volts, String outputs) {
    }

    private final PressureSensors sensors;
    private final Board board;
    private final int n;
    private final AtomicInteger sequence = new AtomicInteger();
    private final double[] mmHg;
    private final double[] volts;
    private final OutputFrame written;
    private long at;

    Monitor(Board board) {
        this.board = board;
        this.sensors = board.sensors();
        this.n = sensors.chambers();
        this.mmHg = new double[n + 1];
        this.volts = new double[n + 1];
        this.written = new OutputFrame(n);
        java.util.Arrays.fill(mmHg, Double.NaN);
        java.util.Arrays.fill(volts, Double.NaN);
    }

    @Override
    public void afterTick(long now, Session session, Actuation requested, double[] pressures) {
        sequence.incrementAndGet(); // odd: being written
        at = now;
        for (int i = 0; i < n; i++) {
            mmHg[i] = pressures[i];
            volts[i] = sensors.volts(i);
        }
        mmHg[n] = sensors.readManifoldMmHg();
        volts[n] = sensors.manifoldVolts();
        written.copyFrom(board.written());
        sequence.incrementAndGet(); // even: whole
    }

    /** Waits (at most {@code timeoutMs}) until the loop's first tick was copied: before it every reading is NaN. */
    boolean awaitFirstTick(long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        while (sequence.get() < 2) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** The last whole tick seen, from any thread. */
    Readings read() {
        while (true) {
            int before = sequence.get();
            if ((before & 1) == 0) {
                double[] m = mmHg.clone();
                double[] v = volts.clone();
                String o = written.toString();
                long t = at;
                if (sequence.get() == before) {
                    return new Readings(t, m, v, o);
                }
            }
            Thread.onSpinWait();
        }
    }
}
