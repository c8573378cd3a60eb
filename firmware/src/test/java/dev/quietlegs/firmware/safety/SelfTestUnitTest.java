package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.safety.SelfTest.Result;
import dev.quietlegs.hardware.port.OutputFrame;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The self-test before every session, driven tick by tick (10 ms) with readings: what it writes in
 * each stage (zero, fill, settle, hold, vent), when it judges, and which single fault each of its
 * failures names. The simulated-plant view of it is {@code simulate.SelfTestTest}.
 */
class SelfTestUnitTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long TICK = 10 * MS;
    /** Any start: every stage's time is counted from its own beginning. */
    private static final long T0 = 1_000 * S;

    private static final String SAFE = "pump 0%, motor 0%, every inlet closed, every exhaust open, main vent open";
    private static final String FILL_ANKLE = "pump 100%, motor 0%, inlet 1 open, exhaust 1 closed, main vent closed";
    private static final String SETTLE_ANKLE = "pump 0%, motor 0%, inlet 1 open, exhaust 1 closed, main vent closed";
    private static final String HOLD_ANKLE = "pump 0%, motor 0%, every inlet closed, exhaust 1 closed, main vent open";

    private SelfTest test = new SelfTest(List.of("ankle", "calf", "thigh"));
    private final OutputFrame out = new OutputFrame(3);
    private final double[] targets = new double[3];
    private long now = T0;

    /** The self-test expects these of the build (before it begins). */
    private void expect(ThresholdsBuilder t) {
        test = new SelfTest(List.of("ankle", "calf", "thigh"), t.build());
    }

    /** One tick: the frame and targets are left dirty on purpose, since the step must write all of them. */
    private Result tick(double[] p, double manifold) {
        now += TICK;
        out.pump(0.7).motor(1).ventOpen(false);
        for (int i = 0; i < 3; i++) {
            out.inletOpen(i, true).exhaustOpen(i, false);
        }
        Arrays.fill(targets, 33);
        return test.step(now, p.clone(), manifold, out, targets);
    }

    private static double[] p(double ankle, double calf, double thigh) {
        return new double[] {ankle, calf, thigh};
    }

    private static double[] only(int chamber, double v, double[] others) {
        double[] p = others.clone();
        p[chamber] = v;
        return p;
    }

    /** Begins and passes the zero check on its 50th tick (0.5 s): the next tick fills. */
    private void zeroed(int... used) {
        zeroedAt(p(0, 0, 0), used);
    }

    /** The same with the cuff reading {@code p} (within the zero band): where the first fill judges the others from. */
    private void zeroedAt(double[] p, int... used) {
        test.begin(now, used);
        for (int k = 1; k <= 50; k++) {
            assertThat(tick(p, 0)).isEqualTo(Result.RUNNING);
            assertThat(out).hasToString(SAFE);
            assertThat(targets).containsExactly(0, 0, 0);
        }
    }

    /** Fills {@code chamber} to exactly 10 mmHg in 10 ticks, the others at {@code others}: the next tick settles. */
    private void filled(int chamber, double[] others) {
        for (int k = 1; k <= 10; k++) {
            assertThat(tick(only(chamber, k, others), k + 2)).isEqualTo(Result.RUNNING);
        }
    }

    /** Settles at {@code value} with the manifold alike for 0.3 s: judged, and on to the hold, on the 30th tick. */
    private void settled(int chamber, double value, double[] others) {
        for (int k = 1; k <= 30; k++) {
            assertThat(tick(only(chamber, value, others), value)).isEqualTo(Result.RUNNING);
        }
    }

    /** Holds for 1 s with readings {@code p(milliseconds into the hold)}; returns the 100th tick's result. */
    private Result hold(int chamber, double[] others, IntToDoubleFunction p) {
        for (int ms = 10; ms < 1000; ms += 10) {
            assertThat(tick(only(chamber, p.applyAsDouble(ms), others), 0)).isEqualTo(Result.RUNNING);
        }
        return tick(only(chamber, p.applyAsDouble(1000), others), 0);
    }

    /** Zero, fill, settle and hold of the ankle alone, to the start of its vent. */
    private void ankleHeld() {
        zeroed(0);
        filled(0, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0));
        assertThat(hold(0, p(0, 0, 0), ms -> 10)).isEqualTo(Result.RUNNING);
    }

    private void assertFailed(Result r, int chamber, List<Cause> causes, String why) {
        assertThat(r).isEqualTo(Result.FAILED);
        assertThat(test.failedChamber()).isEqualTo(chamber);
        assertThat(test.failure()).isEqualTo(why);
        assertThat(test.causes()).isEqualTo(causes);
    }

    // ---- a good cuff ----

    @Test
    void aGoodCuffPassesEveryStageWithTheFrameAndTargetEachNeeds() {
        zeroed(0, 2); // a program using the ankle and the thigh: the calf is only zero-checked

        filled(0, p(0, 0, 0));
        assertThat(out).hasToString(FILL_ANKLE);
        assertThat(targets).containsExactly(10, 0, 0);

        settled(0, 10, p(0, 0, 0));
        assertThat(out).as("settle: inlet open, pump stopped, vent shut").hasToString(SETTLE_ANKLE);
        assertThat(targets).containsExactly(10, 0, 0);

        assertThat(hold(0, p(0, 0, 0), ms -> 10)).isEqualTo(Result.RUNNING);
        assertThat(out).as("hold: both valves of the chamber shut, the manifold vented").hasToString(HOLD_ANKLE);
        assertThat(targets).containsExactly(10, 0, 0);

        assertThat(tick(p(3, 0, 0), 0)).isEqualTo(Result.RUNNING);
        assertThat(out).as("vent").hasToString(SAFE);
        assertThat(targets).containsExactly(0, 0, 0);
        assertThat(tick(p(2, 0, 0), 0)).as("the ankle vented: on to the thigh").isEqualTo(Result.RUNNING);

        filled(2, p(2, 0, 0));
        assertThat(out).hasToString("pump 100%, motor 0%, inlet 3 open, exhaust 3 closed, main vent closed");
        assertThat(targets).containsExactly(0, 0, 10);
        settled(2, 10, p(2, 0, 0));
        assertThat(out).hasToString("pump 0%, motor 0%, inlet 3 open, exhaust 3 closed, main vent closed");
        assertThat(hold(2, p(2, 0, 0), ms -> 10)).isEqualTo(Result.RUNNING);
        assertThat(out).hasToString("pump 0%, motor 0%, every inlet closed, exhaust 3 closed, main vent open");
        assertThat(targets).containsExactly(0, 0, 10);

        assertThat(tick(p(2, 0, 1), 0)).isEqualTo(Result.PASSED);
        assertThat(out).hasToString(SAFE);
        assertThat(test.failure()).isNull();
        assertThat(test.failedChamber()).isEqualTo(-1);
    }

    @Test
    void aProgramThatFillsNothingPassesOnTheZeroCheckAloneAfterHalfASecond() {
        test.begin(now, new int[0]);
        for (int k = 1; k < 50; k++) {
            assertThat(tick(p(0, 0, 0), 0)).isEqualTo(Result.RUNNING);
            assertThat(out).hasToString(SAFE);
        }
        assertThat(tick(p(0, 0, 0), 0)).isEqualTo(Result.PASSED);
        assertThat(out).hasToString(SAFE);
    }

    @Test
    void theChambersAreTestedInTheProgramsOrderAndOnlyThose() {
        zeroed(2, 1);
        assertThat(tick(p(0, 0, 1), 3)).isEqualTo(Result.RUNNING);
        assertThat(out).hasToString("pump 100%, motor 0%, inlet 3 open, exhaust 3 closed, main vent closed");
    }

    @Test
    void theListOfChambersIsCopiedAtTheBeginning() {
        int[] used = {0};
        test.begin(now, used);
        used[0] = 2;
        for (int k = 1; k <= 50; k++) {
            tick(p(0, 0, 0), 0);
        }
        tick(p(1, 0, 0), 3);
        assertThat(out).hasToString(FILL_ANKLE);
    }

    @Test
    void beginningAgainForgetsTheLastFailure() {
        test.begin(now, new int[] {1});
        Result r = Result.RUNNING;
        while (r == Result.RUNNING) {
            r = tick(p(0, 5, 0), 0);
        }
        assertThat(test.failedChamber()).isEqualTo(1);
        assertThat(test.causes()).containsExactly(Cause.CHAMBER_SENSOR);
        test.begin(now, new int[] {1});
        assertThat(test.failure()).isNull();
        assertThat(test.failedChamber()).isEqualTo(-1);
        assertThat(test.causes()).isEmpty();
    }

    @Test
    void itTakesThresholdsForTheChambersItNames() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new SelfTest(List.of("ankle", "calf", "thigh"), Thresholds.envelope(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("thresholds for 2 chambers, 3 named");
    }

    // ---- what changed since the cuff was commissioned ----

    /** Fills {@code chamber} to exactly 10 mmHg in {@code ticks} ticks, the others at {@code others}. */
    private void filledIn(int chamber, int ticks, double[] others) {
        for (int k = 1; k <= ticks; k++) {
            assertThat(tick(only(chamber, 10.0 * k / ticks, others), 10.0 * k / ticks + 2)).isEqualTo(Result.RUNNING);
        }
    }

    /** The ankle filled in {@code ankleTicks}, the thigh in {@code thighTicks}, and the self-test passed. */
    private void passedFilling(int ankleTicks, int thighTicks) {
        zeroed(0, 2);
        filledIn(0, ankleTicks, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0));
        assertThat(hold(0, p(0, 0, 0), ms -> 10)).isEqualTo(Result.RUNNING);
        assertThat(tick(p(2, 0, 0), 0)).isEqualTo(Result.RUNNING);
        filledIn(2, thighTicks, p(2, 0, 0));
        settled(2, 10, p(2, 0, 0));
        assertThat(hold(2, p(2, 0, 0), ms -> 10)).isEqualTo(Result.RUNNING);
        assertThat(tick(p(2, 0, 1), 0)).isEqualTo(Result.PASSED);
    }

    @Test
    void aFillMuchFasterOrSlowerThanWhenCommissionedIsWorthAWord() {
        expect(ThresholdsBuilder.of(3).expectedFill(1, 1, 1));
        passedFilling(64, 136);
        assertThat(test.changes()).isEqualTo("the ankle chamber now fills 36 % faster than when commissioned (0.6 s,"
                + " then 1.0 s): is the cuff on more tightly, or the leg larger?; the thigh chamber now fills 36 %"
                + " slower than when commissioned (1.4 s, then 1.0 s): is the cuff on more loosely, or is a hose"
                + " leaking?");
    }

    @Test
    void theChangeIsAShareOfTheCommissionedFill() {
        expect(ThresholdsBuilder.of(3).expectedFill(2, 1, 0.5));
        passedFilling(128, 100); // 1.28 s for 2 s; 1 s for 0.5 s
        assertThat(test.changes()).isEqualTo("the ankle chamber now fills 36 % faster than when commissioned (1.3 s,"
                + " then 2.0 s): is the cuff on more tightly, or the leg larger?; the thigh chamber now fills 100 %"
                + " slower than when commissioned (1.0 s, then 0.5 s): is the cuff on more loosely, or is a hose"
                + " leaking?");
    }

    @Test
    void aScheduledStartComparesTheFillsWithAReferenceAndCopiesOnlyTheChambersFilled() {
        passedFilling(100, 136); // the ankle in 1 s, the thigh in 1.36 s; the calf not used
        double[] fills = {Double.NaN, 7, Double.NaN};
        test.copyFills(fills);
        assertThat(fills[0]).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.02));
        assertThat(fills[1]).isEqualTo(7);
        assertThat(fills[2]).isCloseTo(1.36, org.assertj.core.api.Assertions.within(0.02));
        assertThat(test.unlike(new double[] {1, Double.NaN, 1.1})).as("within 35 %, the calf not compared").isEqualTo(-1);
        assertThat(test.unlike(new double[] {1, 1, 0.9})).as("the thigh 51 % slower").isEqualTo(2);
        assertThat(test.unlike(new double[] {1.6, 1, 1.36})).as("the ankle 37 % faster").isEqualTo(0);
        assertThat(test.unlike(new double[] {Double.NaN, 1, 1.36})).as("no reference for the ankle").isEqualTo(0);
    }

    @Test
    void aFill35PercentFasterIsNothingToSay() {
        expect(ThresholdsBuilder.of(3).expectedFill(1, 1, 2));
        passedFilling(65, 200);
        assertThat(test.changes()).isEmpty();
    }

    @Test
    void onlyTheChambersFilledAreCompared() {
        expect(ThresholdsBuilder.of(3).expectedFill(1, 9, 1)); // the calf is not used
        passedFilling(100, 136);
        assertThat(test.changes()).isEqualTo("the thigh chamber now fills 36 % slower than when commissioned (1.4 s,"
                + " then 1.0 s): is the cuff on more loosely, or is a hose leaking?");
    }

    @Test
    void withoutAProfileNothingIsCompared() {
        passedFilling(10, 300);
        assertThat(test.changes()).isEmpty();
    }

    @Test
    void aChamberNotFilledThisTimeIsNotCompared() {
        expect(ThresholdsBuilder.of(3).expectedFill(1, 1, 1));
        passedFilling(64, 100);
        assertThat(test.changes()).startsWith("the ankle chamber now fills 36 % faster");
        test.begin(now, new int[] {0, 2}); // begun again: nothing filled yet
        assertThat(test.changes()).isEmpty();
        for (int k = 1; k <= 501; k++) {
            tick(p(0, 0, 5), 0); // and failed at the zero check
        }
        assertThat(test.failedChamber()).isEqualTo(2);
        assertThat(test.changes()).isEmpty();
    }

    // ---- zero ----

    @Test
    void theZeroCheckWaitsHalfASecondThenFillsOnTheNextTick() {
        test.begin(now, new int[] {0});
        for (int k = 1; k <= 49; k++) {
            tick(p(0, 0, 0), 0);
        }
        tick(p(0, 0, 0), 0); // 0.5 s: judged
        assertThat(out).hasToString(SAFE);
        tick(p(1, 0, 0), 3);
        assertThat(out).hasToString(FILL_ANKLE);
    }

    @Test
    void readingsJustInsideThe3MmHgBandPassTheZeroCheck() {
        double in = Math.nextDown(3.0);
        test.begin(now, new int[] {0});
        for (int k = 1; k <= 50; k++) {
            tick(p(in, -in, in), -in);
        }
        tick(p(in + 1, -in, in), 3);
        assertThat(out).hasToString(FILL_ANKLE);
    }

    @Test
    void aCuffThatEmptiesLateIsWaitedFor() {
        test.begin(now, new int[] {0});
        for (int k = 1; k <= 450; k++) {
            assertThat(tick(p(0, 5, 0), 0)).isEqualTo(Result.RUNNING);
            assertThat(out).hasToString(SAFE);
        }
        tick(p(0, 0, 0), 0); // 4.51 s: empty at last
        tick(p(1, 0, 0), 3);
        assertThat(out).hasToString(FILL_ANKLE);
    }

    @Test
    void aChamberReading3MmHgOpenToTheRoomFailsAfter5SNamingIt() {
        test.begin(now, new int[] {0, 1, 2});
        for (int k = 1; k <= 500; k++) {
            assertThat(tick(p(0, 0, 3), 0)).isEqualTo(Result.RUNNING);
        }
        assertFailed(tick(p(0, 0, 3), 0), 2, List.of(Cause.CHAMBER_SENSOR),
                "the thigh chamber reads 3 mmHg with the cuff open to the room: sensor offset, or the cuff cannot empty");
    }

    @Test
    void aNegativeOffsetFailsTooAndTheFirstOfSeveralIsNamed() {
        test.begin(now, new int[] {0});
        for (int k = 1; k <= 500; k++) {
            tick(p(-3, 0, 4), 0);
        }
        assertFailed(tick(p(-3, 0, 4), 0), 0, List.of(Cause.CHAMBER_SENSOR),
                "the ankle chamber reads -3 mmHg with the cuff open to the room: sensor offset, or the cuff cannot empty");
    }

    @Test
    void anUnreadableChamberSensorFailsTheZeroCheckNamingIt() {
        test.begin(now, new int[] {0});
        for (int k = 1; k <= 500; k++) {
            tick(p(0, Double.NaN, 0), 0);
        }
        Result r = tick(p(0, Double.NaN, 0), 0);
        assertThat(r).isEqualTo(Result.FAILED);
        assertThat(test.failedChamber()).isEqualTo(1);
        assertThat(test.failure()).isEqualTo("the pressure sensor of the calf chamber cannot be read");
    }

    @Test
    void aManifoldReadingPressureWithThePumpOffFailsAfter5SNamingNoChamber() {
        test.begin(now, new int[] {0});
        for (int k = 1; k <= 500; k++) {
            assertThat(tick(p(0, 0, 0), 3)).isEqualTo(Result.RUNNING);
        }
        assertFailed(tick(p(0, 0, 0), 3), -1, List.of(Cause.MANIFOLD_SENSOR, Cause.PUMP),
                "the manifold reads 3 mmHg with the pump off: sensor offset or pump running");
    }

    @Test
    void aManifoldReadingBelowTheBandOrNotAtAllFailsToo() {
        test.begin(now, new int[0]);
        for (int k = 1; k <= 500; k++) {
            tick(p(0, 0, 0), -3);
        }
        assertFailed(tick(p(0, 0, 0), -3), -1, List.of(Cause.MANIFOLD_SENSOR, Cause.PUMP),
                "the manifold reads -3 mmHg with the pump off: sensor offset or pump running");
        test.begin(now, new int[0]);
        for (int k = 1; k <= 500; k++) {
            tick(p(0, 0, 0), Double.NaN);
        }
        assertThat(tick(p(0, 0, 0), Double.NaN)).isEqualTo(Result.FAILED);
        assertThat(test.failedChamber()).isEqualTo(-1);
    }

    // ---- fill ----

    @Test
    void theFillEndsAtExactly10MmHg() {
        zeroed(0);
        assertThat(tick(p(Math.nextDown(10.0), 0, 0), 12)).isEqualTo(Result.RUNNING);
        assertThat(tick(p(9.99, 0, 0), 12)).isEqualTo(Result.RUNNING);
        assertThat(out).hasToString(FILL_ANKLE);
        tick(p(10, 0, 0), 12);
        tick(p(10, 0, 0), 10);
        assertThat(out).hasToString(SETTLE_ANKLE);
    }

    @Test
    void aChamberThatDoesNotReach10MmHgFailsJustAfter15S() {
        zeroed(0);
        for (int k = 1; k <= 1500; k++) {
            assertThat(tick(p(6, 0, 0), 8)).isEqualTo(Result.RUNNING);
        }
        assertFailed(tick(p(6, 0, 0), 8), 0, List.of(Cause.HOSE_OFF, Cause.EXHAUST_VALVE), "the ankle chamber did"
                + " not rise to 10 mmHg in 15 s (it reached 6, the manifold 8): the air gets in and out again: its hose"
                + " is off or the cuff is not on the leg, or its exhaust valve stays open (then air hisses at the"
                + " exhaust port)");
    }

    @Test
    void eachChamberIsGivenItsOwnFillTime() {
        expect(ThresholdsBuilder.of(3).fill(15, 2.5, 15));
        zeroed(1);
        for (int k = 1; k <= 250; k++) {
            assertThat(tick(p(0, 6, 0), 8)).isEqualTo(Result.RUNNING);
        }
        assertFailed(tick(p(0, 6, 0), 8), 1, List.of(Cause.HOSE_OFF, Cause.EXHAUST_VALVE), "the calf chamber did"
                + " not rise to 10 mmHg in 2.5 s (it reached 6, the manifold 8): the air gets in and out again: its"
                + " hose is off or the cuff is not on the leg, or its exhaust valve stays open (then air hisses at the"
                + " exhaust port)");
    }

    @Test
    void aChamberWhoseSensorCannotBeReadNeverCountsAsFilled() {
        zeroed(1);
        for (int k = 1; k <= 1500; k++) {
            assertThat(tick(p(0, Double.NaN, 0), 8)).isEqualTo(Result.RUNNING);
        }
        assertThat(tick(p(0, Double.NaN, 0), 8)).isEqualTo(Result.FAILED);
        assertThat(test.failedChamber()).isEqualTo(1);
    }

    // ---- fill: where the air went, when it did not fill in time ----

    /**
     * The ankle given 4.5 s to fill, reading {@code p(tick)} with the manifold at {@code manifold}:
     * the fill's 451st tick (4.51 s) is its last, judged against the reading of 4.00 s, the last
     * whole second.
     */
    private Result notFilledAfter4Point5S(java.util.function.IntToDoubleFunction p, double manifold) {
        expect(ThresholdsBuilder.of(3).fill(4.5, 15, 15));
        zeroed(0);
        for (int k = 1; k <= 450; k++) {
            assertThat(tick(p(p.applyAsDouble(k), 0, 0), manifold)).isEqualTo(Result.RUNNING);
        }
        return tick(p(p.applyAsDouble(451), 0, 0), manifold);
    }

    @Test
    void aManifoldBelow3MmHgAtTheEndIsThePump() {
        assertFailed(notFilledAfter4Point5S(k -> 0.01 * k, Math.nextDown(3.0)), -1, List.of(Cause.PUMP), "the ankle"
                + " chamber did not rise to 10 mmHg in 4.5 s (it reached 5, the manifold 3): the pump does not build"
                + " pressure (is it running? its hose on?)");
    }

    @Test
    void aManifoldThatCannotBeReadIsThePumpToo() {
        assertThat(notFilledAfter4Point5S(k -> 0.01 * k, Double.NaN)).isEqualTo(Result.FAILED);
        assertThat(test.failedChamber()).isEqualTo(-1);
        assertThat(test.causes()).containsExactly(Cause.PUMP);
    }

    @Test
    void aChamberStillRisingWithTheManifoldUpGetsItsAirTooSlowly() {
        // 1 mmHg/s: 0.51 mmHg since 4.00 s
        assertFailed(notFilledAfter4Point5S(k -> 0.01 * k, 3), 0, List.of(Cause.HOSE_KINKED, Cause.INLET_VALVE), "the"
                + " ankle chamber did not rise to 10 mmHg in 4.5 s (it reached 5, the manifold 3): air gets in too"
                + " slowly: its hose kinked or pinched, or its inlet valve opens only partly");
    }

    @Test
    void risingMoreThanThreeTenthsSinceTheLastWholeSecondIsStillRising() {
        // 0 at 4.00 s, the last whole second of the fill; risen from 4.01 s on
        assertThat(notFilledAfter4Point5S(k -> k <= 400 ? 0 : Math.nextUp(0.3), 30)).isEqualTo(Result.FAILED);
        assertThat(test.causes()).containsExactly(Cause.HOSE_KINKED, Cause.INLET_VALVE);
    }

    @Test
    void aChamberFlatAndEmptyGetsNoAir() {
        // up 0.1 over the last 0.5 s: slower than 0.3 mmHg/s, no longer rising
        assertFailed(notFilledAfter4Point5S(k -> k <= 450 ? 0 : 0.1, 30), 0,
                List.of(Cause.INLET_VALVE, Cause.HOSE_KINKED), "the ankle chamber did not rise to 10 mmHg in 4.5 s (it"
                + " reached 0, the manifold 30): no air gets in: its inlet valve does not open (it clicks when it"
                + " does), or its hose is kinked shut");
    }

    @Test
    void theRiseIsMeasuredFromWhereTheFillBegan() {
        // given the shortest fill time, the fill ends before a whole second: the ankle read 2.5 when it began
        expect(ThresholdsBuilder.of(3).fill(0.5, 15, 15));
        zeroedAt(p(2.5, 0, 0), 0);
        for (int k = 1; k <= 50; k++) {
            assertThat(tick(p(2.5, 0, 0), 30)).isEqualTo(Result.RUNNING);
        }
        assertThat(tick(p(2.5, 0, 0), 30)).isEqualTo(Result.FAILED);
        assertThat(test.causes()).as("flat since: the air gets in and out").containsExactly(Cause.HOSE_OFF,
                Cause.EXHAUST_VALVE);
    }

    @Test
    void aChamberFlatJustBelow1Point5MmHgGetsNoAir() {
        assertThat(notFilledAfter4Point5S(k -> Math.nextDown(1.5), 30)).isEqualTo(Result.FAILED);
        assertThat(test.failedChamber()).isEqualTo(0);
        assertThat(test.causes()).containsExactly(Cause.INLET_VALVE, Cause.HOSE_KINKED);
    }

    @Test
    void aChamberFlatAt1Point5MmHgOrAboveLetsItsAirOutAgain() {
        assertFailed(notFilledAfter4Point5S(k -> 1.5, 30), 0, List.of(Cause.HOSE_OFF, Cause.EXHAUST_VALVE), "the"
                + " ankle chamber did not rise to 10 mmHg in 4.5 s (it reached 2, the manifold 30): the air gets in"
                + " and out again: its hose is off or the cuff is not on the leg, or its exhaust valve stays open"
                + " (then air hisses at the exhaust port)");
    }

    @Test
    void aChamberFillingAt0Point65MmHgPerSecondIsSeenToRiseThoughItsSnapshotIsOnlyHalfASecondOld() {
        zeroed(0); // the envelope's 15 s: at the time-out (15.01 s) the older snapshot is from 14.5 s
        Result r = Result.RUNNING;
        for (int k = 1; r == Result.RUNNING; k++) {
            r = tick(p(0.0065 * k, 0, 0), 30); // 9.8 mmHg by then, 0.33 of it since the snapshot
        }
        assertThat(test.causes()).containsExactly(Cause.HOSE_KINKED, Cause.INLET_VALVE);
    }

    @Test
    void aChamberFillingSlowlyIsSeenToRiseWhateverItsFillTime() {
        zeroed(0); // the envelope's 15 s
        Result r = Result.RUNNING;
        for (int k = 1; r == Result.RUNNING; k++) {
            r = tick(p(0.005 * k, 0, 0), 30); // a kinked hose: 0.5 mmHg/s, 7.5 mmHg after 15 s
        }
        assertThat(test.causes()).containsExactly(Cause.HOSE_KINKED, Cause.INLET_VALVE);
    }

    @Test
    void anotherChamberRisingMoreThan3MmHgAboveItsStartDuringTheFillFailsNamingIt() {
        // the calf is filled; the ankle still reads 0.5 from before, the thigh 0
        zeroedAt(p(0.5, 0, 0), 1);
        assertThat(tick(p(3.5, 2, 3), 4)).as("exactly 3 mmHg each above where they started").isEqualTo(Result.RUNNING);
        assertFailed(tick(p(0.5, 3, Math.nextUp(3.0)), 5), 2, List.of(Cause.INLET_VALVE),
                "the thigh chamber rose while the calf chamber was filled: its inlet valve lets air by, or the hoses are swapped");
    }

    @Test
    void theFirstChamberRisingDuringAnothersFillIsCaughtToo() {
        zeroed(2);
        assertFailed(tick(p(3.5, 0, 2), 4), 0, List.of(Cause.INLET_VALVE),
                "the ankle chamber rose while the thigh chamber was filled: its inlet valve lets air by, or the hoses are swapped");
    }

    // ---- settle ----

    @Test
    void theSettleIsJudgedAfter0Point3SOnly() {
        zeroed(0);
        filled(0, p(0, 0, 0));
        for (int k = 1; k < 30; k++) {
            assertThat(tick(p(10, 0, 0), 4)).as("a manifold still filling the chamber is no fault yet")
                    .isEqualTo(Result.RUNNING);
            assertThat(out).hasToString(SETTLE_ANKLE);
        }
        assertThat(tick(p(10, 0, 0), 4)).isEqualTo(Result.FAILED);
    }

    @Test
    void aChamberAtMost2Point5MmHgAboveTheManifoldHasSettledAndIsHeld() {
        zeroed(0);
        filled(0, p(0, 0, 0));
        for (int k = 1; k <= 30; k++) {
            assertThat(tick(p(10, 0, 0), 7.5)).isEqualTo(Result.RUNNING);
        }
        tick(p(10, 0, 0), 0);
        assertThat(out).hasToString(HOLD_ANKLE);
    }

    @Test
    void aChamberMoreThan2Point5MmHgAboveTheManifoldThatHeldItsAirHasASensorWrong() {
        zeroedAt(p(0, 1, 0), 0); // the calf reads 1 when the fill begins, and has hardly moved since
        filled(0, p(0, 1, 0));
        for (int k = 1; k < 30; k++) {
            tick(p(10, 1, 0), 9);
        }
        assertFailed(tick(p(10, 1.2, 0), Math.nextDown(7.5)), 0, List.of(Cause.MANIFOLD_SENSOR, Cause.CHAMBER_SENSOR),
                "with the air settled between them the ankle chamber reads 10 mmHg and the manifold 7: one of the two"
                + " pressure sensors is wrong (check their tubes and wiring)");
    }

    @Test
    void aChamberThatFellExactly1MmHgInTheSettleHeldItsAir() {
        zeroed(0);
        filled(0, p(0, 0, 0));
        for (int k = 1; k < 30; k++) {
            tick(p(10, 0, 0), 9);
        }
        assertFailed(tick(p(9, 0, 0), 6), 0, List.of(Cause.MANIFOLD_SENSOR, Cause.CHAMBER_SENSOR),
                "with the air settled between them the ankle chamber reads 9 mmHg and the manifold 6: one of the two"
                + " pressure sensors is wrong (check their tubes and wiring)");
    }

    @Test
    void aChamberMoreThan2Point5MmHgAboveTheManifoldThatFellMoreThan1MmHgLosesItsAirBackOut() {
        zeroed(0);
        filled(0, p(0, 0, 0));
        for (int k = 1; k < 30; k++) {
            tick(p(10, 0, 0), 9);
        }
        assertFailed(tick(p(8.9, 0, 0), 6), 0, List.of(Cause.MAIN_VENT, Cause.CHAMBER_SENSOR),
                "the ankle chamber's air flows back out through the manifold (it reads 9 mmHg, the manifold 6): the"
                + " main vent does not close, or one of the two pressure sensors is wrong");
    }

    /** The ankle filled, settling with the manifold at {@code first} on the settle's first tick and 14 after; the chamber at 10. */
    private Result settleWithTheManifoldFrom(double first) {
        zeroed(0);
        filled(0, p(0, 0, 0));
        assertThat(tick(p(10, 0, 0), first)).isEqualTo(Result.RUNNING);
        for (int k = 2; k < 30; k++) {
            assertThat(tick(p(10, 0, 0), 14)).isEqualTo(Result.RUNNING);
        }
        return tick(p(10, 0, 0), 14);
    }

    @Test
    void aManifoldRisingMoreThan1MmHgAboveTheChamberInTheSettleIsThePumpRunning() {
        assertFailed(settleWithTheManifoldFrom(12.99), -1, List.of(Cause.PUMP, Cause.MANIFOLD_SENSOR),
                "with the pump told off the manifold kept rising (14 mmHg, the ankle chamber 10): the pump runs when"
                + " told not to (it still hums), or the manifold's sensor is wrong");
    }

    @Test
    void aManifoldRisingExactly1MmHgInTheSettleDisagreesWithTheChamber() {
        assertFailed(settleWithTheManifoldFrom(13), 0, List.of(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR),
                "with the air settled between them the ankle chamber reads 10 mmHg and the manifold 14: one of the two"
                + " pressure sensors is wrong (check their tubes and wiring)");
    }

    @Test
    void eachChambersSettleTakesTheManifoldAfresh() {
        zeroed(0, 1);
        filled(0, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0)); // the ankle's settle from 10
        hold(0, p(0, 0, 0), ms -> 10);
        tick(p(0, 0, 0), 0);
        filled(1, p(0, 0, 0));
        assertThat(tick(p(0, 10, 0), 13)).isEqualTo(Result.RUNNING); // the calf's from 13
        for (int k = 2; k < 30; k++) {
            tick(p(0, 10, 0), 14);
        }
        assertFailed(tick(p(0, 10, 0), 14), 1, List.of(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR),
                "with the air settled between them the calf chamber reads 10 mmHg and the manifold 14: one of the two"
                + " pressure sensors is wrong (check their tubes and wiring)");
    }

    // ---- another chamber rose while this one filled: its inlet, or the two sensors' tubes swapped ----

    @Test
    void aNeighbourRisingWhileTheFilledChamberRoseExactly1MmHgHasItsInletLettingAirBy() {
        zeroedAt(p(0.5, 0, 0), 1);
        assertFailed(tick(p(0.5, 1, 3.1), 4), 2, List.of(Cause.INLET_VALVE),
                "the thigh chamber rose while the calf chamber was filled: its inlet valve lets air by, or the hoses"
                + " are swapped");
    }

    @Test
    void aNeighbourRisingWhileTheFilledChamberDidNotHasTheSensorTubesSwapped() {
        zeroedAt(p(0.5, 0, 0), 1);
        assertFailed(tick(p(0.5, Math.nextDown(1.0), 3.1), 4), 1, List.of(Cause.CHAMBER_SENSOR),
                "the thigh chamber's reading rose while the calf chamber was filled, and the calf chamber's did not:"
                + " the two sensors' tubes (or the chambers' hoses) are swapped");
    }

    @Test
    void theFilledChambersRiseIsCountedFromWhereItsFillBegan() {
        zeroedAt(p(0, 0.5, 0), 1); // the calf reads 0.5 as its fill begins
        assertFailed(tick(p(0, 1.4, 3.1), 4), 1, List.of(Cause.CHAMBER_SENSOR),
                "the thigh chamber's reading rose while the calf chamber was filled, and the calf chamber's did not:"
                + " the two sensors' tubes (or the chambers' hoses) are swapped");
    }

    @Test
    void airFlowingBackOutIntoANeighbourThatRoseMoreThan1MmHgNamesTheNeighbour() {
        // the ankle is filled; the calf starts at 1 and the thigh at 0
        zeroedAt(p(0, 1, 0), 0);
        filled(0, p(0, 1, 0));
        for (int k = 1; k < 30; k++) {
            tick(p(10, 1, 0), 9);
        }
        assertFailed(tick(p(10, 2.5, 2), 7), 2, List.of(Cause.INLET_VALVE),
                "the thigh chamber rose while the ankle chamber was filled: its inlet valve lets air by, or the hoses are swapped");
    }

    @Test
    void ofTwoRisenNeighboursTheOneThatRoseMostIsNamed() {
        zeroedAt(p(0, 1, 0), 0);
        filled(0, p(0, 1, 0));
        for (int k = 1; k < 30; k++) {
            tick(p(10, 1, 0), 9);
        }
        assertFailed(tick(p(10, 3, 1.5), 7), 1, List.of(Cause.INLET_VALVE),
                "the calf chamber rose while the ankle chamber was filled: its inlet valve lets air by, or the hoses are swapped");
    }

    @Test
    void aNeighbourThatRoseExactly1MmHgIsNotBlamed() {
        zeroedAt(p(0.5, 0, 0), 2);
        filled(2, p(0.5, 0, 0));
        for (int k = 1; k < 30; k++) {
            tick(p(0.5, 0, 10), 9);
        }
        assertFailed(tick(p(1.5, 0.5, 10), 7), 2, List.of(Cause.MANIFOLD_SENSOR, Cause.CHAMBER_SENSOR),
                "with the air settled between them the thigh chamber reads 10 mmHg and the manifold 7: one of the two"
                + " pressure sensors is wrong (check their tubes and wiring)");
    }

    @Test
    void theFirstChamberCanBeTheRisenNeighbour() {
        zeroed(1);
        filled(1, p(0, 0, 0));
        for (int k = 1; k < 30; k++) {
            tick(p(0, 10, 0), 9);
        }
        assertFailed(tick(p(1.5, 10, 0), 7), 0, List.of(Cause.INLET_VALVE),
                "the ankle chamber rose while the calf chamber was filled: its inlet valve lets air by, or the hoses are swapped");
    }

    @Test
    void aManifoldReadingAboveTheChamberByMoreThan2Point5MmHgPlus10PercentIsASensorFault() {
        zeroed(0);
        filled(0, p(0, 0, 0));
        for (int k = 1; k <= 30; k++) {
            assertThat(tick(p(15.5, 0, 0), 20)).as("4.5 mmHg below a 20 mmHg manifold: alike").isEqualTo(Result.RUNNING);
        }
        tick(p(15.5, 0, 0), 0);
        assertThat(out).hasToString(HOLD_ANKLE);

        test.begin(now, new int[] {0});
        for (int k = 1; k <= 50; k++) {
            tick(p(0, 0, 0), 0);
        }
        filled(0, p(0, 0, 0));
        for (int k = 1; k < 30; k++) {
            tick(p(15.5, 0, 0), 20);
        }
        assertFailed(tick(p(Math.nextDown(15.5), 0, 0), 20), 0, List.of(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR),
                "with the air settled between them the ankle chamber reads 15 mmHg and the manifold 20: one of the two pressure sensors is wrong (check their"
                + " tubes and wiring)");
    }

    @Test
    void aNeighbourRisingDuringTheSettleFailsAtOnce() {
        zeroed(0);
        filled(0, p(0, 0, 0));
        assertThat(tick(p(10, 3, 0), 10)).isEqualTo(Result.RUNNING);
        assertFailed(tick(p(10, 3.1, 0), 10), 1, List.of(Cause.INLET_VALVE),
                "the calf chamber rose while the ankle chamber was filled: its inlet valve lets air by, or the hoses are swapped");
    }

    @Test
    void theFirstChamberRisingDuringAnothersSettleIsCaughtToo() {
        zeroed(1);
        filled(1, p(0, 0, 0));
        assertFailed(tick(p(3.1, 10, 0), 10), 0, List.of(Cause.INLET_VALVE),
                "the ankle chamber rose while the calf chamber was filled: its inlet valve lets air by, or the hoses are swapped");
    }

    // ---- hold ----

    @Test
    void aChamberLosingJustOver1MmHgPerSecondFailsTheHoldAfterExactly1S() {
        // the first 0.2 s (0.01 .. 0.19 s) averaged against the last (0.8 .. 1.0 s): 0.8 s apart
        zeroed(0);
        filled(0, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0));
        assertFailed(hold(0, p(0, 0, 0), ms -> 10 - 1.004e-3 * ms), 0, List.of(Cause.LEAK, Cause.EXHAUST_VALVE),
                "the ankle chamber lost 0.8 mmHg in a 1 s hold: it leaks (a hose, a seam, or the exhaust valve not"
                + " closing: air hissing at the exhaust port means the valve)");
    }

    /** Holds the ankle 1 s losing 1.5 mmHg, the manifold at 0 until the last tick, then at {@code m}. */
    private Result ankleLosing1Point5WithTheManifoldAt(double m, double lost) {
        zeroed(0);
        filled(0, p(0, 0, 0));
        settled(0, 12, p(0, 0, 0));
        for (int ms = 10; ms < 1000; ms += 10) {
            assertThat(tick(p(ms < 500 ? 12 : 12 - lost, 0, 0), 0)).isEqualTo(Result.RUNNING);
        }
        return tick(p(12 - lost, 0, 0), m);
    }

    @Test
    void aChamberLosingAirWhileTheOpenManifoldStandsAboveThreeMmHgLetsItOutThroughItsInlet() {
        assertFailed(ankleLosing1Point5WithTheManifoldAt(Math.nextUp(3.0), 1.5), 0,
                List.of(Cause.INLET_VALVE, Cause.LEAK), "the ankle chamber lost 1.5 mmHg in a 1 s hold while the open"
                + " manifold stood at 3 mmHg: its air goes out through its inlet valve, which does not close");
    }

    @Test
    void aManifoldAtThreeMmHgIsNotUp() {
        assertFailed(ankleLosing1Point5WithTheManifoldAt(3, 1.5), 0, List.of(Cause.LEAK, Cause.EXHAUST_VALVE),
                "the ankle chamber lost 1.5 mmHg in a 1 s hold: it leaks (a hose, a seam, or the exhaust valve not"
                + " closing: air hissing at the exhaust port means the valve)");
    }

    @Test
    void aChamberThatHoldsPassesWhateverTheManifold() {
        assertThat(ankleLosing1Point5WithTheManifoldAt(20, 0.5)).isEqualTo(Result.RUNNING);
    }

    @Test
    void aChamberLosingJustUnder1MmHgPerSecondPassesTheHold() {
        zeroed(0);
        filled(0, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0));
        assertThat(hold(0, p(0, 0, 0), ms -> 10 - 0.996e-3 * ms)).isEqualTo(Result.RUNNING);
        tick(p(9, 0, 0), 0);
        assertThat(out).as("on to the vent").hasToString(SAFE);
    }

    @Test
    void aLeakingChamberIsNamedWithWhatItLost() {
        zeroed(0, 1);
        filled(0, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0));
        hold(0, p(0, 0, 0), ms -> 10);
        assertThat(tick(p(0, 0, 0), 0)).isEqualTo(Result.RUNNING); // the ankle vented, on to the calf
        filled(1, p(0, 0, 0));
        settled(1, 12, p(0, 0, 0));
        assertFailed(hold(1, p(0, 0, 0), ms -> ms < 500 ? 12 : 10.5), 1, List.of(Cause.LEAK, Cause.EXHAUST_VALVE),
                "the calf chamber lost 1.5 mmHg in a 1 s hold: it leaks (a hose, a seam, or the exhaust valve not"
                + " closing: air hissing at the exhaust port means the valve)");
    }

    @Test
    void onlyTheFirstAndLastFifthOfTheHoldAreCompared() {
        zeroed(0);
        filled(0, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0));
        assertThat(hold(0, p(0, 0, 0), ms -> ms < 200 || ms >= 800 ? 10 : 4)).isEqualTo(Result.RUNNING);
        tick(p(9, 0, 0), 0);
        assertThat(out).hasToString(SAFE);
    }

    @Test
    void aChamberThatRisesInTheHoldDoesNotLeak() {
        zeroed(0);
        filled(0, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0));
        assertThat(hold(0, p(0, 0, 0), ms -> 10 + 2e-3 * ms)).isEqualTo(Result.RUNNING);
    }

    @Test
    void theHoldDropIsTheBuildsOwn() {
        expect(ThresholdsBuilder.of(3).holdDrop(0.25));
        zeroed(0);
        filled(0, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0));
        assertThat(hold(0, p(0, 0, 0), ms -> ms < 500 ? 10 : 9.75)).as("exactly 0.25").isEqualTo(Result.RUNNING);
    }

    @Test
    void moreThanTheBuildsHoldDropFails() {
        expect(ThresholdsBuilder.of(3).holdDrop(0.25));
        zeroed(0);
        filled(0, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0));
        assertFailed(hold(0, p(0, 0, 0), ms -> ms < 500 ? 10 : 9.74), 0, List.of(Cause.LEAK, Cause.EXHAUST_VALVE),
                "the ankle chamber lost 0.3 mmHg in a 1 s hold: it leaks (a hose, a seam, or the exhaust valve not"
                + " closing: air hissing at the exhaust port means the valve)");
    }

    // ---- vent ----

    @Test
    void theVentEndsBelowExactly3MmHg() {
        ankleHeld();
        assertThat(tick(p(3, 0, 0), 0)).isEqualTo(Result.RUNNING);
        assertThat(tick(p(3, 0, 0), 0)).isEqualTo(Result.RUNNING);
        assertThat(tick(p(Math.nextDown(3.0), 0, 0), 0)).isEqualTo(Result.PASSED);
    }

    @Test
    void aChamberThatDoesNotFallBelow3MmHgFailsJustAfter15S() {
        ankleHeld();
        for (int k = 1; k <= 1500; k++) {
            assertThat(tick(p(5, 0, 0), 0)).isEqualTo(Result.RUNNING);
            assertThat(out).hasToString(SAFE);
        }
        assertFailed(tick(p(5, 0, 0), 0), 0, List.of(Cause.EXHAUST_VALVE, Cause.HOSE_KINKED), "the ankle chamber"
                + " did not fall below 3 mmHg in 15 s when vented: the exhaust valve does not open, or the hose is"
                + " kinked (a kinked hose also fills slowly)");
    }

    @Test
    void eachChamberIsGivenItsOwnVentTime() {
        expect(ThresholdsBuilder.of(3).vent(2.5, 15, 15));
        ankleHeld();
        for (int k = 1; k <= 250; k++) {
            assertThat(tick(p(5, 0, 0), 0)).isEqualTo(Result.RUNNING);
        }
        assertFailed(tick(p(5, 0, 0), 0), 0, List.of(Cause.EXHAUST_VALVE, Cause.HOSE_KINKED), "the ankle chamber"
                + " did not fall below 3 mmHg in 2.5 s when vented: the exhaust valve does not open, or the hose is"
                + " kinked (a kinked hose also fills slowly)");
    }

    @Test
    void theNextChambersFillJudgesTheOthersFromWhereTheyWereWhenItBegan() {
        zeroed(0, 1);
        filled(0, p(0, 0, 0));
        settled(0, 10, p(0, 0, 0));
        hold(0, p(0, 0, 0), ms -> 10);
        assertThat(tick(p(2.5, 0, 0), 0)).isEqualTo(Result.RUNNING); // the ankle vented to 2.5: the calf's fill begins
        assertThat(tick(p(5.5, 1, 0), 3)).as("the ankle 3 mmHg above 2.5").isEqualTo(Result.RUNNING);
        assertFailed(tick(p(Math.nextUp(5.5), 2, 0), 4), 0, List.of(Cause.INLET_VALVE),
                "the ankle chamber rose while the calf chamber was filled: its inlet valve lets air by, or the hoses are swapped");
    }

    @Test
    void anUnreadableSensorAtTheZeroCheckIsSaidToBeUnreadableNotToReadZero() {
        test.begin(now, new int[] {0, 1, 2});
        Result r = Result.RUNNING;
        for (int k = 0; k < 600 && r == Result.RUNNING; k++) {
            r = tick(p(0, Double.NaN, 0), 0);
        }
        assertThat(r).isEqualTo(Result.FAILED);
        assertThat(test.failedChamber()).isEqualTo(1);
        assertThat(test.failure()).isEqualTo("the pressure sensor of the calf chamber cannot be read");

        test.begin(now, new int[] {0});
        r = Result.RUNNING;
        for (int k = 0; k < 600 && r == Result.RUNNING; k++) {
            r = tick(p(0, 0, 0), Double.NaN);
        }
        assertThat(r).isEqualTo(Result.FAILED);
        assertThat(test.failedChamber()).isEqualTo(-1);
        assertThat(test.failure()).isEqualTo("the manifold's pressure sensor cannot be read");
    }
}
