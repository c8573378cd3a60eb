package dev.quietlegs.firmware.control;

/**
 * How late the loop woke after each deadline, as cyclictest measures it (time of wake-up minus the
 * absolute deadline, monotonic clock), in 1 µs buckets up to 100 ms and one overflow bucket.
 * Allocated once; {@link #record} allocates nothing and is called only by the loop thread.
 */
public final class LatenessHistogram {

    static final int BUCKETS = 100_000;

    private final long[] counts = new long[BUCKETS + 1];
    private long total;
    private long maxNanos;
    private volatile boolean recording;

    /** Loop thread only. */
    void record(long lateNanos) {
        if (!recording) {
            return;
        }
        long us = Math.max(0, lateNanos) / 1000;
        counts[(int) Math.min(us, BUCKETS)]++;
        total++;
        if (lateNanos > maxNanos) {
            maxNanos = lateNanos;
        }
    }

    public void start() {
        recording = true;
    }

    public void stop() {
        recording = false;
    }

    public long count() {
        return total;
    }

    public long maxMicros() {
        return maxNanos / 1000;
    }

    /** The smallest lateness in µs that {@code fraction} of the wake-ups did not exceed. */
    public long percentileMicros(double fraction) {
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int us = 0; us <= BUCKETS; us++) {
            seen += counts[us];
            if (seen >= rank && seen > 0) {
                return us;
            }
        }
        return BUCKETS;
    }

    /** Wake-ups later than {@code micros}. */
    public long laterThan(long micros) {
        long n = 0;
        for (int us = (int) Math.min(micros + 1, BUCKETS); us <= BUCKETS; us++) {
            n += counts[us];
        }
        return n;
    }
}
