package dev.quietlegs.firmware.safety;

import static dev.quietlegs.firmware.safety.FaultCode.OVERPRESSURE;
import static dev.quietlegs.firmware.safety.FaultCode.SENSOR_DISAGREE;
import static dev.quietlegs.firmware.safety.FaultCode.SENSOR_OUT_OF_RANGE;
import static dev.quietlegs.firmware.safety.FaultCode.SENSOR_STUCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.hardware.port.OutputFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The manifold's sensor judged on its own and as the second opinion on every fed chamber, fed
 * readings and outputs directly, tick by tick at 10 ms.
 *
 * <p>Thresholds are written as the numbers the design promises, never as the class's constants: a
 * threshold moved in the code fails a test. Times are milliseconds since the first tick; the clock
 * itself starts at an arbitrary 7 s, as {@code System.nanoTime} may. Where the pump runs, the
 * manifold's reading moves a little from tick to tick, as a real one does, so that only the test
 * about a stuck sensor sees a stuck one.
 */
class ManifoldChecksTest {

    private static final long MS = 1_000_000L;
    private static final long TICK = 10 * MS;

    /** One call of the {@link Trip}: what, where, when (ms since the first tick), the figure. */
    record Tripped(FaultCode code, int chamber, long atMs, double value) {
    }

    /** The clock's reading at the first tick: arbitrary, as {@code System.nanoTime}'s is. */
    private long t0 = 7_000 * MS;
    private final List<Tripped> trips = new ArrayList<>();
    private final List<List<Cause>> causes = new ArrayList<>();
    private final ManifoldChecks checks = new ManifoldChecks(3, (code, chamber, now, value, named) -> {
        trips.add(new Tripped(code, chamber, (now - t0) / MS, value));
        causes.add(named);
    });
    /** The safe frame: pump off, main vent open, every inlet closed, every exhaust open. */
    private final OutputFrame out = new OutputFrame(3);
    private final double[] p = new double[3];
    private double manifold;
    private long now = t0 - TICK;

    // ---- the rig ----

    /** The first tick comes at {@code origin} on the clock. */
    private void clockStartsAt(long origin) {
        t0 = origin;
        now = origin - TICK;
    }

    private long lastMs() {
        return (now - t0) / MS;
    }

    private void tick(long dtMs) {
        now += dtMs * MS;
        checks.check(now, p, manifold, out);
    }

    private void tick() {
        tick(10);
    }

    /** Ticks until the last tick was at {@code ms}. */
    private void runTo(long ms) {
        runTo(ms, t -> { });
    }

    /** Ticks until the last tick was at {@code ms}, setting the readings for each tick's time first. */
    private void runTo(long ms, LongConsumer readings) {
        while (lastMs() < ms) {
            readings.accept(lastMs() + 10);
            tick();
        }
    }

    /** The manifold at {@code base}, or a millimetre of mercury above it on every other tick. */
    private static double moving(double base, long ms) {
        return base + (ms / 10) % 2;
    }

    /** Chamber {@code i} fed: its inlet open onto the manifold, the main vent shut, the pump at {@code duty}. */
    private void feed(int i, double duty) {
        out.inletOpen(i, true).exhaustOpen(i, false).ventOpen(false).pump(duty);
    }

    private void assertNoTrip() {
        assertThat(trips).as("trips").isEmpty();
    }

    /** Exactly one trip so far, this one. */
    private void assertTrip(FaultCode code, int chamber, long atMs, double value) {
        assertThat(trips).as("trips").hasSize(1);
        Tripped t = trips.get(0);
        assertThat(t.code()).as("code of %s", t).isEqualTo(code);
        assertThat(t.chamber()).as("chamber of %s", t).isEqualTo(chamber);
        assertThat(t.atMs()).as("time of %s", t).isEqualTo(atMs);
        assertThat(t.value()).as("value of %s", t).isCloseTo(value, within(1e-9));
    }

    // ---- no false alarms ----

    @Test
    void aCuffAtRestTripsNothing() {
        runTo(5_000);
        assertNoTrip();
    }

