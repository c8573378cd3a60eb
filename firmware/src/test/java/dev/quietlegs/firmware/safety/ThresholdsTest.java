package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pneumatic checks' expectations of a build: the envelope's defaults, the hard bounds no
 * profile can move (each exactly at its edge, and just beyond it), and the longest a self-test may
 * take.
 */
class ThresholdsTest {

    private static final double NAN = Double.NaN;

    // ---- the envelope's defaults ----

    @Test
    void theEnvelopesDefaultsAreWideEnoughForEveryBuild() {
        Thresholds t = Thresholds.envelope(3);
        assertThat(t.source()).isEqualTo("the envelope's defaults (no cuff profile)");
        assertThat(t.chambers()).isEqualTo(3);
        assertThat(t.fillS()).containsExactly(15, 15, 15);
        assertThat(t.ventS()).containsExactly(15, 15, 15);
        assertThat(t.holdDropMmHg()).isEqualTo(0.8);
        assertThat(t.fallFraction()).containsExactly(0.06, 0.06, 0.06);
        assertThat(t.riseMmHg()).isEqualTo(0.4);
        assertThat(t.nearTargetS()).isEqualTo(4);
        assertThat(t.heldLossFraction()).isEqualTo(0.03);
        assertThat(t.releaseS()).isEqualTo(20);
        assertThat(t.expectedFillS()).containsExactly(NAN, NAN, NAN);
        assertThat(t.profiled()).as("no cuff profile").isFalse();
    }

    @Test
    void theDefaultsAreTheFiguresTheTestsWriteOut() {
        Thresholds written = ThresholdsBuilder.of(3).source("the envelope's defaults (no cuff profile)").build();
        assertThat(Thresholds.envelope(3)).isEqualTo(written).hasSameHashCodeAs(written);
        assertThat(Thresholds.envelope(3)).as("another source").isNotEqualTo(ThresholdsBuilder.of(3).build());
        assertThat(Thresholds.envelope(1).chambers()).isEqualTo(1);
        assertThat(Thresholds.envelope(5).fallFraction()).hasSize(5).containsOnly(0.06);
    }

    @Test
    void theHardBoundsAreTheStandardsOwn() {
        assertThat(Thresholds.FLOOR_FALL_FRACTION).isEqualTo(0.06);
        assertThat(Thresholds.CEILING_SELF_TEST_STAGE_S).isEqualTo(15);
        assertThat(Thresholds.CEILING_RELEASE_S).isEqualTo(30);
    }

    @Test
    void aCommissionedProfileSaysSoAndItsFiguresAreReadPerChamber() {
        Thresholds t = ThresholdsBuilder.of(3).fill(1, 2, 3).vent(4, 5, 6).fall(0.1, 0.2, 0.3)
                .expectedFill(0.5, 1.5, 2.5).build();
        assertThat(t.profiled()).isTrue();
        assertThat(new double[] {t.fillS(0), t.fillS(1), t.fillS(2)}).containsExactly(1, 2, 3);
        assertThat(new double[] {t.ventS(0), t.ventS(1), t.ventS(2)}).containsExactly(4, 5, 6);
        assertThat(new double[] {t.fallFraction(0), t.fallFraction(1), t.fallFraction(2)})
                .containsExactly(0.1, 0.2, 0.3);
        assertThat(new double[] {t.expectedFillS(0), t.expectedFillS(1), t.expectedFillS(2)})
                .containsExactly(0.5, 1.5, 2.5);
    }

    // ---- the longest self-test ----

    @Test
    void aSelfTestMayTakeTheZeroCheckPlusEachUsedChambersFillVentSettleAndHold() {
        assertThat(Thresholds.envelope(3).selfTestS(new int[] {0, 1, 2}))
                .as("5 s zero check, and 15 + 15 + 0.3 + 1 s per chamber").isCloseTo(98.9, within(1e-9));
        Thresholds t = ThresholdsBuilder.of(3).fill(1, 2, 3).vent(4, 5, 6).build();
        assertThat(t.selfTestS(new int[0])).as("the zero check alone").isCloseTo(5, within(1e-9));
        assertThat(t.selfTestS(new int[] {1})).isCloseTo(5 + 2 + 5 + 1.3, within(1e-9));
        assertThat(t.selfTestS(new int[] {2, 0})).isCloseTo(5 + (3 + 6 + 1.3) + (1 + 4 + 1.3), within(1e-9));
    }

    // ---- the bounds ----

    /** One figure of the thresholds, set on a builder: its name in the message, its bounds. */
    record Figure(String name, double lo, double hi, BiFunction<ThresholdsBuilder, Double, ThresholdsBuilder> set) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Figure> figures() {
        return Stream.of(
                // per chamber: set on the last, so every chamber is seen to be checked
                new Figure("fill time", 0.5, 15, (b, v) -> b.fill(15, 15, v)),
                new Figure("vent time", 0.5, 15, (b, v) -> b.vent(15, 15, v)),
                new Figure("fall fraction", 0.06, 0.9, (b, v) -> b.fall(0.06, 0.06, v)),
                new Figure("hold drop", 0.2, 2, ThresholdsBuilder::holdDrop),
                new Figure("rise", 0.3, 5, ThresholdsBuilder::rise),
                new Figure("near-target time", 1, 10, ThresholdsBuilder::nearTarget),
                new Figure("held loss", 0.01, 0.1, ThresholdsBuilder::heldLoss),
                new Figure("release time", 2, 30, ThresholdsBuilder::release));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("figures")
    void eachFigureMayBeAtEitherEdgeOfItsBounds(Figure f) {
        assertThat(f.set().apply(ThresholdsBuilder.of(3), f.lo()).build()).isNotNull();
        assertThat(f.set().apply(ThresholdsBuilder.of(3), f.hi()).build()).isNotNull();
    }

