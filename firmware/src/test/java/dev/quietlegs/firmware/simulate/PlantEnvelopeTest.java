package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.simulate.PlantEnvelope.Sample;
import dev.quietlegs.hardware.sim.PlantParameters;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The plant envelope's sampler: inside its ranges, repeatable, corners included. No session is run. */
class PlantEnvelopeTest {

    private static final PlantParameters BASE = PlantParameters.legCuff(3);

    @Test
    void theDefaultAndTheShippedPlantAreInsideTheEnvelope() {
        assertThat(PlantEnvelope.contains(BASE)).isTrue();
        UnitConfig shipped = ShippedConfig.unit();
        assertThat(PlantEnvelope.contains(shipped.plant())).isTrue();
        Sample b = PlantEnvelope.of(BASE);
        assertThat(b.inletBoreMm()).isCloseTo(1.3, within(0.02));
        assertThat(b.exhaustBoreMm()).isCloseTo(1.9, within(0.02));
        assertThat(b.ventBoreMm()).isCloseTo(1.6, within(0.02));
        assertThat(b.ankleRatio()).isCloseTo(0.8, within(1e-9));
        assertThat(b.thighRatio()).isCloseTo(1.3, within(1e-9));
    }

    @Test
    void aPlantOutsideAnyRangeIsNotInside() {
        PlantParameters weakPump = new PlantParameters(3, 20, 400, 0.15, 12, 15, new double[] {0.8, 1.0, 1.3}, 12,
                25, 18, 0.07, 72, 40, 78, 1.5, 0.2, 0.05, 0.15, 0.25, 0.001, 1);
        PlantParameters thighSmallerThanCalf = new PlantParameters(3, 80, 400, 0.15, 12, 15,
                new double[] {0.8, 1.0, 0.9}, 12, 25, 18, 0.07, 72, 40, 78, 1.5, 0.2, 0.05, 0.15, 0.25, 0.001, 1);
        PlantParameters hugeExhaust = new PlantParameters(3, 80, 400, 0.15, 12, 15, new double[] {0.8, 1.0, 1.3}, 12,
                50, 18, 0.07, 72, 40, 78, 1.5, 0.2, 0.05, 0.15, 0.25, 0.001, 1);
        assertThat(PlantEnvelope.contains(weakPump)).isFalse();
        assertThat(PlantEnvelope.contains(thighSmallerThanCalf)).isFalse();
        assertThat(PlantEnvelope.contains(hugeExhaust)).isFalse();
    }

    @Test
    void randomPlantsStayInsideTheRanges() {
        List<Sample> samples = PlantEnvelope.random(BASE, 2000, 7);
        assertThat(samples).hasSize(2000);
        for (Sample s : samples) {
            PlantParameters p = s.plant();
            assertThat(PlantEnvelope.contains(p)).as(s.describe()).isTrue();
            assertThat(p.pumpFreeFlow()).isBetween(PlantEnvelope.PUMP_FLOW_MIN_ML_S, PlantEnvelope.PUMP_FLOW_MAX_ML_S);
            assertThat(p.pumpMaxMmHg()).isBetween(PlantEnvelope.PUMP_STALL_MIN_MMHG, PlantEnvelope.PUMP_STALL_MAX_MMHG);
            for (int i = 0; i < 3; i++) {
                assertThat(p.chamberCompliance() * p.scaleOf(i)).isBetween(PlantEnvelope.CHAMBER_COMPLIANCE_MIN,
                        PlantEnvelope.CHAMBER_COMPLIANCE_MAX);
            }
            assertThat(p.scaleOf(0)).isLessThan(p.scaleOf(1));
            assertThat(p.scaleOf(1)).isLessThan(p.scaleOf(2));
            assertThat(PlantEnvelope.leakMmHgS(p)).isCloseTo(s.leakMmHgS(), within(1e-9))
                    .isBetween(0.0, PlantEnvelope.LEAK_MAX_MMHG_S);
            assertThat(p.motorStartDuty()).isBetween(PlantEnvelope.MOTOR_START_MIN, PlantEnvelope.MOTOR_START_MAX);
            // what the envelope does not vary stays the base plant's
            assertThat(p.manifoldCompliance()).isEqualTo(BASE.manifoldCompliance());
            assertThat(p.reliefMmHg()).isEqualTo(BASE.reliefMmHg());
            assertThat(p.switchMmHg()).isEqualTo(BASE.switchMmHg());
            for (PlantEnvelope.Axis a : PlantEnvelope.Axis.values()) {
                assertThat(a.position(s)).as(a.label()).isBetween(-1e-9, 1 + 1e-9);
            }
        }
        // spread over the ranges, not bunched at one end: every third of every axis is visited
        for (PlantEnvelope.Axis a : PlantEnvelope.Axis.values()) {
            Set<Integer> thirds = samples.stream().map(s -> (int) Math.min(2, a.position(s) * 3))
                    .collect(Collectors.toSet());
            assertThat(thirds).as(a.label()).containsExactlyInAnyOrder(0, 1, 2);
        }
    }

