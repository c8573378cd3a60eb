package dev.quietlegs.firmware.safety;

/**
 * Watches the control loop from outside it. The loop beats once a tick; if no beat comes for
 * {@link Limits#watchdogS()}, the watchdog trips {@link FaultCode#LOOP_STALL} and drives every
 * output to the safe state from its own thread, once per stall, waiting on no lock the loop could
 * hold (the loop may be stuck inside a driver's write). On the unit a thread calls {@link #check} a
 * few times per limit; a simulation calls it in virtual time. Behind it stand the hardware dead-man
 * (the loop's heartbeat stops with it) and systemd's watchdog.
 */
public final class Watchdog {

    private final Supervisor supervisor;
    private final long limitNanos;
    private volatile long lastBeat = Long.MIN_VALUE;
    private volatile boolean vented;
    private volatile Thread thread;

    public Watchdog(Supervisor supervisor) {
        this.supervisor = supervisor;
        this.limitNanos = (long) (supervisor.limits().watchdogS() * 1e9);
    }

    /** The loop is alive at {@code now}. */
    public void beat(long now) {
        lastBeat = now;
        vented = false;
    }

    /** Trips when the last beat is older than the limit. Any thread. */
    public void check(long now) {
        long beat = lastBeat;
        if (beat != Long.MIN_VALUE && now - beat > limitNanos) {
            supervisor.trip(FaultCode.LOOP_STALL, -1, now, (now - beat) * 1e-9);
            if (!vented) {
                vented = true;
                supervisor.ventNow();
            }
        }
    }

    public long limitNanos() {
        return limitNanos;
    }

    /** Checks on its own thread, on the system clock, until {@link #stop}. */
    public synchronized void start(java.util.function.LongSupplier clock) {
        if (thread != null) {
            return;
        }
        long period = Math.max(1_000_000L, limitNanos / 4);
        Thread t = new Thread(() -> {
            while (thread == Thread.currentThread()) {
                check(clock.getAsLong());
                java.util.concurrent.locks.LockSupport.parkNanos(period);
            }
        }, "watchdog");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        thread = t;
        t.start();
    }

    public synchronized void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
        }
    }
}