    @ParameterizedTest(name = "clock from {0} ns")
    @ValueSource(longs = {7_000_000_000L, 0, -3_000_000_000L, Long.MAX_VALUE - 2_000_000_000L})
    void aHealthyFillTripsNothingWhateverTheClockReads(long origin) {
        clockStartsAt(origin); // System.nanoTime may start anywhere, even just short of wrapping
        // the manifold primes to 15, then chamber 0 fills to 40 with the manifold 8 above it; the
        // gate slows the pump to a trickle at the cap and the two settle together
        out.pump(1).ventOpen(false);
        runTo(290, t -> manifold = t * 0.05);
        feed(0, 1);
        runTo(2_290, t -> {
            p[0] = (t - 300) * 0.02;
            manifold = p[0] + 8;
        });
        out.pump(0.05);
        runTo(4_000, t -> {
            p[0] = Math.min(45, p[0] + 0.1);
            manifold = Math.max(p[0] + 0.5, manifold - 0.2);
        });
        assertNoTrip();
    }

    // ---- sensor-out-of-range: below -5 or above 300 mmHg, at once ----

    @Test
    void minusFiveIsTheLowestBelievableReading() {
        manifold = -5;
        runTo(1_000);
        assertNoTrip();
    }

    @Test
    void belowMinusFiveIsOutOfRangeAtOnce() {
        manifold = -5.1;
        tick();
        assertTrip(SENSOR_OUT_OF_RANGE, -1, 0, -5.1);
    }

    @Test
    void threeHundredIsTheHighestBelievableReadingButFarAboveTheCeiling() {
        manifold = 300;
        tick();
        assertTrip(OVERPRESSURE, -1, 0, 300);
    }

    @Test
    void aboveThreeHundredIsOutOfRangeAndAboveTheCeiling() {
        manifold = 300.1;
        tick();
        assertThat(trips).containsExactly(new Tripped(SENSOR_OUT_OF_RANGE, -1, 0, 300.1),
                new Tripped(OVERPRESSURE, -1, 0, 300.1));
    }

    // ---- overpressure: the manifold above the compiled-in ceiling of 80 mmHg, at once ----

    @Test
    void eightyMmHgIsNotAboveTheCeiling() {
        manifold = 80;
        runTo(1_000);
        assertNoTrip();
    }

    @Test
    void aboveEightyMmHgIsOverpressureAtOnce() {
        runTo(490);
        manifold = 80.1;
        tick();
        assertTrip(OVERPRESSURE, -1, 500, 80.1);
    }

    @Test
    void anUnreadableManifoldIsTheSensorChecksBusiness() {
        manifold = Double.NaN;
        feed(0, 1);
        p[0] = 60;
        runTo(1_000);
        out.pump(0.05);
        runTo(3_000);
        assertNoTrip();
    }

    // ---- sensor-stuck: an identical reading for 0.5 s while the pump runs against the shut vent ----

    @Test
    void aReadingIdenticalForHalfASecondWhileThePumpRunsIsStuck() {
        out.pump(1).ventOpen(false);
        manifold = 20;
        runTo(490);
        assertNoTrip();
        tick();
        assertTrip(SENSOR_STUCK, -1, 500, 20);
    }

    @Test
    void aReadingStuckAtZeroFromTheFirstTickIsStuck() {
        out.pump(1).ventOpen(false); // a dead sensor at power-on, the pump running
        runTo(490);
        assertNoTrip();
        tick();
        assertTrip(SENSOR_STUCK, -1, 500, 0);
    }

    @Test
    void aReadingThatMovesIsNotStuck() {
        out.pump(1).ventOpen(false);
        runTo(5_000, t -> manifold = moving(20, t));
        assertNoTrip();
    }

    @Test
    void everyChangeStartsTheHalfSecondAgain() {
        out.pump(1).ventOpen(false);
        manifold = 20;
        runTo(490);
        manifold = 20.1;
        runTo(990);
        assertNoTrip();
        tick();
        assertTrip(SENSOR_STUCK, -1, 1_000, 20.1);
    }

    @Test
    void aPumpAtThirtyPercentIsRunning() {
        out.pump(0.3).ventOpen(false);
        manifold = 20;
        runTo(500);
        assertTrip(SENSOR_STUCK, -1, 500, 20);
    }

    @Test
    void withThePumpSlowedOrTheVentOpenTheReadingMayStayPut() {
        out.pump(0.29).ventOpen(false);
        manifold = 20;
        runTo(2_000);
        out.pump(1).ventOpen(true);
        runTo(4_000);
        assertNoTrip();
        out.ventOpen(false); // pumping again from 4.01 s: half a second from the last tick it was not
        runTo(4_490);
        assertNoTrip();
        tick();
        assertTrip(SENSOR_STUCK, -1, 4_500, 20);
    }

