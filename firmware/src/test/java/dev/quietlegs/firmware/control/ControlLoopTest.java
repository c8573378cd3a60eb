package dev.quietlegs.firmware.control;

import static dev.quietlegs.firmware.control.BoardAssert.assertSafe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.port.StatusLight;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlLoopTest {

    private final UnitConfig unit = ShippedConfig.unit();
    private final ProgramCatalog catalog = ShippedConfig.programs(unit);
    private final VirtualClock clock = new VirtualClock();
    private final SimulatedBoard board = new SimulatedBoard(unit.plant(), clock::nanos);
    private final EventQueue events = new EventQueue(1024);
    private final List<Event> seen = new ArrayList<>();

    private ControlLoop loop() {
        return new ControlLoop(unit, board, clock, catalog, events);
    }

    private void run(ControlLoop loop, double seconds) {
        long ticks = Math.round(seconds * unit.loopRateHz());
        for (long i = 0; i < ticks; i++) {
            clock.advance(loop.periodNanos());
            loop.tick();
            Event e;
            while ((e = events.poll()) != null) {
                seen.add(e);
            }
        }
    }


    private List<Event.CommandResult> results() {
        return seen.stream().filter(e -> e instanceof Event.CommandResult).map(e -> (Event.CommandResult) e).toList();
    }

    @Test
    void theSafeStateIsAppliedAtStartUpBeforeAnythingElseMoves() {
        // Whatever the outputs were left in, the loop's construction makes them safe.
        board.write(new dev.quietlegs.hardware.port.OutputFrame(3).pump(1).motor(1).ventOpen(false).inletOpen(1, true)
                .exhaustOpen(1, false));
        loop();
        assertSafe(board);
    }

    @Test
    void aStartCommandRunsASessionAndEveryCommandIsAnswered() {
        ControlLoop loop = loop();
        assertThat(loop.submit(Command.start("evening", "test"))).isTrue();
        run(loop, 85); // the self-test (~12 s), then past the one-minute ramp-up
        Snapshot s = loop.snapshot();
        assertThat(s.phase()).isEqualTo(Phase.RUNNING);
        assertThat(s.program()).isEqualTo("evening");
        assertThat(s.remainingS()).isBetween(1125.0, 1135.0);
        assertThat(results()).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
        assertThat(seen).filteredOn(e -> e instanceof Event.PhaseChange).extracting(e -> ((Event.PhaseChange) e).to())
                .containsExactly(Phase.STARTING, Phase.RUNNING);
        assertThat(seen).filteredOn(e -> e instanceof Event.PhaseChange).extracting(e -> ((Event.PhaseChange) e).why())
                .contains("self-test passed, therapy begins");

        loop.submit(Command.level(Command.Kind.VIBRATION, 3, "test"));
        run(loop, 0.05);
        assertThat(loop.snapshot().vibrationSetting()).isEqualTo(3);
        assertThat(board.motorDuty()).isCloseTo(unit.motorMinDuty() + (1 - unit.motorMinDuty()) * 0.3,
                org.assertj.core.api.Assertions.within(1e-9));

        loop.submit(Command.of(Command.Kind.STOP, "test"));
        run(loop, 5);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.IDLE);
        assertSafe(board);
    }

    @Test
    void answeringCommandsAllocatesNothingOnTheLoop() {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        ControlLoop loop = loop();
        loop.submit(Command.start("evening", "test"));
        run(loop, 30);
        long allocated = 0;
        long answered = 0;
        for (int round = 0; round < 40; round++) { // the first rounds warm the code up
            for (int i = 0; i < 20; i++) {
                loop.submit(Command.level(Command.Kind.VIBRATION, 1 + (round + i) % 10, "test")); // the sender allocates
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int t = 0; t < 10; t++) {
                clock.advance(loop.periodNanos());
                loop.tick();
            }
            long bytes = mx.getCurrentThreadAllocatedBytes() - before;
            Event e;
            while ((e = events.poll()) != null) {
                answered += e instanceof Event.CommandResult r && r.ok() ? 1 : 0;
            }
            if (round >= 20) {
                allocated += bytes;
            }
        }
        assertThat(answered).isEqualTo(800);
        assertThat(allocated).as("bytes allocated by 200 ticks answering 400 commands").isZero();
    }

    @Test
    void pulsingTheStatusLightAllocatesNothingOnTheLoop() {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        ControlLoop loop = loop();
        loop.pulse(1_500_000_000L, 600_000_000_000L);
        run(loop, 5); // warms the code up, every step of the pulse shown at least once
        long before = mx.getCurrentThreadAllocatedBytes();
        double lowest = 1;
        double highest = 0;
        for (int t = 0; t < 1000; t++) {
            clock.advance(loop.periodNanos());
            loop.tick();
            lowest = Math.min(lowest, board.lightBrightness());
            highest = Math.max(highest, board.lightBrightness());
        }
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(highest).isGreaterThan(0.2);
        assertThat(lowest).isLessThan(0.05);
        assertThat(bytes).as("bytes allocated by 1000 ticks of a pulsing light").isZero();
    }

    @Test
    void aRefusedCommandIsAnsweredWithTheReasonAndChangesNothing() {
        ControlLoop loop = loop();
        loop.submit(Command.start("evening", "test"));
        run(loop, 30);
        Snapshot before = loop.snapshot();
        loop.submit(Command.start("morning", "test"));
        loop.submit(Command.start("evening", "test"));
        loop.submit(Command.level(Command.Kind.INTENSITY, 42, "test"));
        loop.submit(Command.of(Command.Kind.RESUME, "test"));
        run(loop, 0.01);
        Snapshot after = loop.snapshot();
        assertThat(results()).extracting(Event.CommandResult::error).containsExactly(null,
                "unknown program 'morning' (known: compression, evening, repeat, rls-trial, vibration)",
                "a session is already running", "level 42 is outside 1 to 10", "not paused (running)");
        assertThat(after.phase()).isEqualTo(before.phase());
        assertThat(after.program()).isEqualTo(before.program());
        assertThat(after.intensity()).isEqualTo(before.intensity());
        assertThat(after.elapsedS()).isCloseTo(before.elapsedS() + 0.01, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void aFloodOfCommandsIsBoundedAndTheExcessRefusedWithoutBlocking() {
        ControlLoop loop = loop();
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (loop.submit(Command.level(Command.Kind.VIBRATION, 5, "flood"))) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(ControlLoop.COMMAND_CAPACITY);
        run(loop, 0.01);
        assertThat(results()).filteredOn(r -> r.error() != null && r.error().startsWith("busy")).hasSize(1000 - accepted);
        assertThat(results()).hasSize(1000);
    }

    @Test
    void theBedsideButtonStartsTheDefaultProgramAndStopsIt() {
        ControlLoop loop = loop();
        board.press(Button.START_STOP);
        run(loop, 20);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.RUNNING);
        assertThat(loop.snapshot().program()).isEqualTo("evening");
        assertThat(board.lightSignal()).isEqualTo(StatusLight.Signal.ACTIVE);
        assertThat(board.lightBrightness()).isLessThan(0.1);
        board.press(Button.START_STOP);
        run(loop, 5);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.IDLE);
        assertThat(board.lightSignal()).isEqualTo(StatusLight.Signal.READY);
    }

    @Test
    void theEmergencyStopVentsLatchesAFaultAndOnlyClearFaultLeavesIt() {
        ControlLoop loop = loop();
        loop.submit(Command.start(null, "test"));
        run(loop, 18);
        assertThat(board.plant().chamberMmHg(0)).isGreaterThan(15);
        board.press(Button.EMERGENCY_STOP);
        run(loop, 0.02);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.FAULT);
        assertThat(loop.snapshot().fault().code()).isEqualTo(FaultCode.EMERGENCY_STOP);
        BoardAssert.assertVenting(board);
        assertThat(board.lightSignal()).isEqualTo(StatusLight.Signal.FAULT);
        assertThat(seen).anySatisfy(e -> assertThat(e).isInstanceOf(Event.FaultRaised.class));
        run(loop, 3);
        assertThat(board.plant().chamberMmHg(0)).isLessThan(15);

        loop.submit(Command.start(null, "test"));
        run(loop, 1);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.FAULT);
        loop.submit(Command.of(Command.Kind.CLEAR_FAULT, "test"));
        run(loop, 0.01);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.IDLE);
        assertThat(loop.snapshot().fault()).isNull();
    }

    @Test
    void anUnreadableSensorLatchesAFaultAndTheCuffVents() {
        ControlLoop loop = loop();
        loop.submit(Command.start(null, "test"));
        run(loop, 20);
        board.disconnectSensor(1);
        run(loop, 3);
        assertThat(loop.snapshot().fault().code()).isEqualTo(FaultCode.SENSOR_UNREADABLE);
        assertSafe(board);
        for (int i = 0; i < unit.chambers(); i++) {
            assertThat(board.plant().chamberMmHg(i)).isLessThan(15);
        }
        loop.submit(Command.of(Command.Kind.CLEAR_FAULT, "test"));
        run(loop, 0.01);
        assertThat(results()).last().satisfies(r -> assertThat(r.error()).contains("calf chamber still cannot be read"));
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.FAULT);
    }

    @Test
    void onTheRealClockTheLoopTicksOnItsOwnThreadAndLeavesTheOutputsSafeWhenStopped() throws Exception {
        SimulatedBoard realTime = new SimulatedBoard(unit.plant(), SystemClock.INSTANCE::nanos);
        ControlLoop loop = new ControlLoop(unit, realTime, SystemClock.INSTANCE, catalog, events);
        loop.start();
        loop.submit(Command.start(null, "test"));
        // the self-test fills the ankle first: air moves in real time
        await().atMost(Duration.ofSeconds(30)).until(() -> realTime.plant().chamberMmHg(0) >= 5);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.STARTING);
        assertThat(realTime.plant().chamberMmHg(0)).isGreaterThanOrEqualTo(5);
        assertThat(loop.ticks()).isGreaterThan(10);
        loop.stop();
        long ticks = loop.ticks();
        await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> loop.ticks() == ticks);
        assertSafe(realTime);
    }

    @Test
    void aHungLoopIsVentedByTheWatchdogFromItsOwnThread() throws Exception {
        SimulatedBoard realTime = new SimulatedBoard(unit.plant(), SystemClock.INSTANCE::nanos);
        ControlLoop loop = new ControlLoop(unit, realTime, SystemClock.INSTANCE, catalog, events);
        java.util.concurrent.CountDownLatch hung = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        loop.observe((now, session, requested, pressures) -> {
            if (session.phase() == Phase.STARTING && realTime.pumpDuty() > 0 && hung.getCount() > 0) {
                hung.countDown();
                try {
                    release.await(); // the loop thread hangs here, with the pump running
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        loop.start();
        try {
            loop.submit(Command.start(null, "test"));
            assertThat(hung.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> realTime.pumpDuty() == 0);
            // the loop is still hung, yet the outputs are safe
            assertSafe(realTime);
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> loop.snapshot().phase() == Phase.FAULT);
            assertThat(loop.snapshot().fault().code()).isEqualTo(FaultCode.LOOP_STALL);
        } finally {
            release.countDown();
            loop.stop();
        }
    }

    @Test
    void aTickThatThrowsLatchesASoftwareErrorVentsAndTheLoopGoesOn() {
        ControlLoop loop = loop();
        loop.submit(Command.start(null, "test"));
        run(loop, 18);
        assertThat(board.plant().chamberMmHg(0)).isGreaterThan(15);
        boolean[] thrown = {false};
        loop.observe((now, session, requested, pressures) -> {
            if (!thrown[0]) {
                thrown[0] = true;
                throw new IllegalStateException("a bug in the therapy");
            }
        });
        run(loop, 0.01);
        assertThat(loop.lastError()).hasMessage("a bug in the therapy");
        BoardAssert.assertVenting(board);
        long ticks = loop.ticks();
        run(loop, 3);
        assertThat(loop.ticks()).as("the loop went on").isEqualTo(ticks + 300);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.FAULT);
        assertThat(loop.snapshot().fault().code()).isEqualTo(FaultCode.SOFTWARE_ERROR);
        assertThat(loop.snapshot().fault().message()).contains("IllegalStateException");
        assertThat(board.plant().chamberMmHg(0)).isLessThan(15);
        // With the fault latched and the cuff empty, the heartbeat stops: the dead-man holds the supply off.
        assertThat(board.deadmanTripped()).isTrue();
        loop.submit(Command.of(Command.Kind.CLEAR_FAULT, "test"));
        run(loop, 0.05);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.IDLE);
        assertThat(board.deadmanTripped()).as("cleared: the heartbeat and the supply are back").isFalse();
    }

    @Test
    void aTickThatAlwaysThrowsStopsTheHeartbeatSoTheDeadManCutsTheSupply() {
        ControlLoop loop = loop();
        loop.submit(Command.start(null, "test"));
        run(loop, 18);
        loop.observe((now, session, requested, pressures) -> {
            throw new IllegalStateException("broken for good");
        });
        run(loop, 0.5);
        assertThat(loop.snapshot().fault().code()).isEqualTo(FaultCode.SOFTWARE_ERROR);
        assertThat(board.deadmanTripped()).isTrue();
        run(loop, 2);
        for (int i = 0; i < 3; i++) {
            assertThat(board.plant().chamberMmHg(i)).isLessThan(15);
        }
    }

    @Test
    void theWatchdogTripsAndVentsWhileTheLoopsThreadIsStuckInAPinWrite() throws Exception {
        SimulatedBoard realTime = new SimulatedBoard(unit.plant(), SystemClock.INSTANCE::nanos);
        ControlLoop loop = new ControlLoop(unit, realTime, SystemClock.INSTANCE, catalog, events);
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        loop.start();
        try {
            loop.submit(Command.start(null, "test"));
            // The self-test fills the ankle: once the pump runs, its next write never returns.
            await().atMost(Duration.ofSeconds(30)).until(() -> realTime.pumpDuty() > 0);
            realTime.blockWrites(dev.quietlegs.hardware.port.Output.PUMP, () -> {
                stuck.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(stuck.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> loop.latchedFault() != null);
            assertThat(loop.latchedFault().code()).isEqualTo(FaultCode.LOOP_STALL);
            // The watchdog opened the ways out before it too reached the stuck pump...
            await().atMost(Duration.ofSeconds(5)).until(() -> realTime.plant().exhaustDriven(0)
                    && realTime.plant().mainVentDriven() && !realTime.plant().inletDriven(0));
            // ...and with no heartbeat the dead-man has cut the pump's supply.
            await().atMost(Duration.ofSeconds(5)).until(realTime::deadmanTripped);
            assertThat(realTime.plant().effectivePumpDuty()).isZero();
        } finally {
            release.countDown();
            loop.stop();
        }
    }
}
