package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hard limits on pressure and time: {@link PressureChecks} driven directly, tick by tick at
 * 10 ms, as the control loop does (the readings are checked, then the session reports what it is
 * doing). Each check catches one fault: a reading above the absolute trip level, a reading above
 * its chamber's target plus the margin, a chamber above 15 mmHg for longer than its program (or
 * the configured limit) allows, a delivering session whose clock stands still, a start that never
 * begins the therapy, a session longer than the limit. Every threshold is probed exactly at its
 * value and one tick or a hundredth of a mmHg beyond it. The program's slack (the time a released
 * chamber may take to fall below 15 mmHg) and the start's limit (the self-test at its slowest, plus
 * 30 s) are the build's: the envelope's 20 s and 128.9 s unless a test sets its own.
 *
 * <p>The loop's clock is {@code System.nanoTime()}: its origin is arbitrary, so the clock here
 * starts far from zero (a check that measured from zero instead of from the event would show).
 */
class PressureChecksTest {

    private static final long S = 1_000_000_000L;
    private static final long TICK = S / 100;
    private static final long T0 = 1_000 * S;
    /** Trip at 60 + 10 = 70 mmHg and 10 mmHg above a target; 90 s above 15 mmHg; 10 min sessions. */
    private static final Limits LIMITS = new Limits(60, 10, 90, 600, 0.25);

    /** One reported fault: what, which chamber (-1: none), when, the figure behind it. */
    record Tripped(FaultCode code, int chamber, long at, double value) {
    }

    private final List<Tripped> trips = new ArrayList<>();
    private final double[] targets = new double[3];
    private long now = T0;

    // what the session reports after each tick's check
    private boolean sessionReported = true;
    private boolean active;
    private boolean starting;
    private boolean delivering;
    private double heldS = 30;
    private double programS;
    private boolean programClockRuns = true;

    private PressureChecks checks = checks(LIMITS);

    private PressureChecks checks(Limits limits) {
        return new PressureChecks(3, limits,
                (code, chamber, at, value, causes) -> trips.add(new Tripped(code, chamber, at, value)));
    }

    /** The checks expect these of the build (before the first tick). */
    private void expect(ThresholdsBuilder t) {
        checks = new PressureChecks(LIMITS, t.build(),
                (code, chamber, at, value, causes) -> trips.add(new Tripped(code, chamber, at, value)));
    }

    /** One tick at {@link #now}: the readings checked, the session reported, the clock moved 10 ms. */
    private void tick(double... p) {
        checks.check(now, p, targets);
        if (sessionReported) {
            if (delivering && programClockRuns) {
                programS += 0.01;
            }
            checks.session(active, starting, heldS, delivering, programS, now);
        }
        now += TICK;
    }

    private void hold(int ticks, double... p) {
        for (int k = 0; k < ticks; k++) {
            tick(p);
        }
    }

    private static int ticks(double seconds) {
        return (int) Math.round(seconds * 100);
    }

    private void idle() {
        active = false;
        starting = false;
        delivering = false;
    }

    private void starting() {
        active = true;
        starting = true;
        delivering = false;
    }

    private void running() {
        active = true;
        starting = false;
        delivering = true;
    }

    private void paused() {
        active = true;
        starting = false;
        delivering = false;
    }

    private Tripped first(FaultCode code) {
        return trips.stream().filter(t -> t.code() == code).findFirst().orElseThrow();
    }

    // ---- the absolute trip: above max + margin (70 mmHg here), whatever the target ----------