    @Test
    void anUnreadableSampleDoesNotHideAStuckSensor() {
        out.pump(1).ventOpen(false);
        manifold = 20;
        runTo(290);
        manifold = Double.NaN;
        runTo(390);
        manifold = 20;
        runTo(490);
        assertNoTrip();
        tick();
        assertTrip(SENSOR_STUCK, -1, 500, 20);
    }

    // ---- sensor-disagree: a fed chamber more than 5 mmHg above its manifold for 0.2 s, while fed ----

    @Test
    void aFedChamberAboveItsManifoldDisagreesAfterTwoTenthsOfASecond() {
        feed(0, 1);
        runTo(90, t -> p[0] = manifold = moving(30, t));
        runTo(280, t -> p[0] = (manifold = moving(30, t)) + 5.5); // above from 100 ms
        assertNoTrip();
        runTo(290, t -> p[0] = (manifold = moving(30, t)) + 5.5); // 0.2 s since it last agreed
        assertTrip(SENSOR_DISAGREE, 0, 290, 5.5);
    }

    @Test
    void fiveMmHgAboveIsWithinTheTwoSensorsTolerances() {
        feed(0, 1);
        runTo(5_000, t -> p[0] = (manifold = moving(30, t)) + 5);
        assertNoTrip();
    }

    @Test
    void theFirstTickCountsNoTimeHoweverLateTheClockReads() {
        feed(0, 1);
        runTo(190, t -> p[0] = (manifold = moving(30, t)) + 5.5); // above from the first tick, at 7 s
        assertNoTrip();
        runTo(200, t -> p[0] = (manifold = moving(30, t)) + 5.5);
        assertTrip(SENSOR_DISAGREE, 0, 200, 5.5);
    }

    @Test
    void theTimeAboveAddsUpWhileFedAcrossAnInletThatClosesAndOpensAgain() {
        feed(0, 1);
        runTo(90, t -> p[0] = manifold = moving(30, t));
        runTo(240, t -> p[0] = (manifold = moving(30, t)) + 5.5); // 0.15 s above
        out.inletOpen(0, false); // closed: not fed, the time neither counts nor restarts
        runTo(990, t -> {
            manifold = moving(30, t);
            p[0] = 50;
        });
        out.inletOpen(0, true);
        runTo(1_030, t -> p[0] = (manifold = moving(30, t)) + 5.5);
        assertNoTrip();
        runTo(1_040, t -> p[0] = (manifold = moving(30, t)) + 5.5); // 0.05 s more
        assertTrip(SENSOR_DISAGREE, 0, 1_040, 5.5);
    }

    @Test
    void anUnreadableChamberNeitherCountsNorRestartsTheTimeAbove() {
        feed(0, 1);
        runTo(90, t -> p[0] = manifold = moving(30, t));
        runTo(240, t -> p[0] = (manifold = moving(30, t)) + 5.5);
        runTo(990, t -> {
            manifold = moving(30, t);
            p[0] = Double.NaN;
        });
        runTo(1_030, t -> p[0] = (manifold = moving(30, t)) + 5.5);
        assertNoTrip();
        runTo(1_040, t -> p[0] = (manifold = moving(30, t)) + 5.5);
        assertTrip(SENSOR_DISAGREE, 0, 1_040, 5.5);
    }

    @Test
    void aFedTickThatAgreesStartsTheTimeAboveAgain() {
        feed(0, 1);
        runTo(90, t -> p[0] = manifold = moving(30, t));
        runTo(240, t -> p[0] = (manifold = moving(30, t)) + 5.5);
        runTo(250, t -> p[0] = manifold = moving(30, t)); // agrees once
        runTo(440, t -> p[0] = (manifold = moving(30, t)) + 5.5);
        assertNoTrip();
        runTo(450, t -> p[0] = (manifold = moving(30, t)) + 5.5);
        assertTrip(SENSOR_DISAGREE, 0, 450, 5.5);
    }

    @Test
    void withTheMainVentOpenAChamberIsNotFedByTheManifold() {
        out.inletOpen(0, true).exhaustOpen(0, false).ventOpen(true).pump(1);
        runTo(3_000, t -> p[0] = (manifold = moving(10, t)) + 20);
        out.pump(0);
        runTo(6_000);
        assertNoTrip();
    }

