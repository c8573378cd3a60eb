package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import static dev.quietlegs.firmware.control.BoardAssert.assertSafe;

import dev.quietlegs.firmware.therapy.Actuation;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.Output;
import dev.quietlegs.hardware.sim.PlantParameters;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The watchdog: a loop that stops beating is tripped {@link FaultCode#LOOP_STALL} and every output
 * driven safe, once per stall, from outside the loop and waiting on no lock; and its own thread.
 */
class WatchdogTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final List<String> NAMES = List.of("ankle", "calf", "thigh");
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final AtomicLong clock = new AtomicLong();
    private final SimulatedBoard sim = new SimulatedBoard(PlantParameters.legCuff(3), clock::get);
    private final CountingBoard board = new CountingBoard(sim);
    private final Supervisor supervisor = new Supervisor(board, limits(0.25), NAMES);
    private final Watchdog dog = new Watchdog(supervisor);

    private static Limits limits(double watchdogS) {
        return new Limits(60, 10, 90, 75 * 60, watchdogS);
    }

    /** The loop's last frame: the ankle being filled. */
    private void filling() {
        Actuation fill = new Actuation(3);
        fill.pumpDuty(1);
        fill.mainVentOpen(false);
        fill.inletOpen(0, true);
        fill.exhaustOpen(0, false);
        fill.targetMmHg(0, 40);
        assertThat(supervisor.actuate(fill.frame(), fill.targets(), new double[] {10, 0, 0}, 20, clock.get())).isTrue();
        assertThat(sim.written().isSafe()).isFalse();
    }

    @Test
    void itsLimitIsTheConfiguredWatchdogTime() {
        assertThat(dog.limitNanos()).isEqualTo(250 * MS);
        assertThat(new Watchdog(new Supervisor(board, limits(0.02), NAMES)).limitNanos()).isEqualTo(20 * MS);
    }

    @Test
    void aLoopThatHasNeverBeatenIsNotStalled() {
        dog.check(1_000 * S);
        assertThat(supervisor.latched()).isNull();
        assertThat(board.forced()).isZero();
    }

    @Test
    void itTripsJustAfterTheLimitSinceTheLastBeatAndDrivesEveryOutputSafe() {
        filling();
        dog.beat(7 * S);
        dog.check(7 * S + 250 * MS);
        assertThat(supervisor.latched()).as("exactly the limit: not yet").isNull();
        assertThat(board.forced()).isZero();
        dog.check(7 * S + 250 * MS + 1);
        assertThat(supervisor.latched()).isEqualTo(new Fault(FaultCode.LOOP_STALL,
                "the control loop stopped for 0.25 s: the watchdog vented the cuff", -1, 7 * S + 250 * MS + 1));
        assertThat(board.forced()).isOne();
        assertSafe(sim);
    }

    @Test
    void theMessageSaysHowLongTheLoopHasBeenStopped() {
        dog.beat(7 * S);
        dog.check(7 * S + 300 * MS);
        assertThat(supervisor.latched().message())
                .isEqualTo("the control loop stopped for 0.30 s: the watchdog vented the cuff");
    }

    @Test
    void itDrivesTheSafeStateOncePerStallAndAgainForTheNextStall() {
        filling();
        dog.beat(0);
        dog.check(300 * MS);
        dog.check(400 * MS);
        dog.check(500 * MS);
        assertThat(board.forced()).as("once for this stall").isOne();

        dog.beat(S); // the loop is back
        dog.check(S + 100 * MS);
        assertThat(board.forced()).isOne();
        assertThat(supervisor.clear(new double[] {0, 0, 0}, 0)).isNull();
        dog.check(S + 300 * MS); // and stalls again
        assertThat(board.forced()).isEqualTo(2);
        assertThat(supervisor.latched()).isEqualTo(new Fault(FaultCode.LOOP_STALL,
                "the control loop stopped for 0.30 s: the watchdog vented the cuff", -1, S + 300 * MS));
    }

    @Test
    void aStallWhileAnotherFaultIsLatchedStillDrivesTheSafeStateAndKeepsTheFirstFault() {
        filling(); // the loop latched a fault and stalled before it could write the safe frame
        supervisor.trip(FaultCode.OVERPRESSURE, 0, 0, 71);
        dog.beat(0);
        dog.check(300 * MS);
        assertSafe(sim);
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.OVERPRESSURE);
    }

    @Test
    void aCheckWaitsOnNoLockTheLoopOrItsOwnStartAndStopCouldHold() throws InterruptedException {
        filling();
        dog.beat(0);
        Thread checker = new Thread(() -> dog.check(S), "checker");
        synchronized (supervisor) { // clear() holds this
            synchronized (dog) { // start() and stop() hold this
                checker.start();
                checker.join(PATIENCE.toMillis());
                assertThat(checker.isAlive()).isFalse();
            }
        }
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.LOOP_STALL);
        assertSafe(sim);
    }

    // ---- its own thread ----

    /** The system clock as the watchdog's thread sees it: the test moves it, and notes who reads it. */
    private final class WatchedClock implements LongSupplier {
        final Set<Thread> readers = ConcurrentHashMap.newKeySet();

        @Override
        public long getAsLong() {
            readers.add(Thread.currentThread());
            return clock.get();
        }

        Thread reader() {
            await().atMost(PATIENCE).until(() -> !readers.isEmpty());
            return readers.iterator().next();
        }
    }

    @Test
    void startedItChecksOnItsOwnDaemonThreadAtTheHighestPriorityAndVentsAStall() {
        WatchedClock c = new WatchedClock();
        filling();
        dog.beat(0);
        dog.start(c);
        try {
            Thread t = c.reader();
            assertThat(t).isNotSameAs(Thread.currentThread());
            assertThat(t.getName()).isEqualTo("watchdog");
            assertThat(t.isDaemon()).as("it never keeps the process alive").isTrue();
            assertThat(t.getPriority()).isEqualTo(Thread.MAX_PRIORITY);
            assertThat(supervisor.latched()).isNull();

            clock.set(S); // no beat for 1 s
            await().atMost(PATIENCE).until(() -> board.forced() == 1);
            assertThat(supervisor.latched().code()).isEqualTo(FaultCode.LOOP_STALL);
            assertSafe(sim);
            assertThat(c.readers).containsExactly(t);
        } finally {
            dog.stop();
        }
    }

    @Test
    void betweenChecksItsThreadSleepsAndStoppedItEndsAtOnceEvenInALongPeriod() {
        Watchdog slow = new Watchdog(new Supervisor(board, limits(2), NAMES)); // the longest: a check every 0.5 s
        WatchedClock c = new WatchedClock();
        slow.beat(0);
        slow.start(c);
        Thread t = c.reader();
        await("parked until the next check, not spinning").atMost(PATIENCE)
                .until(() -> t.getState() == Thread.State.TIMED_WAITING);
        slow.start(c); // already running: nothing more
        slow.stop();
        await().atMost(PATIENCE).until(() -> !t.isAlive());
        assertThat(c.readers).containsExactly(t);
        slow.stop(); // stopped already: nothing to do
    }

    @Test
    void stoppingAWatchdogNeverStartedDoesNothing() {
        dog.stop();
        dog.beat(0);
        dog.check(S);
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.LOOP_STALL);
    }

    /** A board that counts how often every output was forced safe (from any thread). */
    private static final class CountingBoard extends ForwardingBoard {
        private final AtomicInteger forced = new AtomicInteger();

        CountingBoard(Board board) {
            super(board);
        }

        int forced() {
            return forced.get();
        }

        @Override
        public List<Output> forceSafe() {
            List<Output> failed = super.forceSafe();
            forced.incrementAndGet();
            return failed;
        }
    }
}
