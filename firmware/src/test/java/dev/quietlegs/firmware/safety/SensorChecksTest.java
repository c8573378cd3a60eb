package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.hardware.port.OutputFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Is each reading believable? {@link SensorChecks} driven directly, tick by tick at 10 ms, with
 * the faults it reports recorded. Each check catches one fault: an unreadable sensor, a reading
 * outside what the gauge can show, a jump faster than air can move, a reading stuck while its
 * chamber is filled. Every threshold is probed exactly at its value and just beyond it.
 *
 * <p>The loop's clock is {@code System.nanoTime()}: its origin is arbitrary, so the clock here
 * starts far from zero (a check that measured from zero instead of from the event would show).
 */
class SensorChecksTest {

    private static final long S = 1_000_000_000L;
    private static final long TICK = S / 100;
    private static final long T0 = 1_000 * S;

    /** One reported fault: what, which chamber (-1: the manifold), when, the figure behind it. */
    record Tripped(FaultCode code, int chamber, long at, double value) {
    }

    private final List<Tripped> trips = new ArrayList<>();
    private final SensorChecks checks = new SensorChecks(3,
            (code, chamber, at, value, causes) -> trips.add(new Tripped(code, chamber, at, value)));
    /** The safe frame: every inlet closed, every exhaust open, pump off. */
    private final OutputFrame out = new OutputFrame(3);
    private long now = T0;
    private double manifold = 0;

    /** One tick: the readings of the three chambers at {@link #now}, then the clock moves 10 ms. */
    private void tick(double... p) {
        checks.check(now, p, manifold, out);
        now += TICK;
    }

    /** {@code ticks} ticks with the same readings. */
    private void hold(int ticks, double... p) {
        for (int k = 0; k < ticks; k++) {
            tick(p);
        }
    }

    private void fill(int chamber) {
        out.inletOpen(chamber, true).exhaustOpen(chamber, false).ventOpen(false).pump(1);
    }

    // ---- healthy sensors ----------------------------------------------------------------------

    @Test
    void believableReadingsOfAFillingAHeldAndAVentedChamberNeverTrip() {
        fill(0);
        out.exhaustOpen(1, false); // chamber 1 held: its inlet and exhaust closed
        for (int k = 0; k < 300; k++) { // 3 s
            // rising 0.2 mmHg a tick (20 mmHg/s), held steady (exactly), vented from 40 to 0
            manifold = 5 + 0.2 * k;
            tick(0.2 * k, 30, Math.max(0, 40 - k));
        }
        assertThat(trips).isEmpty();
    }

    // ---- unreadable: NaN --------------------------------------------------------------------

