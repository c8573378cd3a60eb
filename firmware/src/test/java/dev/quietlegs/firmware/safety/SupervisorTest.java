package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import static dev.quietlegs.firmware.control.BoardAssert.assertSafe;

import dev.quietlegs.firmware.therapy.Actuation;
import dev.quietlegs.hardware.port.Output;
import dev.quietlegs.hardware.port.OutputFailure;
import dev.quietlegs.hardware.port.OutputFrame;
import dev.quietlegs.hardware.sim.PlantParameters;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    // ---- the checks: every family judges every reading ----

    @Test
    void theManifoldsOwnReadingIsJudgedAboveTheCeilingItTripsOverpressureOnTheManifold() {
        supervisor.check(0, new double[] {0, 0, 0}, 85, fill.targets());
        Fault f = supervisor.latched();
        assertThat(f.code()).isEqualTo(FaultCode.OVERPRESSURE);
        assertThat(f.chamber()).isEqualTo(-1);
        assertThat(f.message()).isEqualTo("the manifold read 85 mmHg, above its trip level");
    }

    @Test
    void thePneumaticsAreJudgedAChamberRisingWithItsInletClosedTripsUncommandedRise() {
        Actuation held = new Actuation(3); // the ankle held: both its valves closed, nothing may rise
        held.exhaustOpen(0, false);
        actuate(held, new double[] {0, 0, 0}, 0);
        for (int i = 0; i <= 15; i++) {
            supervisor.check(i * TICK, new double[] {i, 0, 0}, 0, held.targets());
        }
        assertThat(supervisor.latched()).as("5 mmHg above its lowest for under 0.1 s: noise").isNull();
        supervisor.check(16 * TICK, new double[] {16, 0, 0}, 0, held.targets());
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.UNCOMMANDED_RISE);
        assertThat(supervisor.latched().chamber()).isZero();
        assertThat(supervisor.latched().message())
                .isEqualTo("the ankle chamber rose 16 mmHg with its inlet closed: inlet valve leaking or stuck open");
    }

    @Test
    void aChamberOpenToTheRoomMayRiseEvenLessAThreeMmHgRiseIsAirComingIn() {
        Actuation idle = new Actuation(3); // every exhaust open
        int t = 0;
        supervisor.check(t++ * TICK, new double[] {0, 0, 0}, 0, idle.targets());
        for (int i = 0; i < 50; i++) {
            supervisor.check(t++ * TICK, new double[] {2.9, 0, 0}, 0, idle.targets());
        }
        assertThat(supervisor.latched()).as("2.9 mmHg above its lowest: no fault").isNull();
        for (int i = 0; i < 10; i++) {
            supervisor.check(t++ * TICK, new double[] {3.2, 0, 0}, 0, idle.targets());
        }
        assertThat(supervisor.latched()).as("above 3 for under 0.1 s").isNull();
        supervisor.check(t * TICK, new double[] {3.2, 0, 0}, 0, idle.targets());
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.UNCOMMANDED_RISE);
    }

    @Test
    void theTwoSensorsAreCrossCheckedAFedChamberFarBelowTheStillManifoldTripsSensorDisagree() {
        // Settling: the inlet open onto the manifold, the pump stopped, the main vent shut (the
        // gate keeps it shut while an inlet shares the manifold's air).
        fill.pumpDuty(0);
        actuate(fill, new double[] {10, 0, 0}, 20);
        assertThat(held().ventOpen()).isFalse();
        for (int i = 0; i < 30; i++) {
            supervisor.check(i * TICK, new double[] {10, 0, 0}, 20, fill.targets());
        }
        assertThat(supervisor.latched()).isNull();
        supervisor.check(30 * TICK, new double[] {10, 0, 0}, 20, fill.targets());
        Fault f = supervisor.latched();
        assertThat(f.code()).isEqualTo(FaultCode.SENSOR_DISAGREE);
        assertThat(f.chamber()).isZero();
        assertThat(f.message()).startsWith("the ankle chamber reads 10 mmHg below the manifold that feeds it");
    }

    // ---- the gate: the per-chamber limit ----

    @Test
    void aChamberIsFedOnlyBelowTheLimitAtItOrUnreadableItIsClosedAndBled() {
        fill.pumpDuty(0.5);
        actuate(fill, new double[] {Math.nextDown(60.0), 0, 0}, 30);
        assertThat(held().inletOpen(0)).isTrue();
        assertThat(held().exhaustOpen(0)).isFalse();
        actuate(fill, new double[] {60, 0, 0}, 30);
        assertThat(held().inletOpen(0)).isFalse();
        assertThat(held().exhaustOpen(0)).isTrue();
        actuate(fill, new double[] {Double.NaN, 0, 0}, 30);
        assertThat(held().inletOpen(0)).as("a chamber that cannot be read may be at the limit").isFalse();
        assertThat(held().exhaustOpen(0)).isTrue();
    }

    @Test
    void theLimitBleedsOnlyTheChamberAtItTheOthersKeepWhatTheTherapyAsked() {
        Actuation a = new Actuation(3);
        a.pumpDuty(0.5);
        a.mainVentOpen(false);
        for (int i = 0; i < 3; i++) {
            a.inletOpen(i, true);
            a.exhaustOpen(i, false);
            a.targetMmHg(i, 40);
        }
        actuate(a, new double[] {30, 61, 30}, 30);
        assertThat(held()).hasToString("pump 50%, motor 0%, inlet 1, 3 open, exhaust 1, 3 closed, main vent closed");
    }

    // ---- the gate: the manifold's cap and its 3 mmHg band ----

    @Test
    void thePumpSlowsOverTheLast3MmHgBelowTheCapOfTheFedChambersTargetPlusTheMargin() {
        fill.pumpDuty(0.8); // chamber 0 fed, target 40, margin 10: cap 50
        double[] p = {30, 0, 0};
        actuate(fill, p, 46);
        assertThat(held().pump()).isEqualTo(0.8);
        actuate(fill, p, 47);
        assertThat(held().pump()).as("3 mmHg below the cap: still the full duty").isEqualTo(0.8);
        actuate(fill, p, 48.5);
        assertThat(held().pump()).as("half-way through the band: half the duty").isEqualTo(0.4);
        actuate(fill, p, 49.7);
        assertThat(held().pump()).isCloseTo(0.08, within(1e-9));
        actuate(fill, p, 50);
        assertThat(held().pump()).as("at the cap: stopped").isZero();
        actuate(fill, p, 51);
        assertThat(held().pump()).isZero();
        assertThat(held().ventOpen()).as("past the cap, within the band above it: held, not vented").isFalse();
        assertThat(held().inletOpen(0)).isTrue();
    }

    @Test
    void theMainVentOpensOnceTheManifoldReachesTheCapPlusTheBand() {
        double[] p = {30, 0, 0};
        actuate(fill, p, Math.nextDown(53.0));
        assertThat(held().ventOpen()).isFalse();
        actuate(fill, p, 53);
        assertThat(held().ventOpen()).isTrue();
        assertThat(held().pump()).isZero();
    }

    @Test
    void theLowestFedTargetSetsTheCap() {
        fill.pumpDuty(0.8);
        fill.inletOpen(2, true);
        fill.exhaustOpen(2, false);
        fill.targetMmHg(2, 20); // thigh: cap 30, below the ankle's 50
        actuate(fill, new double[] {10, 0, 10}, 28.5);
        assertThat(held().pump()).isEqualTo(0.4);
        actuate(fill, new double[] {10, 0, 10}, 30);
        assertThat(held().pump()).isZero();
        fill.inletOpen(2, false); // the thigh no longer fed: its target no longer counts
        actuate(fill, new double[] {10, 0, 10}, 30);
        assertThat(held().pump()).isEqualTo(0.8);
    }

    @Test
    void aTargetAboveTheLimitCountsAsTheLimit() {
        fill.pumpDuty(0.8);
        fill.targetMmHg(0, 75); // the limit is 60: cap 60 + 10
        actuate(fill, new double[] {30, 0, 0}, 68.5);
        assertThat(held().pump()).isEqualTo(0.4);
        actuate(fill, new double[] {30, 0, 0}, 70);
        assertThat(held().pump()).isZero();
    }

    @Test
    void theCapNeverPassesTheCompiledInCeilingWhateverTheLimitAndMargin() {
        SimulatedBoard b = new SimulatedBoard(PlantParameters.legCuff(3), () -> now[0]);
        Supervisor s = new Supervisor(b, new Limits(75, 10, 90, 75 * 60, 0.25), List.of("ankle", "calf", "thigh"));
        fill.pumpDuty(0.8);
        fill.targetMmHg(0, 75); // 75 + 10 = 85: above the 80 mmHg ceiling
        s.actuate(fill.frame(), fill.targets(), new double[] {30, 0, 0}, 76, 0);
        assertThat(b.written().pump()).isEqualTo(0.8);
        s.actuate(fill.frame(), fill.targets(), new double[] {30, 0, 0}, 78.5, 0);
        assertThat(b.written().pump()).isEqualTo(0.4);
        s.actuate(fill.frame(), fill.targets(), new double[] {30, 0, 0}, 80, 0);
        assertThat(b.written().pump()).isZero();
    }

    @Test
    void withNoInletOpenThePumpPrimesTheManifoldOnlyUpToTheLimitWithTheSameBand() {
        fill.pumpDuty(0.8);
        fill.inletOpen(0, false);
        double[] p = {30, 0, 0};
        actuate(fill, p, 57);
        assertThat(held().pump()).isEqualTo(0.8);
        actuate(fill, p, 58.5);
        assertThat(held().pump()).isEqualTo(0.4);
        actuate(fill, p, 60);
        assertThat(held().pump()).isZero();
        actuate(fill, p, Math.nextDown(63.0));
        assertThat(held().ventOpen()).isFalse();
        actuate(fill, p, 63);
        assertThat(held().ventOpen()).isTrue();
    }

    @Test
    void aFedTargetThatIsNotANumberStopsThePumpAndOpensTheVent() {
        fill.targetMmHg(0, Double.NaN);
        actuate(fill, new double[] {30, 0, 0}, 20);
        assertThat(held().pump()).isZero();
        assertThat(held().ventOpen()).isTrue();
    }

    @Test
    void aManifoldThatCannotBeReadStopsThePumpAndOpensTheVent() {
        actuate(fill, new double[] {30, 0, 0}, Double.NaN);
        assertThat(held().pump()).isZero();
        assertThat(held().ventOpen()).isTrue();
    }

    // ---- the gate: the vent rule ----

    @Test
    void theMainVentOpensWheneverThePumpIsToStopWithNoInletOpen() {
        Actuation a = new Actuation(3);
        a.mainVentOpen(false);
        for (int i = 0; i < 3; i++) {
            a.exhaustOpen(i, false); // holding every chamber
            a.targetMmHg(i, 20);
        }
        double[] p = {20, 20, 20};
        actuate(a, p, 5);
        assertThat(held().ventOpen()).as("pump off, nothing fed: the manifold vents").isTrue();

        a.inletOpen(2, true); // the thigh shares the manifold's air (the self-test's settle)
        actuate(a, p, 5);
        assertThat(held().ventOpen()).as("an inlet open: the vent would empty the chamber").isFalse();

        actuate(a, new double[] {20, 20, 60}, 5);
        assertThat(held().inletOpen(2)).isFalse();
        assertThat(held().ventOpen()).as("the inlet asked for but refused at the limit: nothing fed").isTrue();

        a.inletOpen(2, false);
        a.pumpDuty(0.5);
        actuate(a, p, 5);
        assertThat(held().ventOpen()).as("the pump priming the manifold: the vent stays as asked").isFalse();

        a.pumpDuty(0);
        a.mainVentOpen(true);
        a.inletOpen(0, true);
        actuate(a, p, 5);
        assertThat(held().ventOpen()).as("asked open: open").isTrue();
    }

    // ---- the latch: the safe frame and the second way out ----

    @Test
    void theSecondWayOutOpensOnlyAbove5MmHgAndOnlyWhileTheManifoldReadsBelow5() {
        supervisor.trip(FaultCode.NO_FALL, 1, 0, 30);
        actuate(fill, new double[] {5, Math.nextUp(5.0), 30}, Math.nextDown(5.0));
        assertThat(held()).hasToString("pump 0%, motor 0%, inlet 2, 3 open, every exhaust open, main vent open");
        actuate(fill, new double[] {5, Math.nextUp(5.0), 30}, 5);
        assertThat(held().isSafe()).as("the manifold at 5 mmHg: the pump may be running").isTrue();
        actuate(fill, new double[] {5, Math.nextUp(5.0), 30}, Double.NaN);
        assertThat(held().isSafe()).as("a manifold that cannot be read may be pressurised").isTrue();
        actuate(fill, new double[] {Double.NaN, 30, 0}, 0);
        assertThat(held()).as("an unreadable chamber keeps only its exhaust")
                .hasToString("pump 0%, motor 0%, inlet 2 open, every exhaust open, main vent open");
    }

    // ---- output failures ----

    @Test
    void anOutputFailureLatchesOutputFailedNamingTheOutput() {
        board.failWrites(Output.exhaust(1));
        assertThat(actuate(fill, new double[] {10, 0, 0}, 20)).isFalse();
        Fault f = supervisor.takeNewFault();
        assertThat(f.code()).isEqualTo(FaultCode.OUTPUT_FAILED);
        assertThat(f.chamber()).isEqualTo(-1);
        assertThat(f.message()).isEqualTo("the [exhaust:2] output did not take a write: simulated driver failure on"
                + " exhaust:2: check the driver and its wiring");
    }

    @Test
    void anOutputFailingUnderAnotherFaultKeepsThatFaultWithholdsTheHeartbeatAndBlocksTheClear() {
        supervisor.trip(FaultCode.EMERGENCY_STOP, -1, 0, "emergency stop pressed");
        board.failWrites(Output.exhaust(1)); // the safe frame needs it too: every write fails
        assertThat(actuate(fill, new double[] {0, 0, 0}, 0)).isFalse();
        assertThat(actuate(fill, new double[] {0, 0, 0}, 0)).isFalse();
        assertThat(supervisor.takeNewFault().code()).as("the first fault is the one reported")
                .isEqualTo(FaultCode.EMERGENCY_STOP);
        assertThat(supervisor.takeNewFault()).isNull();
        assertThat(supervisor.clear(new double[] {0, 0, 0}, 0))
                .isEqualTo("an output still does not take its writes: check the drivers and their wiring");
        board.failWrites(null);
        assertThat(actuate(fill, new double[] {0, 0, 0}, 0))
                .as("every output took it, but a fault is latched and the cuff is empty: no heartbeat").isFalse();
        assertSafe(board);
        assertThat(supervisor.clear(new double[] {0, 0, 0}, 0)).isNull();
        assertThat(actuate(fill, new double[] {0, 0, 0}, 0)).isTrue();
    }

    @Test
    void anOutputThatFailsOnceLatchesAndWritesTheSafeFrameAtOnceWithholdingOnlyThatTicksHeartbeat() {
        // a driver that throws once (an I2C glitch): the frame's other outputs were written, the
        // failed one is written again with the safe frame, which takes
        boolean[] glitch = {false};
        Supervisor s = new Supervisor(new ForwardingBoard(board) {
            @Override
            public void write(OutputFrame frame) {
                if (glitch[0]) {
                    glitch[0] = false;
                    throw new OutputFailure(List.of(Output.PUMP), new IllegalStateException("i2c glitch"));
                }
                super.write(frame);
            }
        }, new Limits(60, 10, 90, 75 * 60, 0.25), List.of("ankle", "calf", "thigh"));
        assertThat(s.actuate(fill.frame(), fill.targets(), new double[] {10, 0, 0}, 20, 0)).isTrue();
        assertThat(held().isSafe()).as("filling").isFalse();
        glitch[0] = true;
        assertThat(s.actuate(fill.frame(), fill.targets(), new double[] {10, 0, 0}, 20, TICK))
                .as("this tick's frame was not taken: no heartbeat").isFalse();
        assertThat(s.latched()).isEqualTo(new Fault(FaultCode.OUTPUT_FAILED,
                "the [pump] output did not take a write: i2c glitch: check the driver and its wiring", -1, TICK));
        assertSafe(board);
        assertThat(s.clear(new double[] {0, 0, 0}, 0)).as("not until an output has been seen to take a write")
                .isEqualTo("an output still does not take its writes: check the drivers and their wiring");
        assertThat(s.actuate(fill.frame(), fill.targets(), new double[] {10, 0, 0}, 20, 2 * TICK)).isTrue();
        assertSafe(board);
        assertThat(s.clear(new double[] {0, 0, 0}, 0)).isNull();
    }

    // ---- clear() ----

    @Test
    void clearingRefusesAtExactlyItsThresholdsAndNamesWhatIsWrong() {
        supervisor.trip(FaultCode.NO_FALL, 2, 0, 30);
        assertThat(supervisor.clear(new double[] {Double.NaN, 0, 30}, 0))
                .isEqualTo("the pressure sensor of the ankle chamber still cannot be read");
        assertThat(supervisor.clear(new double[] {0, 0, Math.nextUp(15.0)}, 0))
                .isEqualTo("the thigh chamber is still at 15 mmHg");
        assertThat(supervisor.clear(new double[] {0, 0, 15.5}, 0)).isEqualTo("the thigh chamber is still at 16 mmHg");
        assertThat(supervisor.clear(new double[] {15, 15, 15}, 8))
                .isEqualTo("the manifold is still at 8 mmHg with the pump off");
        assertThat(supervisor.clear(new double[] {15, 15, 15}, Double.NaN))
                .isEqualTo("the manifold is still at 0 mmHg with the pump off");
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.NO_FALL);
        assertThat(supervisor.clear(new double[] {15, 15, 15}, Math.nextDown(8.0))).isNull();
        assertThat(supervisor.latched()).isNull();
        assertThat(supervisor.takeNewFault()).as("a cleared fault is no news").isNull();
        assertThat(supervisor.clear(new double[] {15, 15, 15}, 0)).isEqualTo("no fault is latched");
    }

    @Test
    void aClearedFaultStartsTheTimeAbove15MmHgAfresh() {
        Actuation heldChamber = new Actuation(3);
        heldChamber.exhaustOpen(0, false);
        heldChamber.targetMmHg(0, 20);
        actuate(heldChamber, new double[] {20, 0, 0}, 0);
        supervisor.check(0, new double[] {20, 0, 0}, 0, heldChamber.targets());
        supervisor.trip(FaultCode.EMERGENCY_STOP, -1, 0, "emergency stop pressed");
        assertThat(supervisor.clear(new double[] {15, 0, 0}, 0)).isNull();
        supervisor.check(91 * S, new double[] {20, 0, 0}, 0, heldChamber.targets());
        assertThat(supervisor.latched()).as("above 15 mmHg since the clear, not since before the fault").isNull();
        supervisor.check(181 * S, new double[] {20, 0, 0}, 0, heldChamber.targets());
        assertThat(supervisor.latched()).isNull();
        supervisor.check(181 * S + 1, new double[] {20, 0, 0}, 0, heldChamber.targets());
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.INFLATED_TOO_LONG);
    }

    // ---- the parts a check told apart ----

    @Test
    void anOverpressureWhileTheInletWasToldOpenOnARunningPumpNamesTheFirmwareAfterTheUsualMessage() {
        actuate(fill, new double[] {10, 0, 0}, 20);
        supervisor.check(now[0], new double[] {51, 0, 0}, 20, fill.targets()); // above 40 + the margin of 10
        Fault f = supervisor.takeNewFault();
        assertThat(f.causes()).containsExactly(Cause.FIRMWARE, Cause.CHAMBER_SENSOR);
        assertThat(f.message()).isEqualTo("the ankle chamber read 51 mmHg, above its trip level: the firmware, or the"
                + " chamber's pressure sensor or its tube");
    }

    @ParameterizedTest(name = "pump {0}, inlet open {1}")
    @org.junit.jupiter.params.provider.CsvSource({"0, true", "1, false"})
    void anOverpressureNotFedNamesTheUsualParts(double pump, boolean inlet) {
        fill.pumpDuty(pump);
        fill.inletOpen(0, inlet);
        actuate(fill, new double[] {10, 0, 0}, 20);
        supervisor.check(now[0], new double[] {51, 0, 0}, 20, fill.targets());
        Fault f = supervisor.takeNewFault();
        assertThat(f.causes()).containsExactly(Cause.INLET_VALVE, Cause.CHAMBER_SENSOR);
        assertThat(f.message()).isEqualTo("the ankle chamber read 51 mmHg, above its trip level");
    }

    @Test
    void aMessageWhosePartsDifferIsCutAtItsFirstColon() {
        Actuation a = new Actuation(3); // chamber 1 filled, chamber 0 held
        a.pumpDuty(1);
        a.mainVentOpen(false);
        a.inletOpen(1, true);
        a.exhaustOpen(0, false);
        a.exhaustOpen(1, false);
        a.targetMmHg(0, 20);
        a.targetMmHg(1, 40);
        for (int i = 0; i <= 40 && supervisor.latched() == null; i++) {
            now[0] = i * TICK;
            double[] p = {Math.min(26, 20 + 0.5 * i), 10 + 0.01 * (i % 2), 0}; // chamber 1's reading does not rise
            actuate(a, p, 20);
            supervisor.check(now[0], p, 20, a.targets());
        }
        Fault f = supervisor.takeNewFault();
        assertThat(f.code()).isEqualTo(FaultCode.UNCOMMANDED_RISE);
        assertThat(f.causes()).containsExactly(Cause.CHAMBER_SENSOR); // the two sensors' tubes swapped
        assertThat(f.message()).isEqualTo("the ankle chamber rose 6 mmHg with its inlet closed: the chamber's pressure"
                + " sensor or its tube");
    }

    /** Two cycles of the ankle filled to 30 of its 40 and released, the session delivering or not. */
    /** Two deliveries whose target stood 7 s (more than 40 mmHg's 6.6 s) and got the ankle to 30: filled, then held. */
    private void twoShortCycles(boolean delivering) {
        double[] p = {30, 0, 0};
        Actuation held = new Actuation(3);
        held.mainVentOpen(true);
        held.exhaustOpen(0, false);
        held.targetMmHg(0, 40);
        for (int c = 0; c < 2; c++) {
            for (int k = 0; k < 700; k++) {
                now[0] += TICK;
                Actuation a = k < 5 ? fill : held;
                double manifold = k < 5 ? 35 : 0;
                supervisor.session(true, false, 30, delivering, now[0] * 1e-9, now[0]);
                actuate(a, p, manifold);
                supervisor.check(now[0], p, manifold, a.targets());
            }
            now[0] += TICK;
            supervisor.check(now[0], p, 0, new double[3]); // released
        }
    }

    @Test
    void aChamberShortOfItsPressureTwoCyclesRunningWhileDeliveringLatchesLowPressure() {
        twoShortCycles(true);
        Fault f = supervisor.takeNewFault();
        assertThat(f.code()).isEqualTo(FaultCode.LOW_PRESSURE);
        assertThat(f.message()).startsWith("the ankle chamber fell short of its pressure (it reached only 30 mmHg)");
    }

    @Test
    void notDeliveringAShortChamberIsNoFault() {
        twoShortCycles(false);
        assertThat(supervisor.latched()).isNull();
    }

    // ---- the probe: the main vent shut a moment with the pump told off ----

    private final Actuation idle = new Actuation(3);

    /** Idle requests (the pump off, no inlet, the vent asked open) every tick from {@code fromMs} to {@code toMs}; the vents written. */
    private List<Boolean> idleFrom(long fromMs, long toMs) {
        idle.pumpDuty(0);
        idle.mainVentOpen(true);
        List<Boolean> vents = new java.util.ArrayList<>();
        for (long ms = fromMs; ms <= toMs; ms += 10) {
            now[0] = ms * 1_000_000L;
            actuate(idle, new double[3], 0);
            vents.add(held().ventOpen());
        }
        return vents;
    }

    private boolean ventAt(long ms) {
        now[0] = ms * 1_000_000L;
        actuate(idle, new double[3], 0);
        return held().ventOpen();
    }

    @Test
    void whileDeliveringTheVentIsShutAQuarterSecondAfterHalfASecondIdleAndAgainTwentySecondsLater() {
        supervisor.session(true, false, 30, true, 0, 0);
        List<Boolean> vents = idleFrom(0, 21_000);
        assertThat(vents.subList(0, 50)).as("0 .. 490 ms").containsOnly(true);
        assertThat(vents.subList(50, 75)).as("500 .. 740 ms").containsOnly(false);
        assertThat(vents.subList(75, 2_075)).as("750 .. 20740 ms").containsOnly(true);
        assertThat(vents.subList(2_075, 2_100)).as("20750 .. 20990 ms").containsOnly(false);
        assertThat(vents.get(2_100)).as("21000 ms").isTrue();
        assertThat(supervisor.latched()).isNull();
    }

    @Test
    void notDeliveringThereIsNoProbe() {
        supervisor.session(true, true, 30, false, 0, 0);
        assertThat(idleFrom(0, 2_000)).containsOnly(true);
    }

    @Test
    void anyOtherRequestEndsTheProbeAndItIsTriedAgainAtTheNextChance() {
        supervisor.session(true, false, 30, true, 0, 0);
        idleFrom(0, 590);
        assertThat(held().ventOpen()).isFalse();
        idle.pumpDuty(1); // the pump asked to prime the manifold at 600 ms
        now[0] = 600_000_000L;
        actuate(idle, new double[3], 0);
        assertThat(held().ventOpen()).isTrue();
        List<Boolean> vents = idleFrom(610, 1_400);
        assertThat(vents.subList(0, 50)).as("610 .. 1100 ms").containsOnly(true);
        assertThat(vents.subList(50, 75)).as("1110 .. 1350 ms").containsOnly(false);
        assertThat(vents.get(75)).as("1360 ms").isTrue();
    }

    @Test
    void anInletOpenIsNoIdle() {
        supervisor.session(true, false, 30, true, 0, 0);
        idle.inletOpen(2, true);
        idle.targetMmHg(2, 40);
        idle.mainVentOpen(false);
        for (long ms = 0; ms <= 2_000; ms += 10) {
            now[0] = ms * 1_000_000L;
            actuate(idle, new double[3], 0);
            assertThat(held().pump()).isZero();
        }
        assertThat(ventAt(2_010)).as("asked shut").isFalse();
        idle.inletOpen(2, false);
        assertThat(idleFrom(2_020, 2_510)).containsOnly(true);
        assertThat(ventAt(2_520)).isFalse();
    }

    // ---- the latch ----

    @Test
    void aTripWithItsOwnMessageKeepsItVerbatimAndOnlyTheFirstFaultLatches() {
        supervisor.trip(FaultCode.SELF_TEST_FAILED, 2, 7, "self-test failed: the thigh chamber leaks");
        supervisor.trip(FaultCode.OVERPRESSURE, 0, 8, 75);
        supervisor.trip(FaultCode.EMERGENCY_STOP, -1, 9, "emergency stop pressed");
        assertThat(supervisor.takeNewFault())
                .isEqualTo(new Fault(FaultCode.SELF_TEST_FAILED, "self-test failed: the thigh chamber leaks", 2, 7));
        assertThat(supervisor.takeNewFault()).isNull();
    }

    // ---- every fault's message ----

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of(FaultCode.OVERPRESSURE, 0, 71.4, "the ankle chamber read 71 mmHg, above its trip level",
                        List.of(Cause.INLET_VALVE, Cause.CHAMBER_SENSOR)),
                Arguments.of(FaultCode.INFLATED_TOO_LONG, 1, 90.0,
                        "the calf chamber stayed above 15 mmHg for more than 90 s",
                        List.of(Cause.FIRMWARE)),
                Arguments.of(FaultCode.SESSION_TOO_LONG, -1, 4500.0, "the session lasted more than 75 minutes",
                        List.of(Cause.FIRMWARE)),
                Arguments.of(FaultCode.SENSOR_UNREADABLE, -1, Double.NaN,
                        "the pressure sensor of the manifold cannot be read: check its wiring",
                        List.of(Cause.MANIFOLD_SENSOR)),
                Arguments.of(FaultCode.SENSOR_OUT_OF_RANGE, 2, -12.0,
                        "the pressure sensor of the thigh chamber reads an impossible -12 mmHg",
                        List.of(Cause.CHAMBER_SENSOR)),
                Arguments.of(FaultCode.SENSOR_STUCK, 0, 23.0,
                        "the pressure sensor of the ankle chamber is stuck at 23 mmHg while filling",
                        List.of(Cause.CHAMBER_SENSOR)),
                Arguments.of(FaultCode.SENSOR_JUMP, 1, 19.6,
                        "the pressure sensor of the calf chamber jumped 20 mmHg in one tick: noisy or loose",
                        List.of(Cause.CHAMBER_SENSOR)),
                Arguments.of(FaultCode.SENSOR_DRIFT, 2, 6.0,
                        "the thigh chamber reads a steady 6 mmHg after seconds open to the room: its sensor has"
                                + " drifted, the chamber cannot empty (exhaust valve stuck, hose kinked), or air still"
                                + " reaches it (inlet valve leaking)",
                        List.of(Cause.CHAMBER_SENSOR)),
                Arguments.of(FaultCode.SENSOR_DISAGREE, 0, 8.0,
                        "the ankle chamber reads 8 mmHg above the manifold that feeds it, which air cannot do: the"
                                + " chamber's or the manifold's pressure sensor is wrong (check both sensor tubes; a"
                                + " gauge on the manifold tells which)",
                        List.of(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR)),
                Arguments.of(FaultCode.SENSOR_DISAGREE, 1, -8.0,
                        "the calf chamber reads 8 mmHg below the manifold that feeds it, with little air flowing:"
                                + " its inlet valve does not open or its hose is kinked, or the chamber's or the"
                                + " manifold's pressure sensor is wrong (a gauge on the manifold tells which)",
                        List.of(Cause.INLET_VALVE, Cause.HOSE_KINKED)),
                Arguments.of(FaultCode.NO_RISE, 1, 0.2,
                        "the calf chamber did not rise while filled, though the manifold did: its hose off or the"
                                + " cuff not on the leg, or its exhaust valve stuck open (then air hisses at the"
                                + " exhaust port)",
                        List.of(Cause.HOSE_OFF, Cause.EXHAUST_VALVE)),
                Arguments.of(FaultCode.NO_FALL, 2, 31.0,
                        "the thigh chamber did not fall while vented (31 mmHg): exhaust valve stuck or hose kinked",
                        List.of(Cause.EXHAUST_VALVE, Cause.HOSE_KINKED)),
                Arguments.of(FaultCode.UNCOMMANDED_RISE, 0, 6.0,
                        "the ankle chamber rose 6 mmHg with its inlet closed: inlet valve leaking or stuck open",
                        List.of(Cause.INLET_VALVE)),
                Arguments.of(FaultCode.LEAK, 1, 4.0,
                        "the calf chamber keeps losing air and needs pumping again and again: it leaks (a hose, a"
                                + " seam, or the exhaust valve not closing: air hissing at the exhaust port means the"
                                + " valve)",
                        List.of(Cause.LEAK, Cause.EXHAUST_VALVE)),
                Arguments.of(FaultCode.LOW_PRESSURE, 2, 33.4,
                        "the thigh chamber fell short of its pressure (it reached only 33 mmHg) 2 cycles running: it"
                                + " leaks (a hose, a seam), or the pump has grown too weak for it (does it sound"
                                + " weaker? a hose from the pump loose?)",
                        List.of(Cause.LEAK, Cause.PUMP)),
                Arguments.of(FaultCode.PUMP_STUCK_ON, -1, 12.0,
                        "the manifold is at 12 mmHg with the pump switched off: the pump is stuck on (it still"
                                + " hums), an inlet valve stuck open lets a chamber's air back, or the manifold's"
                                + " pressure sensor reads high",
                        List.of(Cause.PUMP)),
                Arguments.of(FaultCode.VENT_STUCK, -1, 12.0,
                        "the manifold keeps 12 mmHg with the pump off and the main vent told to open: the main vent"
                                + " is stuck shut or its outlet blocked (a pump stuck on would hum)",
                        List.of(Cause.MAIN_VENT)),
                Arguments.of(FaultCode.PUMP_NO_PROGRESS, -1, 1.0,
                        "the pump runs but the manifold stays at 1 mmHg: pump dead or disconnected",
                        List.of(Cause.PUMP)),
                Arguments.of(FaultCode.LOOP_STALL, -1, 0.3,
                        "the control loop stopped for 0.30 s: the watchdog vented the cuff",
                        List.of(Cause.FIRMWARE, Cause.OUTPUT_DRIVER)),
                Arguments.of(FaultCode.SESSION_STUCK, -1, 60.0,
                        "the session stopped progressing (60 s): the firmware is stuck; the cuff was vented",
                        List.of(Cause.FIRMWARE)),
                Arguments.of(FaultCode.SESSION_STUCK, 0, 35.0,
                        "the ankle chamber stayed above 15 mmHg for 35 s, longer than its program ever holds it: the"
                                + " session stopped progressing; the cuff was vented",
                        List.of(Cause.FIRMWARE)),
                Arguments.of(FaultCode.LOOP_LATE, -1, 0.123, "a control tick came 0.12 s late",
                        List.of(Cause.FIRMWARE)),
                Arguments.of(FaultCode.OUTPUT_FAILED, -1, 0.0, "an output did not take its write",
                        List.of(Cause.OUTPUT_DRIVER)),
                Arguments.of(FaultCode.SOFTWARE_ERROR, -1, 0.0, "the firmware failed",
                        List.of(Cause.FIRMWARE)),
                Arguments.of(FaultCode.EMERGENCY_STOP, -1, 0.0, "emergency stop pressed",
                        List.of(Cause.PERSON)),
                Arguments.of(FaultCode.SELF_TEST_FAILED, -1, 0.0, "self-test failed",
                        List.of()));
    }

    @ParameterizedTest(name = "{0} on {1}: {3}")
    @MethodSource("messages")
    void everyFaultLatchesWithAMessageAPersonCanActOnAndThePartsToLookAt(FaultCode code, int chamber, double value,
            String message, List<Cause> causes) {
        supervisor.trip(code, chamber, 42, value);
        assertThat(supervisor.takeNewFault()).isEqualTo(new Fault(code, message, chamber, 42, causes));
    }

    @Test
    void aTripWithItsOwnMessageNamesItsCodesUsualParts() {
        supervisor.trip(FaultCode.SENSOR_DISAGREE, 1, 7, "the calf chamber disagrees");
        assertThat(supervisor.latched().causes()).as("with no figure to tell by: the inlet's side")
                .containsExactly(Cause.INLET_VALVE, Cause.HOSE_KINKED);
        Supervisor s = new Supervisor(board, new Limits(60, 10, 90, 75 * 60, 0.25), List.of("ankle", "calf", "thigh"));
        s.trip(FaultCode.OVERPRESSURE, -1, 7, "the manifold is over");
        assertThat(s.latched().causes()).containsExactly(Cause.INLET_VALVE, Cause.MANIFOLD_SENSOR);
    }

    @Test
    void aTripNamingItsPartsKeepsThemAndOnlyTheFirstLatches() {
        supervisor.trip(FaultCode.SELF_TEST_FAILED, 2, 7, "self-test failed: the thigh chamber leaks",
                List.of(Cause.LEAK, Cause.EXHAUST_VALVE));
        supervisor.trip(FaultCode.SELF_TEST_FAILED, 1, 8, "self-test failed: the calf", List.of(Cause.PUMP));
        assertThat(supervisor.takeNewFault()).isEqualTo(new Fault(FaultCode.SELF_TEST_FAILED,
                "self-test failed: the thigh chamber leaks", 2, 7, List.of(Cause.LEAK, Cause.EXHAUST_VALVE)));
        assertThat(supervisor.takeNewFault()).isNull();
    }

    @Test
    void everyFaultCodeHasItsMessageTested() {
        Set<FaultCode> tested = messages().map(a -> (FaultCode) a.get()[0]).collect(Collectors.toSet());
        assertThat(tested).isEqualTo(EnumSet.allOf(FaultCode.class));
    }

    // ---- the build's thresholds ----

    @Test
    void theThresholdsMustBeForTheBoardsChambers() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Supervisor(board,
                new Limits(60, 10, 90, 75 * 60, 0.25), Thresholds.envelope(2), List.of("ankle", "calf", "thigh")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("thresholds for 2 chambers on a board of 3");
    }

    /** A vented ankle falling from 40 to 30 mmHg in 0.4 s and staying there, read every 10 ms for 1.01 s. */
    private static void ventedAnkleStopsAt30(Supervisor s) {
        double[] targets = new double[3];
        for (int i = 0; i <= 101; i++) {
            // a real sensor's noise: a reading that stays exactly the same while venting is a stuck sensor
            s.check(i * TICK, new double[] {Math.max(30 + 0.01 * (i % 2), 40 - 0.25 * i), 0, 0}, 0, targets);
        }
    }

    @Test
    void thePneumaticChecksExpectWhatTheBuildCanDo() {
        ventedAnkleStopsAt30(supervisor); // a quarter lost: plenty for the envelope
        assertThat(supervisor.latched()).isNull();
        Supervisor wide = new Supervisor(board, new Limits(60, 10, 90, 75 * 60, 0.25),
                ThresholdsBuilder.of(3).fall(0.5, 0.06, 0.06).build(), List.of("ankle", "calf", "thigh"));
        ventedAnkleStopsAt30(wide); // a wide exhaust should have emptied half of it
        assertThat(wide.latched().code()).isEqualTo(FaultCode.NO_FALL);
        assertThat(wide.latched().chamber()).isZero();
    }

    @Test
    void theTimeLimitsExpectWhatTheBuildCanDo() {
        Supervisor quick = new Supervisor(board, new Limits(60, 10, 90, 75 * 60, 0.25),
                ThresholdsBuilder.of(3).release(5).build(), List.of("ankle", "calf", "thigh"));
        Actuation held = new Actuation(3); // the ankle held: both its valves closed
        held.exhaustOpen(0, false);
        held.targetMmHg(0, 20);
        actuate(held, new double[] {20, 0, 0}, 0);
        quick.actuate(held.frame(), held.targets(), new double[] {20, 0, 0}, 0, 0);
        double[] targets = held.targets();
        for (int i = 0; i <= 500; i++) { // no session, the ankle held at 20 mmHg for 5 s
            supervisor.check(i * TICK, new double[] {20, 0, 0}, 0, targets);
            quick.check(i * TICK, new double[] {20, 0, 0}, 0, targets);
            supervisor.session(false, false, 0, false, 0, i * TICK);
            quick.session(false, false, 0, false, 0, i * TICK);
        }
        assertThat(quick.latched()).isNull();
        supervisor.check(501 * TICK, new double[] {20, 0, 0}, 0, targets);
        quick.check(501 * TICK, new double[] {20, 0, 0}, 0, targets);
        assertThat(supervisor.latched()).as("the envelope's 20 s").isNull();
        assertThat(quick.latched().code()).isEqualTo(FaultCode.SESSION_STUCK);
    }

    @Test
    void aChamberWithoutAConfiguredNameIsNamedByItsNumberFromOne() {
        Supervisor s = new Supervisor(board, new Limits(60, 10, 90, 75 * 60, 0.25), List.of("ankle", "calf"));
        s.trip(FaultCode.NO_FALL, 2, 0, 30);
        assertThat(s.latched().message()).startsWith("the chamber 3 chamber did not fall while vented (30 mmHg)");
        assertThat(s.clear(new double[] {0, 0, 16}, 0)).isEqualTo("the chamber 3 chamber is still at 16 mmHg");
    }

    @Test
    void aFrameBeingWrittenWhenTheWatchdogLatchesIsFollowedByTheSafeFrameAndNoHeartbeat() {
        Supervisor[] self = {null};
        boolean[] stall = {false};
        Supervisor s = new Supervisor(new ForwardingBoard(board) {
            @Override
            public void write(OutputFrame frame) {
                super.write(frame);
                if (stall[0]) {
                    stall[0] = false; // the watchdog's thread latches while the loop is in this write
                    self[0].trip(FaultCode.LOOP_STALL, -1, 0, 0.3);
                }
            }
        }, new Limits(60, 10, 90, 75 * 60, 0.25), List.of("ankle", "calf", "thigh"));
        self[0] = s;
        stall[0] = true;
        assertThat(s.actuate(fill.frame(), fill.targets(), new double[] {2, 0, 0}, 0, 0)).isFalse();
        assertThat(held().isSafe()).as("the unsafe frame did not stay: %s", held()).isTrue();
    }

    @Test
    void whileAFaultIsLatchedTheHeartbeatGoesOnOnlyWhileAChamberIsAbove5MmHg() {
        supervisor.trip(FaultCode.NO_FALL, 1, 0, 30);
        assertThat(actuate(fill, new double[] {0, 5.01, 0}, 0)).as("the second way out needs the supply").isTrue();
        assertThat(actuate(fill, new double[] {0, 5, 0}, 0)).as("empty enough: the dead-man may cut").isFalse();
        assertThat(actuate(fill, new double[] {Double.NaN, 0, 0}, 0)).isFalse();
    }
}
