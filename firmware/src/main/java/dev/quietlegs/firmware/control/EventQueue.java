package dev.quietlegs.firmware.control;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Events from the loop to one reader, bounded and lock-free: a producer never waits and never
 * allocates (a full queue drops the event and counts it), so the real-time loop cannot be held up
 * by a reader, nor blocked on a lock that a preempted thread holds (priority inversion). Any
 * thread may offer; exactly one thread may poll.
 */
public final class EventQueue {

    private final AtomicReferenceArray<Event> slots;
    private final int mask;
    /** The next sequence a producer claims. */
    private final AtomicLong tail = new AtomicLong();
    /** The next sequence the reader takes; written by the reader only. */
    private volatile long head;
    private final AtomicLong dropped = new AtomicLong();
    /** The reader, while it is parked waiting for an event. */
    private volatile Thread parked;

    /** @param capacity rounded up to a power of two */
    public EventQueue(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** From any thread; never blocks, never allocates. */
    public void offer(Event e) {
        long t;
        do {
            t = tail.get();
            if (t - head >= slots.length()) {
                dropped.incrementAndGet();
                return;
            }
        } while (!tail.compareAndSet(t, t + 1));
        slots.set((int) t & mask, e);
        Thread reader = parked;
        if (reader != null) {
            LockSupport.unpark(reader);
        }
    }

    /** The next event, or null when there is none (yet). The reader's thread only. */
    public Event poll() {
        long h = head;
        int i = (int) h & mask;
        Event e = slots.get(i);
        if (e == null) {
            return null; // empty, or the producer of this slot has not written it yet
        }
        slots.set(i, null); // free the slot before a producer may claim it again
        head = h + 1;
        return e;
    }

    /** The next event, waiting up to {@code timeout} for one. The reader's thread only. */
    public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            Event e = poll();
            if (e != null) {
                return e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            parked = Thread.currentThread();
            try {
                e = poll(); // an event offered before the producer could see us parked
                if (e != null) {
                    return e;
                }
                LockSupport.parkNanos(this, left);
            } finally {
                parked = null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }
}