    @Test
    void anUnreadableChamberSensorTripsUnreadableNamingItsChamber() {
        tick(0, Double.NaN, 0);
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t.code()).isEqualTo(FaultCode.SENSOR_UNREADABLE);
            assertThat(t.chamber()).isEqualTo(1);
            assertThat(t.at()).isEqualTo(T0);
            assertThat(t.value()).isNaN();
        });
    }

    @Test
    void anUnreadableManifoldSensorTripsUnreadableForNoChamber() {
        manifold = Double.NaN;
        tick(0, 0, 0);
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t.code()).isEqualTo(FaultCode.SENSOR_UNREADABLE);
            assertThat(t.chamber()).isEqualTo(-1);
            assertThat(t.value()).isNaN();
        });
    }

    @Test
    void anUnreadableReadingIsOnlyUnreadableNeitherOutOfRangeNorAJumpNorStuck() {
        fill(0);
        tick(20, 0, 0);
        hold(100, Double.NaN, 0, 0); // a second blind while filling
        assertThat(trips).extracting(Tripped::code).containsOnly(FaultCode.SENSOR_UNREADABLE).hasSize(100);
    }

    @Test
    void theFirstReadingAfterASensorWasNeverReadableHasNothingToJumpFrom() {
        hold(3, Double.NaN, 0, 0);
        trips.clear();
        tick(50, 0, 0);
        assertThat(trips).isEmpty();
    }

    @Test
    void aReadingAfterAGapIsJudgedAgainstTheLastGoodOneWithTheTimeSinceIt() {
        tick(10, 0, 0);
        hold(3, Double.NaN, 0, 0);
        trips.clear();
        // 40 ms since the last good reading: air can move 150 mmHg/s × 0.04 s, plus 3 of noise
        tick(10 + 9, 0, 0);
        assertThat(trips).isEmpty();

        hold(3, Double.NaN, 0, 0);
        trips.clear();
        tick(19 + 9.1, 0, 0);
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t.code()).isEqualTo(FaultCode.SENSOR_JUMP);
            assertThat(t.value()).isCloseTo(9.1, within(1e-9));
        });
    }

    // ---- out of range: below -5 or above 300 mmHg --------------------------------------------

    @Test
    void readingsExactlyAtTheEndsOfTheBelievableRangeAreBelievable() {
        tick(SensorChecks.MIN_MMHG, SensorChecks.MAX_MMHG, 0);
        assertThat(trips).isEmpty();
    }

    @Test
    void aReadingBelowRoomPressureBeyondTheToleranceIsOutOfRange() {
        tick(-5.01, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SENSOR_OUT_OF_RANGE, 0, T0, -5.01));
    }

    @Test
    void aReadingAboveWhatTheGaugeCanShowIsOutOfRange() {
        tick(0, 0, 300.01);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SENSOR_OUT_OF_RANGE, 2, T0, 300.01));
    }

    @Test
    void infiniteReadingsAreOutOfRange() {
        tick(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0);
        assertThat(trips).extracting(Tripped::code, Tripped::chamber).containsExactly(
                tuple(FaultCode.SENSOR_OUT_OF_RANGE, 0),
                tuple(FaultCode.SENSOR_OUT_OF_RANGE, 1));
    }

    // ---- jump: faster than 150 mmHg/s plus 3 mmHg of noise -----------------------------------

    @Test
    void aChangeOfExactlyWhatAirCanDoInOneTickPlusTheNoiseIsBelievableEitherWay() {
        // 150 mmHg/s × 0.01 s + 3 = 4.5 mmHg
        tick(10, 40, 0);
        tick(14.5, 35.5, 0);
        assertThat(trips).isEmpty();
    }

    @Test
    void aRiseBeyondWhatAirCanDoInOneTickIsAJumpReportedAsTheChange() {
        tick(10, 0, 0);
        tick(14.6, 0, 0);
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t.code()).isEqualTo(FaultCode.SENSOR_JUMP);
            assertThat(t.chamber()).isZero();
            assertThat(t.at()).isEqualTo(T0 + TICK);
            assertThat(t.value()).isCloseTo(4.6, within(1e-9));
        });
    }

    @Test
    void aFallBeyondWhatAirCanDoInOneTickIsAJumpReportedAsTheNegativeChange() {
        tick(0, 40, 0);
        tick(0, 35.4, 0);
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t.code()).isEqualTo(FaultCode.SENSOR_JUMP);
            assertThat(t.chamber()).isEqualTo(1);
            assertThat(t.value()).isCloseTo(-4.6, within(1e-9));
        });
    }

    @Test
    void aSensorReadRoundRobinMayChangeByWhatAirCanDoSinceItsLastChange() {
        // an ADS1115 converts one input a tick: with 3 chambers and the manifold each reading
        // changes every 4th tick, by what the air did in those 40 ms: 150 × 0.04 + 3 = 9 mmHg
        double p = 10;
        for (int change = 0; change < 5; change++) {
            hold(4, p, 0, 0);
            p += 9;
        }
        assertThat(trips).isEmpty();
        tick(p + 0.1, 0, 0); // 40 ms after the last change to p - 9: 9.1 mmHg is too much
        assertThat(trips).singleElement().satisfies(t -> {
            assertThat(t.code()).isEqualTo(FaultCode.SENSOR_JUMP);
            assertThat(t.value()).isCloseTo(9.1, within(1e-9));
        });
    }

    @Test
    void aSensorThatChangesEveryTickIsAllowedOnlyOneTicksWorth() {
        hold(10, 10, 0, 0); // the reading last changed 100 ms ago...
        tick(11, 0, 0); // ...and now changes every tick: the allowance is 10 ms', not 100 ms'
        tick(11 + 4.6, 0, 0);
        assertThat(trips).extracting(Tripped::code).containsExactly(FaultCode.SENSOR_JUMP);
    }

    // ---- stuck: identical for 0.5 s while filled ---------------------------------------------

    @Test
    void aReadingIdenticalForHalfASecondWhileItsChamberIsFilledIsStuck() {
        fill(1);
        hold(50, 0, 20, 0); // T0 … T0 + 490 ms: the same 20 mmHg
        assertThat(trips).isEmpty();
        tick(0, 20, 0); // T0 + 500 ms
        assertThat(trips).containsExactly(new Tripped(FaultCode.SENSOR_STUCK, 1, T0 + S / 2, 20));
    }

    @Test
    void anEmptyChamberThatStartsFillingOnTheFirstTickIsNotStuckThen() {
        fill(0);
        tick(0, 0, 0); // the first reading: nothing to be identical to
        tick(1, 0, 0);
        assertThat(trips).isEmpty();
    }

    @Test
    void aFilledChamberWhoseReadingMovesJustOftenEnoughIsNotStuck() {
        fill(2);
        double p = 10;
        for (int k = 0; k < 10; k++) { // 5 s, each reading identical for 490 ms
            hold(50, 0, 0, p);
            p += 0.5;
        }
        assertThat(trips).isEmpty();
    }

    @Test
    void eachChangeRestartsTheStuckTime() {
        fill(0);
        hold(49, 20, 0, 0);
        tick(20.5, 0, 0); // T0 + 490 ms: changed
        hold(49, 20.5, 0, 0); // T0 + 980 ms: identical for 490 ms
        assertThat(trips).isEmpty();
        tick(20.5, 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SENSOR_STUCK, 0, T0 + 990 * S / 1000, 20.5));
    }

    @Test
    void anUnchangingReadingIsNoFaultWhileItsChamberIsNotFilled() {
        out.exhaustOpen(0, false); // chamber 0 held, 1 and 2 vented, the pump off
        hold(200, 30, 0, 0);
        out.ventOpen(false).inletOpen(1, true).exhaustOpen(1, false).pump(0.29); // fed too slowly to fill
        hold(200, 30, 0, 0);
        out.inletOpen(1, false).pump(1); // the pump on, but every inlet closed
        hold(200, 30, 0, 0);
        assertThat(trips).isEmpty();
    }

    @Test
    void aChamberCountsAsFilledWithItsInletOpenAndThePumpAtThirtyPercent() {
        out.inletOpen(0, true).exhaustOpen(0, false).pump(0.3);
        hold(51, 12, 0, 0);
        assertThat(trips).extracting(Tripped::code, Tripped::chamber)
                .containsExactly(tuple(FaultCode.SENSOR_STUCK, 0));
    }

    // ---- stuck while vented from above 10 mmHg: the air leaves fast there ----

    @Test
    void aReadingIdenticalForHalfASecondWhileItsChamberIsVentedFromAbove10IsStuck() {
        hold(50, Math.nextUp(10.0), 0, 0); // chamber 0 vented (the safe frame): T0 .. T0 + 490 ms
        assertThat(trips).isEmpty();
        tick(Math.nextUp(10.0), 0, 0);
        assertThat(trips).containsExactly(new Tripped(FaultCode.SENSOR_STUCK, 0, T0 + S / 2, Math.nextUp(10.0)));
    }

    @Test
    void aVentedChamberReading10OrLessMayStayPut() {
        hold(200, 10, 4, 0);
        assertThat(trips).isEmpty();
    }

    @Test
    void anExhaustOpenWithItsInletOpenIsNotVentingNorFilling() {
        out.inletOpen(0, true); // and its exhaust open, the pump off: air goes back to the manifold
        hold(200, 30, 0, 0);
        assertThat(trips).isEmpty();
    }
}
