package dev.quietlegs.firmware.therapy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static final long S = 1_000_000_000L;
    private final List<String> transitions = new ArrayList<>();
    private final Session session = new Session(3, 60, Session.Timing.defaults(), Regulator.Tuning.defaults(),
            (from, to, why) -> transitions.add(from.wire() + ">" + to.wire()));
    private final Actuation out = new Actuation(3);
    private final double[] vented = {0, 0, 0};
    private long now;

    private final Program evening = new Program("evening", "", 1200, 60, 300, 5,
            Optional.of(new Vibration(6, Vibration.Pattern.CONTINUOUS, 0, 0)),
            Optional.of(new Compression(new int[] {0, 1, 2}, 40, 5, 55, 4, 4, Compression.Release.ALL, 0, 26)));

    private void run(double seconds) {
        long end = now + (long) (seconds * S);
        while (now < end) {
            now += S / 100;
            session.step(now, vented, 0, out);
        }
    }

    private void started() {
        assertThat(session.start(evening, now)).isNull();
        run(1.5);
        assertThat(session.awaitingSelfTest()).isTrue();
        session.begin(now);
        assertThat(session.phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void startVentsFirstThenRuns() {
        assertThat(session.start(evening, now)).isNull();
        assertThat(session.phase()).isEqualTo(Phase.STARTING);
        session.step(now, new double[] {10, 0, 0}, 0, out);
        assertThat(out.pumpDuty()).isZero();
        assertThat(out.exhaustOpen(0)).isTrue();
        run(1.5);
        // vented: now the self-test may run, and only its pass begins the therapy
        assertThat(session.phase()).isEqualTo(Phase.STARTING);
        assertThat(session.awaitingSelfTest()).isTrue();
        session.begin(now);
        assertThat(session.phase()).isEqualTo(Phase.RUNNING);
        assertThat(transitions).containsExactly("idle>starting", "starting>running");
    }

    @Test
    void aSelfTestThatNeverFinishesDoesNotLetTheTherapyBegin() {
        session.start(evening, now);
        run(46);
        assertThat(session.phase()).isEqualTo(Phase.IDLE);
        assertThat(session.awaitingSelfTest()).isFalse();
        session.begin(now);
        assertThat(session.phase()).isEqualTo(Phase.IDLE);
    }

    @Test
    void aCuffThatNeverVentsDoesNotStart() {
        session.start(evening, now);
        double[] stuck = {20, 0, 0};
        for (int i = 0; i < 4600; i++) {
            now += S / 100;
            session.step(now, stuck, 0, out);
        }
        assertThat(session.phase()).isEqualTo(Phase.IDLE);
    }

    @Test
    void theSessionTapersThenEndsByItselfWhenTheProgramEnds() {
        started();
        run(899);
        assertThat(session.phase()).isEqualTo(Phase.RUNNING);
        run(2);
        assertThat(session.phase()).isEqualTo(Phase.TAPERING);
        run(300);
        assertThat(session.phase()).isEqualTo(Phase.DONE);
        assertThat(session.elapsedS()).isBetween(1200.0, 1200.02);
        assertThat(out.pumpDuty()).isZero();
        assertThat(out.vibrationLevel()).isZero();
        assertThat(transitions).endsWith("running>tapering", "tapering>done");
    }

    @Test
    void aPauseVentsStopsTheMotorAndDoesNotEatIntoTheSession() {
        started();
        run(100);
        double before = session.elapsedS();
        assertThat(session.pause(now)).isNull();
        run(0.02);
        assertThat(out.vibrationLevel()).isZero();
        assertThat(out.pumpDuty()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(out.exhaustOpen(i)).isTrue();
            assertThat(out.inletOpen(i)).isFalse();
        }
        run(120);
        assertThat(session.elapsedS()).isEqualTo(before);
        assertThat(session.resume(now)).isNull();
        assertThat(session.phase()).isEqualTo(Phase.RUNNING);
        run(10);
        assertThat(session.elapsedS()).isBetween(before + 9.9, before + 10.1);
        // compression starts over from the ankle
        assertThat(session.stepOf(0)).isIn(Step.INFLATE, Step.HOLD);
    }

    @Test
    void aForgottenPauseEndsTheSession() {
        started();
        session.pause(now);
        run(601);
        assertThat(session.phase()).isIn(Phase.STOPPING, Phase.IDLE);
        run(2);
        assertThat(session.phase()).isEqualTo(Phase.IDLE);
    }

    @Test
    void stopVentsAndReturnsToIdle() {
        started();
        run(30);
        assertThat(session.stop(now)).isNull();
        assertThat(session.phase()).isEqualTo(Phase.STOPPING);
        run(1);
        assertThat(session.phase()).isEqualTo(Phase.IDLE);
        assertThat(transitions).endsWith("running>stopping", "stopping>idle");
    }

    @Test
    void refusedCommandsSayWhyAndChangeNothing() {
        assertThat(session.stop(now)).contains("no session");
        assertThat(session.pause(now)).contains("nothing to pause");
        assertThat(session.resume(now)).contains("not paused");
        assertThat(session.vibration(5)).contains("no session");
        started();
        assertThat(session.start(evening, now)).contains("already running");
        assertThat(session.vibration(11)).contains("outside 0 to 10");
        assertThat(session.intensity(0)).contains("outside 1 to 10");
        assertThat(session.vibrationLevel()).isEqualTo(6);
        assertThat(session.intensity()).isEqualTo(5);
        assertThat(session.phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void vibrationAndIntensityChangeDuringTheSession() {
        started();
        run(120);
        assertThat(session.vibration(3)).isNull();
        assertThat(session.intensity(2)).isNull();
        run(0.02);
        assertThat(out.vibrationLevel()).isEqualTo(3.0);
        run(42);
        double ankle = 0;
        for (int i = 0; i < 420; i++) {
            ankle = Math.max(ankle, out.targetMmHg(0));
            run(0.1);
        }
        assertThat(ankle).isEqualTo(40 * Compression.levelFactor(2), org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aFaultEndsTheSessionUntilCleared() {
        started();
        session.fault(now, "test");
        assertThat(session.phase()).isEqualTo(Phase.FAULT);
        assertThat(session.start(evening, now)).contains("fault");
        assertThat(session.clearFault(now)).isNull();
        assertThat(session.phase()).isEqualTo(Phase.IDLE);
        assertThat(session.start(evening, now)).isNull();
    }

    @Test
    void aProgramNeedingMoreChambersThanTheCuffHasIsRefused() {
        Program four = new Program("four", "", 600, 0, 0, 5, Optional.empty(), Optional.of(
                new Compression(new int[] {0, 1, 2, 3}, 40, 5, 55, 4, 4, Compression.Release.ALL, 0, 26)));
        assertThat(session.start(four, now)).contains("needs chamber 4");
        assertThat(session.phase()).isEqualTo(Phase.IDLE);
    }
}
