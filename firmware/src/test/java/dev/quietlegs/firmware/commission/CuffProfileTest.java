package dev.quietlegs.firmware.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.safety.Thresholds;
import dev.quietlegs.firmware.simulate.Commissioner;
import dev.quietlegs.firmware.simulate.PlantEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What a cuff profile makes of its figures: the checks' thresholds, the envelope's findings, the report. */
class CuffProfileTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);
    private static final Thresholds DEFAULTS = Thresholds.envelope(3);
    private static final double NAN = Double.NaN;

    /**
     * A chamber of the figures given, the fill marks in proportion to the time to 40 mmHg, the rest
     * of its exhaust times from the time to 15.
     */
    static CuffProfile.Chamber chamber(String name, double fill40, double rise, double holdLoss, double ventTo15,
                                       double vent10To3, double slowestFall, double secondTo15, double zero) {
        double[] fill = {0.35 * fill40, 0.6 * fill40, 0.8 * fill40, fill40};
        return new CuffProfile.Chamber(name, zero, fill, 48, rise, holdLoss, ventTo15, vent10To3, 2.4 * ventTo15,
                slowestFall, secondTo15, 3 * secondTo15);
    }

    /** A chamber that reached 10 mmHg and nothing else. */
    static CuffProfile.Chamber onlyTo10(String name) {
        return new CuffProfile.Chamber(name, 0, new double[] {8, NAN, NAN, NAN}, NAN, NAN, 0, NAN, NAN, NAN, NAN, NAN,
                NAN);
    }

    /** About the shipped plant's calf. */
    static CuffProfile.Chamber healthy(String name) {
        return chamber(name, 3.9, 6.7, 0.004, 0.87, 0.94, 0.67, 1.6, 0);
    }

    static CuffProfile profile(CuffProfile.Chamber... chambers) {
        return profile(0, new CuffProfile.Pump(0.1, 35.7), chambers);
    }

    static CuffProfile profile(double manifoldZero, CuffProfile.Pump pump, CuffProfile.Chamber... chambers) {
        return new CuffProfile(CuffProfile.VERSION, "2026-12-02T10:00:00Z", "simulated", manifoldZero, pump,
                List.of(chambers));
    }

    /** Every threshold within the hard bounds, and none looser than the envelope's default. */
    static void assertWithinBoundsAndNoLooser(Thresholds t, String as) {
        assertThat(t.profiled()).as(as).isTrue();
        assertThat(t.source()).as(as).startsWith("the cuff profile of ");
        for (int i = 0; i < t.chambers(); i++) {
            assertThat(t.fillS()[i]).as(as + " fill %d", i).isBetween(0.5, Thresholds.CEILING_SELF_TEST_STAGE_S)
                    .isLessThanOrEqualTo(DEFAULTS.fillS()[i]);
            assertThat(t.ventS()[i]).as(as + " vent %d", i).isBetween(0.5, Thresholds.CEILING_SELF_TEST_STAGE_S)
                    .isLessThanOrEqualTo(DEFAULTS.ventS()[i]);
            assertThat(t.fallFraction()[i]).as(as + " fall %d", i).isBetween(Thresholds.FLOOR_FALL_FRACTION, 0.9)
                    .isGreaterThanOrEqualTo(DEFAULTS.fallFraction()[i]);
        }
        assertThat(t.holdDropMmHg()).as(as + " hold drop").isBetween(0.2, 2.0).isLessThanOrEqualTo(DEFAULTS.holdDropMmHg());
        assertThat(t.riseMmHg()).as(as + " rise").isBetween(0.3, 5.0).isGreaterThanOrEqualTo(DEFAULTS.riseMmHg());
        assertThat(t.nearTargetS()).as(as + " near target").isEqualTo(DEFAULTS.nearTargetS());
        assertThat(t.heldLossFraction()).as(as + " held loss").isBetween(0.01, 0.1)
                .isLessThanOrEqualTo(DEFAULTS.heldLossFraction());
        assertThat(t.releaseS()).as(as + " release").isBetween(2.0, Thresholds.CEILING_RELEASE_S)
                .isLessThanOrEqualTo(DEFAULTS.releaseS());
    }

    @Test
    void thresholdsFromCommissionedPlantsAreWithinTheHardBoundsAndNeverLooserThanTheDefaults() {
        List<PlantEnvelope.Sample> plants = new ArrayList<>(PlantEnvelope.corners(UNIT.plant()));
        plants.add(PlantEnvelope.of(UNIT.plant()));
        plants.addAll(PlantEnvelope.random(UNIT.plant(), 8, 5));
        for (PlantEnvelope.Sample s : plants) {
            CuffProfile p = Commissioner.commission(UNIT.withPlant(s.plant()), PROGRAMS, "x").profile();
            assertThat(p).as(s.label()).isNotNull();
            Thresholds t = p.thresholds();
            assertWithinBoundsAndNoLooser(t, s.label());
            for (int i = 0; i < 3; i++) {
                assertThat(t.expectedFillS()[i]).isEqualTo(p.chambers().get(i).fillTo(10));
            }
        }
    }

    @Test
    void thresholdsFromExtremeFiguresStayWithinTheHardBoundsAndNeverLooserThanTheDefaults() {
        List<CuffProfile> extremes = List.of(
                // nothing measured but the first fill mark (a file must have that)
                profile(onlyTo10("ankle"), onlyTo10("calf"), onlyTo10("thigh")),
                // everything instant
                profile(chamber("ankle", 1e-3, 500, 0, 1e-3, 0, 1, 1e-3, 0),
                        chamber("calf", 1e-3, 500, 0, 1e-3, 0, 1, 1e-3, 0),
                        chamber("thigh", 1e-3, 500, 0, 1e-3, 0, 1, 1e-3, 0)),
                // everything as slow as a file may say, a chamber that fell back while filled
                profile(chamber("ankle", 600, -50, 1, 600, 600, -1, 600, 50),
                        chamber("calf", 600, -50, 1, 600, 600, -1, 600, -50),
                        chamber("thigh", 600, -50, 1, 600, 600, -1, 600, 0)));
        for (CuffProfile p : extremes) {
            assertWithinBoundsAndNoLooser(p.thresholds(), p.chambers().get(0).toString());
        }
    }

    @Test
    void aMarkNotMeasuredFallsBackToTheDefault() {
        // the ankle filled within its first second (no rise measured) and was never seen to fall
        // above 10 mmHg or reach 15 through its exhaust
        CuffProfile.Chamber noFigures = new CuffProfile.Chamber("ankle", 0, new double[] {0.3, 0.5, 0.7, 0.9}, 48, NAN,
                0.004, NAN, NAN, NAN, NAN, NAN, NAN);
        CuffProfile p = profile(noFigures, healthy("calf"), healthy("thigh"));
        Thresholds t = p.thresholds();
        assertThat(noFigures.fall()).isNaN();
        assertThat(t.fallFraction()[0]).as("fall: the default, not the tightest bound")
                .isEqualTo(DEFAULTS.fallFraction()[0]);
        assertThat(t.ventS()[0]).as("vent").isEqualTo(DEFAULTS.ventS()[0]);
        assertThat(t.releaseS()).as("release").isEqualTo(DEFAULTS.releaseS());
        // the rise from the chambers that measured one
        assertThat(t.riseMmHg()).isCloseTo(0.3 * 6.7, within(1e-9));
        // the measured ones from what was measured
        assertThat(t.fillS()[0]).isCloseTo(2 * 0.3 + 1, within(1e-9));
        assertThat(t.fallFraction()[1]).isCloseTo(0.5 * healthy("calf").fall(), within(1e-9));

        // no chamber measured a rise: the default, not the tightest bound
        CuffProfile.Chamber fast = new CuffProfile.Chamber("x", 0, new double[] {0.3, 0.5, 0.7, 0.9}, 48, NAN, 0.004,
                0.2, 0.3, 0.5, 0.99, 0.4, 1.2);
        assertThat(profile(fast, fast, fast).thresholds().riseMmHg()).isEqualTo(DEFAULTS.riseMmHg());

        // not even the first fill mark: the default fill time, no expectation of it
        CuffProfile.Chamber neverFilled = new CuffProfile.Chamber("ankle", 0, new double[] {NAN, NAN, NAN, NAN}, NAN,
                NAN, 0, 0, NAN, 0, NAN, NAN, NAN);
        Thresholds none = profile(neverFilled, healthy("calf"), healthy("thigh")).thresholds();
        assertThat(none.fillS()[0]).isEqualTo(DEFAULTS.fillS()[0]);
        assertThat(none.expectedFillS()[0]).isNaN();
        assertThat(none.fallFraction()[0]).isEqualTo(DEFAULTS.fallFraction()[0]);
    }

    @Test
    void theFallIsTheSlowestSecondOrWhatTheTimeTo15StandsForWhicheverIsLess() {
        // 40 to 15 mmHg in t seconds stands for losing 1 - (15/40)^(1/t) of the pressure each second
        assertThat(chamber("c", 4, 5, 0, 1.0, 1, 0.3, 2, 0).fall()).isCloseTo(0.3, within(1e-12));
        assertThat(chamber("c", 4, 5, 0, 2.0, 1, 0.9, 2, 0).fall()).isCloseTo(1 - Math.sqrt(0.375), within(1e-12));
        // without a slowest second (it was below 10 mmHg within its first): the time to 15 alone
        assertThat(chamber("c", 4, 5, 0, 0.5, 1, NAN, 2, 0).fall()).isCloseTo(1 - 0.375 * 0.375, within(1e-12));
        // without a time to 15 (or 0: it started below): the slowest second alone
        assertThat(chamber("c", 4, 5, 0, NAN, 1, 0.4, 2, 0).fall()).isCloseTo(0.4, within(1e-12));
        assertThat(chamber("c", 4, 5, 0, 0, 1, 0.4, 2, 0).fall()).isCloseTo(0.4, within(1e-12));
        assertThat(chamber("c", 4, 5, 0, NAN, 1, NAN, 2, 0).fall()).isNaN();
    }

    @Test
    void eachWayOutOfTheEnvelopeIsNamedWithItsChamberAndWhatToChange() {
        assertThat(profile(healthy("ankle"), healthy("calf"), healthy("thigh")).outsideEnvelope()).isEmpty();

        CuffProfile.Chamber slow = chamber("thigh", 6.6, 3, 0.004, 1.1, 1.3, 0.56, 2.1, 0);
        assertThat(profile(healthy("ankle"), healthy("calf"), slow).outsideEnvelope()).containsExactly(
                "the thigh chamber needs 6.6 s to reach 40 mmHg from empty (at most 5.5 s: a program gives a chamber"
                        + " 4 s to inflate): a pump 1.2× as strong, a larger inlet valve (if the manifold stayed well"
                        + " above the chamber), or a smaller chamber");
        CuffProfile.Chamber never = new CuffProfile.Chamber("calf", 0, new double[] {3, 9, 20, NAN}, NAN, 1, 0.004, 0.9,
                0.9, 2.2, 0.6, 1.6, 4.9);
        assertThat(profile(healthy("ankle"), never, healthy("thigh")).outsideEnvelope()).singleElement()
                .asString().startsWith("the calf chamber did not reach 40 mmHg from empty within 30.0 s (at most 5.5 s")
                .contains("a pump much as strong");

        CuffProfile.Chamber stuckExhaust = chamber("calf", 3.9, 6.7, 0.004, 9, 12, 0.08, 1.6, 0);
        assertThat(profile(healthy("ankle"), stuckExhaust, healthy("thigh")).outsideEnvelope()).containsExactly(
                "the calf chamber lost only 8.0 % of its pressure in a second through its exhaust (at least 10.0 %):"
                        + " a larger exhaust valve, or a shorter or wider hose");

        CuffProfile.Chamber slowSecond = chamber("ankle", 3.9, 6.7, 0.004, 0.87, 0.94, 0.67, 21, 0);
        assertThat(profile(slowSecond, healthy("calf"), healthy("thigh")).outsideEnvelope()).containsExactly(
                "the ankle chamber took 21.0 s to fall from 30 to 15 mmHg through its inlet and the main vent (at most"
                        + " 20.0 s, the way out if its exhaust fails): a larger main vent");
        CuffProfile.Chamber neverSecond = chamber("ankle", 3.9, 6.7, 0.004, 0.87, 0.94, 0.67, NAN, 0);
        assertThat(profile(neverSecond, healthy("calf"), healthy("thigh")).outsideEnvelope()).singleElement()
                .asString().startsWith("the ankle chamber took too long to fall from 30 to 15 mmHg");

        CuffProfile.Chamber leaks = chamber("thigh", 3.9, 6.7, 0.02, 0.87, 0.94, 0.67, 1.6, 0);
        assertThat(profile(healthy("ankle"), healthy("calf"), leaks).outsideEnvelope()).containsExactly(
                "the thigh chamber lost 2.0 % of its pressure per second while held (at most 1.5 %): it leaks; check"
                        + " its hose, fittings and seams");

        CuffProfile.Chamber offset = chamber("calf", 3.9, 6.7, 0.004, 0.87, 0.94, 0.67, 1.6, -3.5);
        assertThat(profile(healthy("ankle"), offset, healthy("thigh")).outsideEnvelope()).containsExactly(
                "the calf chamber's sensor reads -3.5 mmHg open to the room: check the sensor and its tube");

        assertThat(profile(4.2, new CuffProfile.Pump(0.1, 36), healthy("ankle"), healthy("calf"), healthy("thigh"))
                .outsideEnvelope()).containsExactly(
                "the manifold's sensor reads 4.2 mmHg open to the room: check the sensor and its tube");

        assertThat(profile(0, new CuffProfile.Pump(NAN, 12.3), healthy("ankle"), healthy("calf"), healthy("thigh"))
                .outsideEnvelope()).containsExactly("the pump lifted the closed manifold only to 12.3 mmHg in 5.0 s:"
                + " check the pump, its hose and the main vent");

        // at the bounds themselves: inside
        CuffProfile.Chamber edge = new CuffProfile.Chamber("ankle", 3, new double[] {2, 3, 4, 5.5}, 48, 4,
                CuffProfile.HOLD_LOSS_MAX, 1, 1, 2, CuffProfile.FALL_MIN, CuffProfile.SECOND_TO_15_MAX_S, 25);
        assertThat(profile(-3, new CuffProfile.Pump(0.1, 36), edge, healthy("calf"), healthy("thigh"))
                .outsideEnvelope()).isEmpty();
        // several findings, in chamber order
        CuffProfile.Chamber ankleLeaks = chamber("ankle", 3.9, 6.7, 0.02, 0.87, 0.94, 0.67, 1.6, 0);
        assertThat(profile(ankleLeaks, stuckExhaust, slow).outsideEnvelope()).hasSize(3)
                .satisfiesExactly(s -> assertThat(s).startsWith("the ankle chamber"),
                        s -> assertThat(s).startsWith("the calf chamber"),
                        s -> assertThat(s).startsWith("the thigh chamber"));
    }

    @Test
    void aFastBuildGetsTighterThresholdsThanTheDefaults() {
        for (String label : List.of("base", "flow+ C- ex+ in+")) {
            PlantEnvelope.Sample s = label.equals("base") ? PlantEnvelope.of(UNIT.plant())
                    : PlantEnvelope.corners(UNIT.plant()).stream().filter(x -> x.label().equals(label)).findFirst()
                    .orElseThrow();
            CuffProfile p = Commissioner.commission(UNIT.withPlant(s.plant()), PROGRAMS, "2026-12-02").profile();
            Thresholds t = p.thresholds();
            System.out.printf(Locale.ROOT, "%n%s: %s%n   defaults: %s%n", label, t, DEFAULTS);
            assertThat(t.source()).isEqualTo("the cuff profile of 2026-12-02");
            for (int i = 0; i < 3; i++) {
                assertThat(t.fillS()[i]).isLessThan(DEFAULTS.fillS()[i] / 2);
                assertThat(t.ventS()[i]).isLessThan(DEFAULTS.ventS()[i] / 2);
                assertThat(t.fallFraction()[i]).isGreaterThan(3 * DEFAULTS.fallFraction()[i]);
            }
            assertThat(t.holdDropMmHg()).isLessThan(DEFAULTS.holdDropMmHg());
            assertThat(t.riseMmHg()).isGreaterThan(2 * DEFAULTS.riseMmHg());
            assertThat(t.heldLossFraction()).isLessThan(DEFAULTS.heldLossFraction());
            assertThat(t.releaseS()).isLessThan(DEFAULTS.releaseS() / 2);
        }
    }

    @Test
    void theReportShowsEveryChamberAndADashForAMarkNotReached() {
        CuffProfile.Chamber never = new CuffProfile.Chamber("calf", 0.04, new double[] {3, 9, 20, NAN}, NAN, 1, 0.004,
                0.9, 0.9, 2.2, 0.6, 1.6, 4.9);
        String report = profile(healthy("ankle"), never, healthy("thigh")).report();
        assertThat(report.lines()).hasSize(6);
        assertThat(report).contains("ankle", "calf", "thigh", "3.0 / 9.0 / 20.0 / —",
                "pump: the closed manifold to 35 mmHg in 0.1 s", "sensors open to the room: ankle 0.0 calf 0.0");
        assertThatThrownBy(() -> healthy("ankle").fillTo(25)).isInstanceOf(IllegalArgumentException.class);
    }
}
