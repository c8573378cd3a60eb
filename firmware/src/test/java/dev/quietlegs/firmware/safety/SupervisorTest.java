package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.quietlegs.firmware.control.BoardAssert.assertSafe;

import dev.quietlegs.firmware.therapy.Actuation;
import dev.quietlegs.hardware.port.Output;
import dev.quietlegs.hardware.port.OutputFrame;
import dev.quietlegs.hardware.sim.PlantParameters;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate and the latch, fed readings directly. */
class SupervisorTest {

    private static final long S = 1_000_000_000L;
    private static final long TICK = S / 100;
    private final long[] now = {0};
    private final SimulatedBoard board = new SimulatedBoard(PlantParameters.legCuff(3), () -> now[0]);
    private final Supervisor supervisor = new Supervisor(board, new Limits(60, 10, 90, 75 * 60, 0.25),
            List.of("ankle", "calf", "thigh"));
    private final Actuation fill = new Actuation(3);

    SupervisorTest() {
        fill.pumpDuty(1);
        fill.mainVentOpen(false);
        fill.inletOpen(0, true);
        fill.exhaustOpen(0, false);
        fill.targetMmHg(0, 40);
    }

    private OutputFrame held() {
        return board.written();
    }

    private boolean actuate(Actuation a, double[] p, double manifold) {
        return supervisor.actuate(a.frame(), a.targets(), p, manifold, now[0]);
    }

    @Test
    void aSafeRequestPassesUnchanged() {
        fill.vibrationLevel(5);
        assertThat(actuate(fill, new double[] {10, 0, 0}, 20)).isTrue();
        assertThat(board.pumpDuty()).isEqualTo(1);
        assertThat(held().inletOpen(0)).isTrue();
        assertThat(held().exhaustOpen(0)).isFalse();
        assertThat(held().ventOpen()).isFalse();
        assertThat(held().motor()).isEqualTo(0.5);
        assertThat(board.motorDuty()).isEqualTo(0.3 + 0.7 * 0.5);
    }

    @Test
    void aChamberAtTheLimitIsNeverFilledAndIsBled() {
        actuate(fill, new double[] {60, 0, 0}, 70);
        assertThat(held().inletOpen(0)).isFalse();
        assertThat(held().exhaustOpen(0)).isTrue();
        // no inlet open and the manifold at the limit: the pump stops and the manifold vents
        assertThat(held().pump()).isZero();
        assertThat(held().ventOpen()).isTrue();
    }

    @Test
    void thePumpMayPrimeTheManifoldButOnlyBelowTheLimit() {
        fill.inletOpen(0, false);
        actuate(fill, new double[] {35, 0, 0}, 20);
        assertThat(held().pump()).isEqualTo(1);
        actuate(fill, new double[] {35, 0, 0}, 61);
        assertThat(held().pump()).isZero();
        actuate(fill, new double[] {35, 0, 0}, Double.NaN);
        assertThat(held().pump()).as("a manifold that cannot be read is not below the limit").isZero();
    }

    @Test
    void outOfRangeDutiesAreClamped() {
        fill.pumpDuty(7);
        fill.vibrationLevel(Double.NaN);
        actuate(fill, new double[] {0, 0, 0}, 0);
        assertThat(board.pumpDuty()).isEqualTo(1);
        assertThat(board.motorDuty()).isZero();
    }

