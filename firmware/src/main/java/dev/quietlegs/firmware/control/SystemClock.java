package dev.quietlegs.firmware.control;

import java.util.concurrent.locks.LockSupport;

/**
 * The real clock. Sleeps with {@link LockSupport#parkNanos} to an absolute deadline: it neither
 * allocates nor rounds to milliseconds, and a late wake-up does not shift later deadlines.
 */
public final class SystemClock implements Clock {

    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public void sleepUntil(long deadline) throws InterruptedException {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
