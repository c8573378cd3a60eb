package dev.quietlegs.firmware.control;

/**
 * Simulated time: it stands still until the one thread that drives it moves it on, so a
 * 20-minute session runs as fast as the CPU allows and the same way every time.
 */
public final class VirtualClock implements Clock {

    private volatile long now;

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public void sleepUntil(long deadline) {
        if (deadline > now) {
            now = deadline;
        }
    }

    public void advance(long nanos) {
        now += nanos;
    }

    public double seconds() {
        return now / 1e9;
    }
}