    @Test
    void onlyAChamberWhoseInletIsOpenIsComparedWithTheManifold() {
        out.pump(1).ventOpen(false); // priming, every inlet closed
        p[1] = 60; // a held chamber far above the manifold
        runTo(3_000, t -> manifold = moving(10, t));
        assertNoTrip();
    }

    // ---- sensor-disagree: fed with the pump slowed below 15 % for 0.3 s, the two read alike ----

    @ParameterizedTest(name = "clock from {0} ns")
    @ValueSource(longs = {7_000_000_000L, 0, -3_000_000_000L, Long.MAX_VALUE - 100_000_000L})
    void aFedChamberWithThePumpSlowedToATrickleMustReadLikeItsManifold(long origin) {
        clockStartsAt(origin);
        feed(0, 0.1); // from the very first tick: the first tick counts no time
        manifold = 40;
        p[0] = 20; // the inlet does not open, or the hose is kinked
        runTo(290);
        assertNoTrip();
        tick();
        assertTrip(SENSOR_DISAGREE, 0, 300, -20);
    }

    @Test
    void whileThePumpRunsAFedChamberMayReadFarBelowItsManifold() {
        feed(0, 1);
        p[0] = 20;
        runTo(5_000, t -> manifold = moving(40, t));
        assertNoTrip();
    }

    @ParameterizedTest(name = "manifold {0}, chamber {1}: disagrees {2}")
    @CsvSource({
        "40, 28,   false", // 12 apart: 6 + 15 % of 40
        "40, 27.9, true",
        "60, 45,   false", // 15 apart: 6 + 15 % of 60
        "60, 44.9, true",
        "40, 45,   false", // above, within the 5 mmHg of the other check
    })
    void settledTheyMayDifferBySixPlusFifteenPercentOfTheManifold(double m, double chamber, boolean disagrees) {
        feed(0, 0.1);
        manifold = m;
        p[0] = chamber;
        runTo(2_000);
        if (disagrees) {
            assertThat(trips).first().isEqualTo(new Tripped(SENSOR_DISAGREE, 0, 300, chamber - m));
        } else {
            assertNoTrip();
        }
    }

    @Test
    void theDutyIsSmoothedSoADropFromFullIsSettledOnlyAfterAboutThreeTimeConstants() {
        feed(0, 1);
        p[0] = 20;
        runTo(990, t -> manifold = moving(40, t));
        out.pump(0.1); // at 1 s; the smoothed duty reaches 15 % some 0.45 s later, then 0.3 s settled
        manifold = 40;
        runTo(1_700);
        assertNoTrip();
        runTo(1_750);
        assertThat(trips).first().satisfies(t -> {
            assertThat(t.code()).isEqualTo(SENSOR_DISAGREE);
            assertThat(t.chamber()).isZero();
            assertThat(t.value()).isEqualTo(-20);
        });
    }

    /** Chamber 0 (at 20, its manifold at 40) fed at full for a second; then the gate caps the pump. */
    private void fillingThenJittering() {
        feed(0, 1);
        p[0] = 20;
        runTo(990, t -> manifold = moving(40, t));
        manifold = 40;
    }

    @Test
    void aPumpJitteringAtTheCapAboveFifteenPercentOnAverageIsNotSettled() {
        fillingThenJittering();
        runTo(5_000, t -> out.pump((t / 10) % 2 == 0 ? 0.35 : 0)); // 17.5 % on average
        assertNoTrip();
    }

    @Test
    void aPumpJitteringAtTheCapBelowFifteenPercentOnAverageIsSettled() {
        fillingThenJittering();
        runTo(5_000, t -> out.pump((t / 10) % 2 == 0 ? 0.2 : 0)); // 10 % on average
        assertThat(trips).isNotEmpty().allSatisfy(t -> {
            assertThat(t.code()).isEqualTo(SENSOR_DISAGREE);
            assertThat(t.chamber()).isZero();
        });
    }

    @Test
    void aSmoothedDutyOfExactlyFifteenPercentIsNotSettled() {
        feed(0, 0.3);
        manifold = 40;
        p[0] = 20;
        tick(); // the first tick: nothing smoothed yet
        tick(150); // a tick one filter time constant late moves the smoothed duty halfway to 30 %: 15 %
        out.pump(0.15); // and there it stays
        runTo(3_000);
        assertNoTrip();
    }