    @Test
    void theFirstFaultLatchesOnceAndFromThenOnlyTheSafeStateReachesThePins() {
        supervisor.check(now[0], new double[] {71, 0, 0}, 0, fill.targets());
        Fault f = supervisor.takeNewFault();
        assertThat(f.code()).isEqualTo(FaultCode.OVERPRESSURE);
        assertThat(f.chamber()).isZero();
        assertThat(f.message()).contains("ankle chamber read 71 mmHg");
        assertThat(supervisor.takeNewFault()).isNull();
        actuate(fill, new double[] {0, 0, 0}, 0);
        assertSafe(board);
        supervisor.check(now[0], new double[] {Double.NaN, 0, 0}, 0, fill.targets());
        assertThat(supervisor.takeNewFault()).isNull();
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.OVERPRESSURE);
    }

    @Test
    void aReadingWellAboveItsTargetTripsButALoweredTargetIsGivenTimeToBleedDown() {
        fill.targetMmHg(0, 40);
        actuate(fill, new double[] {45, 0, 0}, 46); // its inlet is open: rises are commanded
        supervisor.check(0, new double[] {45, 0, 0}, 46, fill.targets());
        assertThat(supervisor.latched()).isNull();
        fill.targetMmHg(0, 20); // intensity lowered: the chamber bleeds from 45 towards 20
        for (int i = 1; i <= 100; i++) {
            supervisor.check(i * TICK, new double[] {45 - 0.2 * i, 0, 0}, 46 - 0.2 * i, fill.targets());
        }
        assertThat(supervisor.latched()).isNull();
        // the trip level follows the target down at 10 mmHg/s: 50 - 11.4 = 38.6 mmHg after 1.14 s
        for (int i = 1; i <= 16; i++) {
            supervisor.check((100 + i) * TICK, new double[] {25 + i, 0, 0}, 26 + i, fill.targets());
        }
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.OVERPRESSURE);
        assertThat(supervisor.latched().message()).contains("read 39 mmHg");
    }

    @Test
    void aLatchedFaultVentsAStuckChamberThroughItsInletWhenThePumpIsSurelyOff() {
        supervisor.trip(FaultCode.NO_FALL, 1, 0, 30);
        actuate(fill, new double[] {2, 30, 0}, 0.5);
        assertThat(held().inletOpen(1)).isTrue();
        assertThat(held().inletOpen(0)).isFalse();
        assertThat(held().pump()).isZero();
        assertThat(held().ventOpen()).isTrue();
        assertThat(held().exhaustOpen(1)).isTrue();
        // the manifold rises: the pump may be running after all, so the inlets stay shut
        actuate(fill, new double[] {2, 30, 0}, 12);
        assertThat(held().inletOpen(1)).isFalse();
    }

    @Test
    void aChamberAbove15MmHgTooLongLatchesAFault() {
        Actuation held = new Actuation(3);
        held.exhaustOpen(0, false);
        held.targetMmHg(0, 20);
        actuate(held, new double[] {20, 0, 0}, 0);
        for (int i = 0; i <= 90; i++) {
            supervisor.check(i * S, new double[] {20, 0, 0}, 0, held.targets());
        }
        assertThat(supervisor.latched()).isNull();
        supervisor.check(91 * S, new double[] {20, 0, 0}, 0, held.targets());
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.INFLATED_TOO_LONG);
    }

    @Test
    void aSessionLongerThanTheLimitTripsWhateverTheCommandsSay() {
        Actuation idle = new Actuation(3);
        supervisor.session(true, false, 30, false, 0, 0);
        supervisor.check(75 * 60 * S, new double[] {0, 0, 0}, 0, idle.targets());
        assertThat(supervisor.latched()).isNull();
        supervisor.check(75 * 60 * S + TICK, new double[] {0, 0, 0}, 0, idle.targets());
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.SESSION_TOO_LONG);
    }

    @Test
    void clearingRefusesWhileTheCauseRemains() {
        supervisor.trip(FaultCode.SENSOR_UNREADABLE, 1, 0, Double.NaN);
        assertThat(supervisor.clear(new double[] {0, Double.NaN, 0}, 0)).contains("calf chamber");
        assertThat(supervisor.clear(new double[] {0, 30, 0}, 0)).contains("30 mmHg");
        assertThat(supervisor.clear(new double[] {0, 1, 0}, 20)).contains("manifold");
        assertThat(supervisor.latched()).isNotNull();
        assertThat(supervisor.clear(new double[] {0, 1, 0}, 0)).isNull();
        assertThat(supervisor.latched()).isNull();
        assertThat(supervisor.clear(new double[] {0, 1, 0}, 0)).contains("no fault");
    }

    @Test
    void theWatchdogTripsWhenTheLoopStopsBeating() {
        Watchdog dog = new Watchdog(supervisor);
        dog.beat(0);
        dog.check(250_000_000L);
        assertThat(supervisor.latched()).isNull();
        actuate(fill, new double[] {10, 0, 0}, 20);
        assertThat(held().isSafe()).isFalse();
        dog.check(250_000_001L);
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.LOOP_STALL);
        assertSafe(board);
    }

    @Test
    void aSensorReadEveryFourthTickMayChangeByWhatAirCanDoInFourTicks() {
        // Venting from 40 mmHg at 25 mmHg/s, read round-robin: a new value every 40 ms (1 mmHg steps).
        Actuation vented = new Actuation(3);
        double p = 40;
        for (int tick = 0; tick < 100; tick++) {
            if (tick % 4 == 0) {
                p -= 1.0;
            }
            supervisor.check(tick * TICK, new double[] {p, 0, 0}, 0, vented.targets());
        }
        assertThat(supervisor.latched()).isNull();
        // ...but 20 mmHg within 50 ms (400 mmHg/s) is not air moving.
        supervisor.check(100 * TICK, new double[] {p, 0, 0}, 0, vented.targets());
        supervisor.check(101 * TICK, new double[] {p + 20, 0, 0}, 0, vented.targets());
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.SENSOR_JUMP);
    }

    @Test
    void anOutputThatThrowsLatchesItsFaultWritesTheSafeFrameAndWithholdsTheHeartbeatUntilItTakes() {
        actuate(fill, new double[] {10, 0, 0}, 20);
        board.failWrites(Output.PUMP);
        fill.pumpDuty(0.5);
        assertThat(actuate(fill, new double[] {12, 0, 0}, 25)).isFalse();
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.OUTPUT_FAILED);
        assertThat(supervisor.latched().message()).contains("pump");
        assertThat(held().exhaustOpen(0) && held().ventOpen() && !held().inletOpen(0))
                .as("every output that works went safe at once: %s", held()).isTrue();
        assertThat(board.pumpDuty()).as("the pin keeps what it had").isEqualTo(1);
        assertThat(actuate(fill, new double[] {12, 0, 0}, 25)).as("still failing: no heartbeat").isFalse();
        assertThat(supervisor.clear(new double[] {0, 0, 0}, 0)).contains("does not take its writes");
        board.failWrites(null);
        assertThat(actuate(fill, new double[] {0, 0, 0}, 0))
                .as("every output took it, but latched with the cuff empty: the dead-man may cut").isFalse();
        assertSafe(board);
        assertThat(supervisor.clear(new double[] {0, 0, 0}, 0)).isNull();
        assertThat(actuate(fill, new double[] {0, 0, 0}, 0)).isTrue();
    }

    @Test
    void aTripFromAnotherThreadNeverWaitsForTheLoop() throws Exception {
        actuate(fill, new double[] {10, 0, 0}, 20);
        // The loop thread is stuck inside the inlet's driver, mid-write.
        java.util.concurrent.CountDownLatch inWrite = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        board.blockWrites(Output.PUMP, () -> {
            inWrite.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread loop = new Thread(() -> actuate(new Actuation(3), new double[] {10, 0, 0}, 20), "stuck loop");
        loop.start();
        assertThat(inWrite.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Watchdog dog = new Watchdog(supervisor);
        dog.beat(0);
        Thread watchdog = new Thread(() -> dog.check(1_000_000_000L), "watchdog");
        watchdog.start();
        watchdog.join(2000);
        assertThat(supervisor.latched()).as("latched while the loop holds the write").isNotNull();
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.LOOP_STALL);
        assertThat(board.plant().exhaustDriven(0) && board.plant().mainVentDriven() && !board.plant().inletDriven(0))
                .as("the ways out opened before the watchdog reached the stuck pump").isTrue();
        release.countDown();
        loop.join(2000);
    }
}
