package dev.quietlegs.firmware.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    private static Event.CommandResult event(long n) {
        return new Event.CommandResult(n, Command.of(Command.Kind.STOP, "test"), null);
    }

    @Test
    void eventsComeOutInOrderAndAFullQueueDropsAndCounts() {
        EventQueue q = new EventQueue(4);
        for (long i = 0; i < 6; i++) {
            q.offer(event(i));
        }
        assertThat(q.dropped()).isEqualTo(2);
        List<Long> out = new ArrayList<>();
        Event e;
        while ((e = q.poll()) != null) {
            out.add(e.atNanos());
        }
        assertThat(out).containsExactly(0L, 1L, 2L, 3L);
        q.offer(event(9)); // room again after reading
        assertThat(q.poll().atNanos()).isEqualTo(9);
    }

    @Test
    void offeringAllocatesNothing() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        EventQueue q = new EventQueue(64);
        Event e = event(1);
        for (int warm = 0; warm < 20_000; warm++) {
            q.offer(e);
            q.poll();
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 1000; i++) {
            q.offer(e);
            q.poll();
        }
        assertThat(mx.getCurrentThreadAllocatedBytes() - before).isZero();
    }

    @Test
    void manyProducersOneReaderLoseNothingButWhatWasDroppedAndKeepEachProducersOrder() throws Exception {
        EventQueue q = new EventQueue(256);
        int producers = 4;
        int each = 50_000;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            Thread t = new Thread(() -> {
                for (long i = 0; i < each; i++) {
                    q.offer(event(base | i));
                }
            });
            threads.add(t);
            t.start();
        }
        long[] last = new long[producers];
        java.util.Arrays.fill(last, -1);
        long received = 0;
        boolean done = false;
        while (!done) {
            done = threads.stream().noneMatch(Thread::isAlive);
            Event e;
            while ((e = q.poll(10, TimeUnit.MILLISECONDS)) != null) {
                int p = (int) (e.atNanos() >>> 32);
                long i = e.atNanos() & 0xffffffffL;
                assertThat(i).as("producer %d's order", p).isGreaterThan(last[p]);
                last[p] = i;
                received++;
            }
        }
        assertThat(received + q.dropped()).isEqualTo((long) producers * each);
        assertThat(received).isPositive();
    }

    @Test
    void aWaitingReaderWakesWhenAnEventArrivesAndOtherwiseTimesOut() throws Exception {
        EventQueue q = new EventQueue(8);
        assertThat(q.poll(20, TimeUnit.MILLISECONDS)).isNull();
        Thread producer = new Thread(() -> {
            LockSupport.parkNanos(50_000_000L); // a little after the reader has started to wait
            q.offer(event(7));
        });
        producer.start();
        long start = System.nanoTime();
        Event e = q.poll(30, TimeUnit.SECONDS);
        assertThat(e.atNanos()).isEqualTo(7);
        assertThat(System.nanoTime() - start).as("woken, not timed out").isLessThan(TimeUnit.SECONDS.toNanos(20));
        producer.join();
    }
}
