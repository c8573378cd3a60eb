package dev.quietlegs.firmware.control;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events from the loop to whoever listens, bounded: the loop never waits for a slow reader; when
 * the queue is full the event is dropped and counted.
 */
public final class EventQueue {

    private final BlockingQueue<Event> queue;
    private final AtomicLong dropped = new AtomicLong();

    public EventQueue(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called by the loop; never blocks. */
    public void offer(Event e) {
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    public Event poll() {
        return queue.poll();
    }

    public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    public long dropped() {
        return dropped.get();
    }
}