    @Test
    void theSameSeedGivesTheSamePlantsAndAnotherSeedOthers() {
        List<Sample> a = PlantEnvelope.random(BASE, 50, 42);
        List<Sample> b = PlantEnvelope.random(BASE, 50, 42);
        List<Sample> c = PlantEnvelope.random(BASE, 50, 43);
        assertThat(a).isEqualTo(b);
        assertThat(a.stream().map(Sample::describe).toList()).isEqualTo(b.stream().map(Sample::describe).toList());
        assertThat(a.get(0).pumpFlowMlS()).isNotEqualTo(c.get(0).pumpFlowMlS());
    }

    @Test
    void theCornersAreThoseOfTheDeliverableEnvelope() {
        List<Sample> corners = PlantEnvelope.corners(BASE);
        assertThat(corners).hasSize(16).allMatch(Sample::corner).allMatch(s -> PlantEnvelope.contains(s.plant()))
                .allMatch(s -> PlantEnvelope.deliverable(s.plant()));
        assertThat(corners.stream().map(Sample::label).distinct()).hasSize(16);
        for (Sample s : corners) {
            assertThat(s.pumpFlowMlS()).isBetween(PlantEnvelope.PUMP_FLOW_MIN_ML_S, PlantEnvelope.PUMP_FLOW_MAX_ML_S);
            assertThat(s.calfCompliance()).isBetween(PlantEnvelope.CALF_COMPLIANCE_MIN,
                    PlantEnvelope.CALF_COMPLIANCE_MAX);
            assertThat(s.exhaustBoreMm()).isIn(PlantEnvelope.BORE_MIN_MM, PlantEnvelope.BORE_MAX_MM);
            assertThat(s.inletBoreMm()).isBetween(PlantEnvelope.BORE_MIN_MM, PlantEnvelope.BORE_MAX_MM);
            assertThat(s.pumpStallMmHg()).isEqualTo(BASE.pumpMaxMmHg());
            if (s.label().startsWith("flow+")) {
                assertThat(s.pumpFlowMlS()).isEqualTo(PlantEnvelope.PUMP_FLOW_MAX_ML_S);
            }
            if (s.label().endsWith("in+")) {
                assertThat(s.inletBoreMm()).isEqualTo(PlantEnvelope.BORE_MAX_MM);
            }
        }
        // a weaker pump than a "flow-" corner's, or a narrower inlet than an "in-" one's, no longer delivers
        for (Sample s : corners) {
            if (s.label().startsWith("flow-") && s.pumpFlowMlS() > PlantEnvelope.PUMP_FLOW_MIN_ML_S) {
                assertThat(PlantEnvelope.deliverable(PlantEnvelope.plant(BASE, "weaker", s.pumpFlowMlS() * 0.9,
                        s.pumpStallMmHg(), s.calfCompliance(), s.ankleRatio(), s.thighRatio(), s.inletBoreMm(),
                        s.exhaustBoreMm(), s.ventBoreMm(), s.leakMmHgS(), s.motorStartDuty()).plant())).isFalse();
            }
        }
        // the smallest chamber of the envelope is reached; the largest garment is the largest the strongest pump fills
        Sample small = corners.get(0);
        assertThat(small.plant().chamberCompliance() * small.plant().scaleOf(0))
                .isCloseTo(PlantEnvelope.CHAMBER_COMPLIANCE_MIN, within(1e-9));
        Sample large = corners.get(15);
        assertThat(PlantEnvelope.fillS(large.plant(), 2, 40)).isCloseTo(PlantEnvelope.FILL_40_MAX_S * 0.97,
                within(0.1));
        List<Sample> all = PlantEnvelope.plants(BASE, 10, 1);
        assertThat(all).hasSize(26).startsWith(corners.toArray(Sample[]::new)).allMatch(s -> PlantEnvelope.deliverable(s.plant()));
    }

    @Test
    void aPlantOfTheUnitKeepsItsChamberCount() {
        UnitConfig unit = ShippedConfig.unit();
        Sample s = PlantEnvelope.random(unit.plant(), 1, 3).get(0);
        UnitConfig other = unit.withPlant(s.plant());
        assertThat(other.plant()).isSameAs(s.plant());
        assertThat(other.chamberNames()).isEqualTo(unit.chamberNames());
        assertThat(other.limits()).isEqualTo(unit.limits());
    }
}