    @Test
    void aReadingAtTheTripLevelPassesAndAboveItIsOverpressureInAReleasedChamber() {
        tick(70, 0, 0); // every target 0: no target to exceed, only the absolute trip
        assertThat(trips).isEmpty();
        tick(0, 70.01, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.OVERPRESSURE, 1, T0 + TICK, 70.01));
    }

    @Test
    void theAbsoluteTripHoldsWhereTheTargetWouldAllowMore() {
        targets[2] = 62; // 62 + 10 would allow 72
        tick(0, 0, 70);
        assertThat(trips).isEmpty();
        tick(0, 0, 71);
        assertThat(trips).containsExactly(new Tripped(FaultCode.OVERPRESSURE, 2, T0 + TICK, 71));
    }

    @Test
    void theAbsoluteTripNeverExceedsTheCompiledInCeiling() {
        PressureChecks lenient = checks(new Limits(75, 10, 90, 600, 0.25)); // 85 asked, 80 allowed
        lenient.check(T0, new double[] {Limits.CEILING_MMHG, 0, 0}, targets);
        assertThat(trips).isEmpty();
        lenient.check(T0 + TICK, new double[] {80.01, 0, 0}, targets);
        assertThat(trips).containsExactly(new Tripped(FaultCode.OVERPRESSURE, 0, T0 + TICK, 80.01));
    }

    @Test
    void anUnreadableChamberIsNoOverpressure() {
        targets[0] = 40;
        hold(100, Double.NaN, Double.NaN, Double.NaN);
        assertThat(trips).isEmpty();
    }

    // ---- the trip above a chamber's target: target + margin ------------------------------------

    @Test
    void aReadingAtItsTargetPlusTheMarginPassesAndAboveItIsOverpressure() {
        targets[1] = 40;
        tick(0, 50, 0);
        assertThat(trips).isEmpty();
        tick(0, 50.01, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.OVERPRESSURE, 1, T0 + TICK, 50.01));
    }

    @Test
    void anyPositiveTargetIsATargetHoweverSmall() {
        targets[0] = 0.5;
        tick(10.5, 0, 0);
        assertThat(trips).isEmpty();
        tick(10.51, 0, 0);
        assertThat(trips).extracting(Tripped::code).containsExactly(FaultCode.OVERPRESSURE);
    }

    @Test
    void aReleasedChamberHasNoTargetToExceed() {
        targets[0] = 0;
        targets[1] = -1;
        hold(10, 65, 65, 0); // venting, say: the venting checks judge it, and the absolute trip
        assertThat(trips).isEmpty();
    }

    @Test
    void aRaisedTargetRaisesTheTripLevelAtOnce() {
        targets[0] = 20;
        tick(25, 0, 0);
        targets[0] = 40;
        tick(50, 0, 0);
        assertThat(trips).isEmpty();
    }

    @Test
    void aLoweredTargetsTripLevelFollowsItDownAtTenMmHgPerSecond() {
        targets[0] = 40;
        tick(45, 0, 0); // trip level 50
        targets[0] = 20; // intensity lowered: the chamber bleeds towards 20, the level from 50 to 30
        hold(99, 40.05, 0, 0); // 0.99 s later the level is 40.1
        assertThat(trips).isEmpty();
        tick(40.05, 0, 0); // 1 s later it is 40
        assertThat(trips).containsExactly(new Tripped(FaultCode.OVERPRESSURE, 0, T0 + S, 40.05));
    }

    @Test
    void aLoweredTargetsTripLevelStopsAtTheNewTargetPlusTheMargin() {
        targets[0] = 40;
        tick(45, 0, 0);
        targets[0] = 20;
        hold(ticks(3), 30, 0, 0); // the level reached 30 after 2 s
        assertThat(trips).isEmpty();
        tick(30.01, 0, 0);
        assertThat(trips).extracting(Tripped::code).containsExactly(FaultCode.OVERPRESSURE);
    }

    @Test
    void aReleasedChamberGivenATargetAgainIsHeldToItAtOnce() {
        targets[0] = 40;
        tick(45, 0, 0);
        targets[0] = 0; // released
        tick(40, 0, 0);
        targets[0] = 20; // no bleed-down from the old target: its level is 30 at once
        tick(35, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.OVERPRESSURE, 0, T0 + 2 * TICK, 35));
    }

    // ---- reset (after a fault is cleared) -------------------------------------------------------

    @Test
    void resetDropsTheBleedDownOfALoweredTarget() {
        targets[0] = 40;
        tick(45, 0, 0);
        targets[0] = 20;
        tick(35, 0, 0); // the level is 49.9, bleeding down
        assertThat(trips).isEmpty();
        checks.reset();
        tick(35, 0, 0); // afresh: 20 + 10
        assertThat(trips).extracting(Tripped::code).containsExactly(FaultCode.OVERPRESSURE);
    }

    @Test
    void resetRestartsTheTimeAboveFifteen() {
        idle();
        hold(ticks(19), 20, 0, 0);
        checks.reset();
        long restart = now;
        hold(ticks(20) + 2, 20, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SESSION_STUCK, 0, restart + 20 * S + TICK, 20.0));
    }

    // ---- the time above 15 mmHg -----------------------------------------------------------------

    @Test
    void untilASessionIsReportedAChamberMayStayAboveFifteenForTheConfiguredLimit() {
        sessionReported = false;
        hold(ticks(90) + 1, 0, 20, 0); // T0 … T0 + 90 s: 90 s above 15 mmHg
        assertThat(trips).isEmpty();
        tick(0, 20, 0);
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t.code()).isEqualTo(FaultCode.INFLATED_TOO_LONG);
            assertThat(t.chamber()).isEqualTo(1);
            assertThat(t.at()).isEqualTo(T0 + 90 * S + TICK);
            assertThat(t.value()).isCloseTo(90, within(1e-9));
        });
    }

    @Test
    void idleAChamberMayStayAboveFifteenOnlyForTheSlackWhateverHoldIsReported() {
        idle();
        heldS = 30; // ignored: no session
        hold(ticks(20) + 1, 20, 0, 0);
        assertThat(trips).isEmpty();
        tick(20, 0, 0);
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t.code()).isEqualTo(FaultCode.SESSION_STUCK);
            assertThat(t.chamber()).isZero();
            assertThat(t.at()).isEqualTo(T0 + 20 * S + TICK);
            assertThat(t.value()).isCloseTo(20, within(1e-9));
        });
    }

    @Test
    void startingAChamberMayStayAboveFifteenOnlyForTheSlack() {
        starting();
        heldS = 30; // the program's, but the therapy has not begun
        hold(ticks(20) + 1, 0, 0, 20);
        assertThat(trips).isEmpty();
        tick(0, 0, 20);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SESSION_STUCK, 2, T0 + 20 * S + TICK, 20.0));
    }

    @Test
    void runningAChamberMayStayAboveFifteenForTheProgramsLongestHoldPlusTheSlack() {
        running();
        heldS = 30;
        hold(ticks(50) + 1, 40, 0, 0);
        assertThat(trips).isEmpty();
        tick(40, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SESSION_STUCK, 0, T0 + 50 * S + TICK, 50.0));
    }

    @Test
    void theSlackIsTheTimeThisBuildTakesToRelease() {
        expect(ThresholdsBuilder.of(3).release(7.5));
        running();
        heldS = 30;
        hold(ticks(37.5) + 1, 40, 0, 0);
        assertThat(trips).isEmpty();
        tick(40, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SESSION_STUCK, 0, T0 + 37_500_000_000L + TICK, 37.5));
    }

    @Test
    void aPausedSessionStillHoldsChambersToItsProgramsBound() {
        paused();
        heldS = 30;
        hold(ticks(50) + 2, 40, 0, 0);
        assertThat(first(FaultCode.SESSION_STUCK).at()).isEqualTo(T0 + 50 * S + TICK);
    }

    @Test
    void aProgramThatAllowsExactlyTheConfiguredLimitIsHeldToItAsTheConfiguredLimit() {
        running();
        heldS = 70; // 70 + 20 = the configured 90 s: that limit is the one that trips
        hold(ticks(90) + 2, 40, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.INFLATED_TOO_LONG, 0, T0 + 90 * S + TICK, 90.0));
    }

    @Test
    void theConfiguredLimitCapsAProgramThatHoldsLonger() {
        running();
        heldS = 120;
        hold(ticks(90) + 2, 40, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.INFLATED_TOO_LONG, 0, T0 + 90 * S + TICK, 90.0));
    }

    @Test
    void exactlyFifteenIsNotInflatedButJustAboveIs() {
        idle();
        hold(ticks(30), 15, 0, 0);
        assertThat(trips).isEmpty();
        long above = now;
        hold(ticks(20) + 2, 15.01, 0, 0);
        assertThat(trips).extracting(Tripped::at).containsExactly(above + 20 * S + TICK);
    }

    @Test
    void fallingToFifteenRestartsTheTime() {
        idle();
        hold(ticks(20), 20, 0, 0); // T0 … T0 + 19.99 s
        tick(15, 0, 0);
        long back = now;
        hold(ticks(20) + 2, 20, 0, 0);
        assertThat(trips).extracting(Tripped::at).containsExactly(back + 20 * S + TICK);
    }

    @Test
    void anUnreadableReadingNeitherStopsNorRestartsTheTime() {
        idle();
        hold(ticks(15), 20, 0, 0);
        hold(ticks(1), Double.NaN, 0, 0);
        hold(ticks(4) + 2, 20, 0, 0);
        assertThat(trips).extracting(Tripped::at).containsExactly(T0 + 20 * S + TICK);
    }

    @Test
    void eachChamberHasItsOwnTimeAboveFifteen() {
        idle();
        hold(ticks(2), 20, 0, 0);
        hold(ticks(20) + 2, 20, 0, 20); // chamber 2 from T0 + 2 s
        assertThat(first(FaultCode.SESSION_STUCK)).isEqualTo(
                new Tripped(FaultCode.SESSION_STUCK, 0, T0 + 20 * S + TICK, 20.0));
        assertThat(trips).filteredOn(t -> t.chamber() == 2).extracting(Tripped::at)
                .containsExactly(T0 + 22 * S + TICK);
    }

    // ---- the program's clock must move while the therapy is delivered --------------------------

    @Test
    void whileDeliveringAProgramClockThatStandsStillForMoreThanTwoSecondsIsStuck() {
        running();
        hold(ticks(5), 0, 0, 0);
        assertThat(trips).isEmpty();
        long lastMoved = now - TICK;
        programClockRuns = false;
        hold(ticks(2), 0, 0, 0); // still for 2 s
        assertThat(trips).isEmpty();
        tick(0, 0, 0);
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t.code()).isEqualTo(FaultCode.SESSION_STUCK);
            assertThat(t.chamber()).isEqualTo(-1);
            assertThat(t.at()).isEqualTo(lastMoved + 2 * S + TICK);
            assertThat(t.value()).isCloseTo(2.01, within(1e-9));
        });
    }

    @Test
    void aProgramClockThatNeverMovesFromTheFirstReportIsStuckTwoSecondsLater() {
        running();
        programClockRuns = false; // 0 s of therapy, and it stays there
        hold(ticks(2) + 1, 0, 0, 0);
        assertThat(trips).isEmpty();
        tick(0, 0, 0);
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t).extracting(Tripped::code, Tripped::chamber, Tripped::at)
                    .containsExactly(FaultCode.SESSION_STUCK, -1, T0 + 2 * S + TICK);
            assertThat(t.value()).isCloseTo(2.01, within(1e-9));
        });
    }

    @Test
    void notDeliveringTheProgramClockMayStandStillAndResumingGivesItItsTwoSecondsAgain() {
        running();
        hold(ticks(1), 0, 0, 0);
        paused();
        hold(ticks(10), 0, 0, 0);
        starting();
        hold(ticks(10), 0, 0, 0);
        idle();
        hold(ticks(10), 0, 0, 0);
        assertThat(trips).isEmpty();
        long lastStill = now - TICK; // the last tick on which standing still was no fault
        running();
        programClockRuns = false;
        hold(ticks(2), 0, 0, 0);
        assertThat(trips).isEmpty();
        tick(0, 0, 0);
        assertThat(trips).extracting(Tripped::code, Tripped::at)
                .containsExactly(tuple(FaultCode.SESSION_STUCK, lastStill + 2 * S + TICK));
    }

    // ---- a start must begin the therapy within the self-test at its slowest plus 30 s ----------

    @Test
    void aStartThatHasNotBegunTheTherapyWithinTheSlowestSelfTestPlus30SIsStuck() {
        starting(); // the envelope's: 5 s zero check, 15 + 15 + 1.3 s per chamber, 30 s
        double limit = 5 + 3 * (15 + 15 + 1.3) + 30;
        hold(ticks(128.89) + 1, 0, 0, 0); // T0 … T0 + 128.89 s
        assertThat(trips).isEmpty();
        tick(0, 0, 0); // 128.9 s: summed in floating point, the limit is a hair below it
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t).extracting(Tripped::code, Tripped::chamber, Tripped::at)
                    .containsExactly(FaultCode.SESSION_STUCK, -1, T0 + 128_900_000_000L);
            assertThat(t.value()).isCloseTo(limit, within(1e-9));
        });
    }

    @Test
    void theStartsLimitIsTheBuildsSelfTestAtItsSlowest() {
        expect(ThresholdsBuilder.of(3).fill(4.5, 4.5, 4.5).vent(4.5, 4.5, 4.5)); // 5 + 3 × 10.3 + 30 = 65.9 s
        starting();
        hold(ticks(65.9) + 1, 0, 0, 0); // T0 … T0 + 65.9 s
        assertThat(trips).isEmpty();
        tick(0, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SESSION_STUCK, -1, T0 + 65_900_000_000L + TICK, 65.9));
    }

    @Test
    void aStartThatBeginsTheTherapyIsNoLongerTimedAndTheNextStartHasTheLimitOfItsOwn() {
        expect(ThresholdsBuilder.of(3).fill(4.5, 4.5, 4.5).vent(4.5, 4.5, 4.5));
        starting();
        hold(ticks(50), 0, 0, 0);
        running();
        hold(ticks(100), 0, 0, 0);
        idle();
        tick(0, 0, 0);
        starting();
        long second = now;
        hold(ticks(65.9) + 1, 0, 0, 0);
        assertThat(trips).isEmpty();
        tick(0, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SESSION_STUCK, -1, second + 65_900_000_000L + TICK,
                65.9));
    }

    // ---- a session must end within the limit, pauses included ----------------------------------

    @Test
    void aSessionLongerThanTheLimitIsTooLongPausesIncluded() {
        starting();
        hold(ticks(30), 0, 0, 0);
        running();
        hold(ticks(270), 0, 0, 0);
        paused();
        hold(ticks(300) + 1, 0, 0, 0); // T0 + 600 s
        assertThat(trips).isEmpty();
        tick(0, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SESSION_TOO_LONG, -1, T0 + 600 * S + TICK, 600.0));
    }

    @Test
    void eachSessionHasTheLimitOfItsOwnAndIdleTimeIsNoSession() {
        idle();
        hold(ticks(700), 0, 0, 0);
        running();
        hold(ticks(500), 0, 0, 0);
        idle();
        tick(0, 0, 0);
        running();
        long second = now;
        hold(ticks(600) + 1, 0, 0, 0);
        assertThat(trips).isEmpty();
        tick(0, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SESSION_TOO_LONG, -1, second + 600 * S + TICK, 600.0));
    }

    @Test
    void anIdleUnitNeverTripsWhateverTheClocksOrigin() {
        now = -T0; // System.nanoTime() may be negative
        idle();
        hold(ticks(100), 0, 0, 0);
        assertThat(trips).isEmpty();
    }
}