    static Stream<Arguments> outside() {
        return figures().flatMap(f -> Stream.of(Math.nextDown(f.lo()), Math.nextUp(f.hi()), NAN, -f.hi(),
                Double.POSITIVE_INFINITY).map(v -> Arguments.of(f, v)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("outside")
    void aFigureJustOutsideItsBoundsOrNotANumberIsRefusedSayingWhichAndWhy(Figure f, double v) {
        assertThatThrownBy(() -> f.set().apply(ThresholdsBuilder.of(3), v).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(f.name() + " " + v + " is not within " + f.lo() + " to " + f.hi());
    }

    @Test
    void aFallFractionBelowTheFloorIsRefusedOnAnyChamber() {
        assertThatThrownBy(() -> ThresholdsBuilder.of(3).fall(0.059, 0.5, 0.5).build())
                .hasMessage("fall fraction 0.059 is not within 0.06 to 0.9");
        assertThatThrownBy(() -> ThresholdsBuilder.of(3).fall(0.5, 0.059, 0.5).build())
                .hasMessage("fall fraction 0.059 is not within 0.06 to 0.9");
    }

    @Test
    void theExpectedFillsAreAnyNumberOrNone() {
        assertThat(ThresholdsBuilder.of(2).expectedFill(0.01, 100).build().expectedFillS()).containsExactly(0.01, 100);
    }

    @Test
    void everyPerChamberFigureNeedsOneFigurePerChamberAndThereIsAtLeastOneChamber() {
        String message = "thresholds need one figure per chamber for each of fill, vent, fall and expected fill";
        assertThatThrownBy(() -> ThresholdsBuilder.of(0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> ThresholdsBuilder.of(3).vent(15, 15).build()).hasMessage(message);
        assertThatThrownBy(() -> ThresholdsBuilder.of(3).fall(0.06, 0.06, 0.06, 0.06).build()).hasMessage(message);
        assertThatThrownBy(() -> ThresholdsBuilder.of(3).expectedFill(1, 1).build()).hasMessage(message);
        assertThatThrownBy(() -> ThresholdsBuilder.of(3).fill(15, 15).build())
                .as("fewer fills than the rest").hasMessage(message);
    }

    // ---- a value ----

    @Test
    void theFiguresAreCopiedInAndOut() {
        double[] fill = {1, 2};
        double[] vent = {3, 4};
        double[] fall = {0.1, 0.2};
        double[] expected = {5, 6};
        Thresholds t = new Thresholds("profile", fill, vent, 1, fall, 1, 2, 0.05, 10, expected);
        fill[0] = 9;
        vent[0] = 9;
        fall[0] = 0.9;
        expected[0] = 9;
        t.fillS()[1] = 9;
        t.ventS()[1] = 9;
        t.fallFraction()[1] = 0.9;
        t.expectedFillS()[1] = 9;
        assertThat(t.fillS()).containsExactly(1, 2);
        assertThat(t.ventS()).containsExactly(3, 4);
        assertThat(t.fallFraction()).containsExactly(0.1, 0.2);
        assertThat(t.expectedFillS()).containsExactly(5, 6);
        assertThat(t.fillS(0)).isEqualTo(1);
        assertThat(t.ventS(0)).isEqualTo(3);
        assertThat(t.fallFraction(0)).isEqualTo(0.1);
        assertThat(t.expectedFillS(0)).isEqualTo(5);
    }

    @Test
    void itReadsAsEveryFigureWithItsUnit() {
        Thresholds t = new Thresholds("the cuff profile of 2026-12-02", new double[] {1, 2}, new double[] {3, 4}, 0.5,
                new double[] {0.1, 0.2}, 0.6, 2, 0.05, 10, new double[] {5, NAN});
        assertThat(t).hasToString("Thresholds[the cuff profile of 2026-12-02, fill [1.0, 2.0] s, vent [3.0, 4.0] s,"
                + " hold drop 0.5, fall [0.1, 0.2]/s, rise 0.6, near target 2.0 s, held loss 0.05/s, release 10.0 s,"
                + " expected fill [5.0, NaN]]");
    }

    @Test
    void twoAreEqualWhenEveryFigureAndTheSourceAre() {
        Thresholds a = ThresholdsBuilder.of(2).fall(0.1, 0.2).build();
        assertThat(a).isEqualTo(ThresholdsBuilder.of(2).fall(0.1, 0.2).build())
                .hasSameHashCodeAs(ThresholdsBuilder.of(2).fall(0.1, 0.2).build())
                .isNotEqualTo(ThresholdsBuilder.of(2).fall(0.1, 0.3).build())
                .isNotEqualTo(ThresholdsBuilder.of(2).fall(0.1, 0.2).release(21).build())
                .isNotEqualTo(Thresholds.envelope(2))
                .isNotEqualTo(a.toString())
                .isNotEqualTo(null);
        assertThat(a.hashCode()).isEqualTo(a.toString().hashCode());
    }
}