    @Test
    void aSmoothedDutyJustBelowFifteenPercentIsSettledAndALateTickCountsInFull() {
        feed(0, 0.29);
        manifold = 40;
        p[0] = 20;
        tick();
        tick(150); // halfway to 29 %: 14.5 %, settled for 0.15 s
        out.pump(0.145);
        runTo(290);
        assertNoTrip();
        tick();
        assertTrip(SENSOR_DISAGREE, 0, 300, -20);
    }

    @Test
    void aChamberThatStopsBeingFedIsSettledAfresh() {
        feed(0, 0.1);
        manifold = 40;
        p[0] = 20;
        runTo(250); // settled 0.25 s
        out.inletOpen(0, false);
        runTo(260);
        out.inletOpen(0, true); // fed again from 270 ms
        runTo(550);
        assertNoTrip();
        tick();
        assertTrip(SENSOR_DISAGREE, 0, 560, -20);
    }

    @Test
    void anUnreadableChamberIsSettledAfresh() {
        feed(0, 0.1);
        manifold = 40;
        p[0] = 20;
        runTo(250);
        p[0] = Double.NaN;
        runTo(260);
        p[0] = 20;
        runTo(550);
        assertNoTrip();
        tick();
        assertTrip(SENSOR_DISAGREE, 0, 560, -20);
    }

    // ---- what a settled disagreement names ----

    /** Chamber 0 fed at 10 % into a manifold at 40: reading {@code first} at 0 ms, {@code settled} from 10 ms, {@code last} at 300 ms. */
    private void settledReading(double first, double settled, double last) {
        feed(0, 0.1);
        manifold = 40;
        p[0] = first;
        tick();
        p[0] = settled;
        runTo(290);
        assertNoTrip();
        p[0] = last;
        tick();
        assertTrip(SENSOR_DISAGREE, 0, 300, last - 40);
    }

    @Test
    void aSettledChamberAboveItsManifoldHasASensorWrong() {
        settledReading(40, 40, 52.1); // up at once: the other check's 0.2 s have not passed
        assertThat(causes.get(0)).containsExactly(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR);
    }

    @Test
    void aSettledChamberBelowThatRoseLessThan1MmHgSinceItsFeedingBeganGetsNoAir() {
        settledReading(Math.nextUp(19.0), 20, 20);
        assertThat(causes.get(0)).containsExactly(Cause.INLET_VALVE, Cause.HOSE_KINKED);
    }

    @Test
    void aSettledChamberBelowThatRose1MmHgAndStayedHasASensorWrong() {
        settledReading(19, 20, 20);
        assertThat(causes.get(0)).containsExactly(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR);
    }

    @Test
    void aSettledChamberBelowStillClimbingMoreThanATenthOfAnMmHgGetsAirSlowly() {
        settledReading(-1, 0, Math.nextUp(0.2));
        assertThat(causes.get(0)).containsExactly(Cause.HOSE_KINKED, Cause.INLET_VALVE);
    }

    @Test
    void aSettledChamberBelowClimbingExactlyTwoTenthsHasASensorWrong() {
        settledReading(-1, 0, 0.2);
        assertThat(causes.get(0)).containsExactly(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR);
    }

    @Test
    void theFeedingStartsAfreshWhenTheChamberIsFedAgain() {
        feed(0, 0.1);
        manifold = 40;
        p[0] = 10; // fed from 10: it rose to 20
        runTo(100);
        out.inletOpen(0, false);
        p[0] = 20;
        runTo(200);
        out.inletOpen(0, true); // fed again from 20, at 210 ms
        runTo(510);
        assertThat(trips).extracting(Tripped::code).first().isEqualTo(SENSOR_DISAGREE);
        assertThat(causes.get(0)).containsExactly(Cause.INLET_VALVE, Cause.HOSE_KINKED);
    }

    @Test
    void theSettledStretchStartsAfreshWhenThePumpSpeedsUp() {
        feed(0, 0.1);
        manifold = 40;
        p[0] = 10;
        runTo(100);
        out.pump(1); // not settled from 110 ms
        runTo(200, t -> p[0] = 10 + (t - 100) / 10.0); // 20 by 200 ms
        out.pump(0.1);
        runTo(2_000); // the duty smoothed down, settled again at 20: not climbing since
        assertThat(trips).extracting(Tripped::code).first().isEqualTo(SENSOR_DISAGREE);
        assertThat(causes.get(0)).containsExactly(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR);
    }
}
