package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.firmware.commission.Commissioning;
import dev.quietlegs.firmware.commission.CuffProfile;
import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.BoardAssert;
import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.firmware.simulate.PlantEnvelope.Sample;
import dev.quietlegs.hardware.sim.Plant;
import dev.quietlegs.hardware.sim.PlantParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Commissioning on the simulated plant, through the real loop, gate and supervisor, held against
 * the plant's own physics: what it measures is what the parts it was built from do. Each figure is
 * compared with the plant alone, run the way commissioning runs it (no firmware, no sensor noise):
 * {@link PlantEnvelope#fillS} for the fill, and the same for the hold, the exhaust and the second way
 * here. Assertions on the true pressures, watched after every step.
 */
class CommissioningTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);
    private static final PlantParameters BASE = UNIT.plant();
    /** The slowest corner: the weakest pump for the smallest garment, the narrowest valves. */
    static final String WEAKEST = "flow- C- ex- in-";
    /** The fastest: the strongest pump, the smallest garment, the widest valves (the ankle fills within 1 s). */
    static final String STRONGEST = "flow+ C- ex+ in+";
    /** The largest garment through the narrowest exhaust: the slowest to empty that way. */
    static final String SLOWEST_EXHAUST = "flow+ C+ ex- in-";
    /** A narrow exhaust and a wide inlet: the second way out is the quicker one. */
    static final String WIDE_INLET = "flow- C- ex- in+";
    private static final List<Sample> CORNERS = PlantEnvelope.corners(BASE);
    private static final List<String> TABLE = new ArrayList<>();

    /** A commissioning run and what the watcher of the plant saw. */
    record Run(Commissioning c, Simulation sim, double maxChamberMmHg, double maxManifoldMmHg,
               double[] longestInflatedS, double endS) {

        CuffProfile profile() {
            return c.measured().build("test", "simulated");
        }
    }

    /** Commissions {@code unit}'s plant as {@link Commissioner} does, watching the true pressures. */
    static Run commission(UnitConfig unit) {
        Commissioning c = new Commissioning(unit.chamberNames());
        Simulation sim = new Simulation(unit, PROGRAMS, PROGRAMS.defaultProgram(), null, 1);
        int n = unit.chambers();
        double[] max = new double[2];
        double[] longest = new double[n];
        double[] above = new double[n];
        Arrays.fill(above, Double.NaN);
        sim.watch((t, plant) -> {
            for (int i = 0; i < n; i++) {
                double p = plant.chamberMmHg(i);
                max[0] = Math.max(max[0], p);
                if (p > Limits.INFLATED_MMHG) {
                    if (Double.isNaN(above[i])) {
                        above[i] = t;
                    }
                    longest[i] = Math.max(longest[i], t - above[i]);
                } else {
                    above[i] = Double.NaN;
                }
            }
            max[1] = Math.max(max[1], plant.manifoldMmHg());
        });
        sim.run(c, c::finished, Commissioner.LIMIT_S);
        return new Run(c, sim, max[0], max[1], longest, sim.clock().seconds());
    }

    static Stream<Named<Sample>> envelopePlants() {
        List<Sample> out = new ArrayList<>();
        out.add(PlantEnvelope.of(BASE));
        for (String label : List.of(WEAKEST, STRONGEST, SLOWEST_EXHAUST, WIDE_INLET)) {
            out.add(corner(label));
        }
        out.add(PlantEnvelope.random(BASE, 1, 1).get(0));
        return out.stream().map(s -> Named.of(s.label() + ": " + s.describe(), s));
    }

    static Sample corner(String label) {
        return CORNERS.stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envelopePlants")
    void onEveryPlantOfTheEnvelopeItMeasuresWhatThePartsDoAndStaysWithinTheLimits(Sample sample) {
        PlantParameters p = sample.plant();
        UnitConfig unit = UNIT.withPlant(p);
        assertThat(PlantEnvelope.deliverable(p)).as("a deliverable build").isTrue();
        Run r = commission(unit);
        Commissioning c = r.c();

        assertThat(c.finished()).isTrue();
        assertThat(c.aborted()).isNull();
        assertThat(c.status().doing()).isEqualTo("done");
        assertThat(r.sim().loop().latchedFault()).isNull();
        assertThat(r.sim().loop().procedureRunning()).isFalse();
        BoardAssert.assertSafe(r.sim().board());
        // Every stage has its own time limit; on a healthy build it takes about a minute.
        assertThat(r.endS()).isLessThan(120);

        // Within the supervisor's limits all the while, on the plant's true pressures.
        Limits limits = unit.limits();
        assertThat(r.maxChamberMmHg()).as("highest chamber").isLessThanOrEqualTo(Commissioning.TOP_MMHG + 3)
                .isLessThan(limits.maxMmHg());
        // The gate holds the manifold below the fed chamber's target plus the margin.
        assertThat(r.maxManifoldMmHg()).as("highest manifold")
                .isLessThanOrEqualTo(Commissioning.TOP_MMHG + limits.marginMmHg() + 2);
        for (double s : r.longestInflatedS()) {
            assertThat(s).as("longest above 15 mmHg").isLessThan(limits.inflatedS());
        }

        CuffProfile profile = r.profile();
        assertThat(profile.outsideEnvelope()).as(sample.describe()).isEmpty();
        assertThat(profile.pump().to35S()).isLessThan(1);
        assertThat(profile.pump().reachedMmHg()).isGreaterThanOrEqualTo(35);
        // Commissioner does the same, to the same figures (the plant's noise is seeded).
        CuffProfile viaCommissioner = Commissioner.commission(unit, PROGRAMS, "test").profile();
        assertThat(viaCommissioner.report()).isEqualTo(profile.report());
        assertThat(viaCommissioner.thresholds()).isEqualTo(profile.thresholds());

        for (int i = 0; i < unit.chambers(); i++) {
            CuffProfile.Chamber ch = profile.chambers().get(i);
            String as = sample.label() + " " + ch.name();
            double[] f = ch.fillS();
            assertThat(f[0]).as(as + " to 10").isPositive();
            assertThat(f[0]).as(as + " 10 < 20").isLessThan(f[1]);
            assertThat(f[1]).as(as + " 20 < 30").isLessThan(f[2]);
            assertThat(f[2]).as(as + " 30 < 40").isLessThan(f[3]);
            double physics40 = PlantEnvelope.fillS(p, i, 40);
            assertThat(f[3]).as(as + " to 40 against the physics").isCloseTo(physics40, within(0.03 * physics40));
            assertThat(f[3]).isLessThanOrEqualTo(CuffProfile.FILL_40_MAX_S);

            // The hold: what the plant's leak takes from a chamber at 40 mmHg, through the noise.
            double leak = heldLossPerS(p, i);
            assertThat(ch.holdLoss()).as(as + " hold loss").isCloseTo(leak, within(0.0015));

            // Each way out, against the plant emptied the same way.
            double[] exhaust = physicsVentS(p, i, false);
            double[] second = physicsVentS(p, i, true);
            assertThat(ch.ventTo15S()).as(as + " exhaust 40 to 15").isPositive()
                    .isCloseTo(exhaust[0], within(0.08 * exhaust[0] + 0.03));
            assertThat(ch.ventTo3S()).as(as + " exhaust 40 to 3").isGreaterThan(ch.ventTo15S())
                    .isCloseTo(exhaust[2], within(0.08 * exhaust[2] + 0.03));
            assertThat(ch.vent10To3S()).as(as + " exhaust 10 to 3").isPositive()
                    .isCloseTo(exhaust[2] - exhaust[1], within(0.1 * (exhaust[2] - exhaust[1]) + 0.03));
            assertThat(ch.secondTo15S()).as(as + " second way 30 to 15").isPositive()
                    .isCloseTo(second[0], within(0.08 * second[0] + 0.03));
            assertThat(ch.secondTo3S()).as(as + " second way 30 to 3").isGreaterThan(ch.secondTo15S())
                    .isCloseTo(second[2], within(0.08 * second[2] + 0.03));
            // Which way is slower is the parts' doing: the exhaust alone against the inlet and the
            // main vent in series (from 30 mmHg, not 40). Where the physics tells them apart, so
            // does commissioning.
            if (Math.abs(second[0] / exhaust[0] - 1) > 0.2) {
                assertThat(ch.secondTo15S() > ch.ventTo15S()).as(as + " second way slower").isEqualTo(second[0] > exhaust[0]);
            }
            assertThat(ch.fall()).as(as + " fall").isGreaterThanOrEqualTo(CuffProfile.FALL_MIN);

            TABLE.add(String.format(Locale.ROOT,
                    "%-17s %-6s %5.2f %5.2f %+5.1f%% | %5.2f %5.2f %%/s | %5.2f %5.2f | %5.2f %5.2f | %4.1f %4.1f %4.1f",
                    sample.label(), ch.name(), f[3], physics40, 100 * (f[3] / physics40 - 1), 100 * ch.holdLoss(),
                    100 * leak, ch.ventTo15S(), exhaust[0], ch.secondTo15S(), second[0], r.maxChamberMmHg(),
                    r.maxManifoldMmHg(), r.longestInflatedS()[i]));
        }
    }

    @Test
    void theSecondWayIsSlowerOnTheShippedPlantAndQuickerThroughAWideInlet() {
        // The shipped parts: a 1.9 mm exhaust alone against a 1.3 mm inlet and a 1.6 mm vent in series.
        CuffProfile shipped = Commissioner.commission(UNIT, PROGRAMS, "test").profile();
        for (CuffProfile.Chamber ch : shipped.chambers()) {
            assertThat(ch.secondTo15S()).as(ch.name()).isGreaterThan(ch.ventTo15S());
        }
        // A 1 mm exhaust against a 2.5 mm inlet: the second way is the quicker one.
        CuffProfile wide = Commissioner.commission(UNIT.withPlant(corner(WIDE_INLET).plant()), PROGRAMS, "test")
                .profile();
        for (CuffProfile.Chamber ch : wide.chambers()) {
            assertThat(ch.secondTo15S()).as(ch.name()).isLessThan(ch.ventTo15S());
        }
    }

    /** A plant of the base's parts but one. */
    static Sample outside(String label, double flow, double thigh, double exhaustBore, double leak) {
        Sample b = PlantEnvelope.of(BASE);
        return PlantEnvelope.plant(BASE, label, flow, b.pumpStallMmHg(), b.calfCompliance(), b.ankleRatio(), thigh,
                b.inletBoreMm(), exhaustBore, b.ventBoreMm(), leak, b.motorStartDuty());
    }

    private static Named<Sample> named(String label, double flow, double thigh, double exhaustBore, double leak) {
        return Named.of(label, outside(label, flow, thigh, exhaustBore, leak));
    }

    static Stream<Object[]> outsidePlants() {
        Sample b = PlantEnvelope.of(BASE);
        return Stream.of(
                // a pump of 15 mL/s (0.9 L/min): no chamber reaches 40 mmHg in time
                new Object[] {named("pump 15 mL/s", 15, b.thighRatio(), b.exhaustBoreMm(), b.leakMmHgS()),
                        List.of("ankle", "calf", "thigh"), "to reach 40 mmHg from empty", "a pump"},
                // a thigh chamber twice the calf's: only the thigh is too large for the pump
                new Object[] {named("thigh 2.0", b.pumpFlowMlS(), 2.0, b.exhaustBoreMm(), b.leakMmHgS()),
                        List.of("thigh"), "to reach 40 mmHg from empty", "a smaller chamber"},
                // 0.6 mm exhausts: the larger chambers empty too slowly through them
                new Object[] {named("exhaust 0.6 mm", b.pumpFlowMlS(), b.thighRatio(), 0.6, b.leakMmHgS()),
                        List.of("calf", "thigh"), "through its exhaust", "a larger exhaust valve"},
                // a leak of 0.9 mmHg/s at 40 mmHg in the smallest chamber: the smaller ones lose too much
                new Object[] {named("leak 0.9 mmHg/s", b.pumpFlowMlS(), b.thighRatio(), b.exhaustBoreMm(), 0.9),
                        List.of("ankle", "calf"), "while held", "it leaks"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outsidePlants")
    void aBuildOutsideTheEnvelopeIsToldWhichChamberAndWhatToChange(Sample sample, List<String> named, String what,
                                                                     String advice) {
        UnitConfig unit = UNIT.withPlant(sample.plant());
        Run r = commission(unit);
        assertThat(r.c().aborted()).as("commissioning ended early").isNull();
        assertThat(r.sim().loop().latchedFault()).isNull();
        BoardAssert.assertSafe(r.sim().board());
        assertThat(r.maxChamberMmHg()).isLessThanOrEqualTo(Commissioning.TOP_MMHG + 3);
        List<String> findings = r.profile().outsideEnvelope();
        TABLE.add(sample.label() + ": " + findings);
        assertThat(findings).hasSize(named.size());
        for (int k = 0; k < named.size(); k++) {
            assertThat(findings.get(k)).startsWith("the " + named.get(k) + " chamber").contains(what, advice);
        }
        for (String other : unit.chamberNames()) {
            if (!named.contains(other)) {
                assertThat(findings).noneMatch(s -> s.contains(other));
            }
        }
    }

    @Test
    void aLeakTheSupervisorCatchesEndsCommissioningWithNoProfile() {
        Sample leaky = outside("leak 2 mmHg/s", PlantEnvelope.of(BASE).pumpFlowMlS(), PlantEnvelope.of(BASE).thighRatio(),
                PlantEnvelope.of(BASE).exhaustBoreMm(), 2.0);
        Commissioner.Outcome o = Commissioner.commission(UNIT.withPlant(leaky.plant()), PROGRAMS, "test");
        TABLE.add("leak 2 mmHg/s: ended: " + o.aborted());
        assertThat(o.profile()).isNull();
        assertThat(o.aborted()).contains("ankle", "leaks");
    }

    @AfterAll
    static void print() {
        System.out.println("\nCommissioning against the physics: fill to 40 mmHg measured, physics, difference | hold"
                + " loss measured, the plant's leak | exhaust 40->15 s measured, physics | second way 30->15 s"
                + " measured, physics | highest chamber, manifold mmHg, longest above 15 s");
        TABLE.forEach(System.out::println);
    }

    // ---- the plant alone, run as commissioning runs it ----

    /** The fraction of its pressure chamber {@code i} loses per second through the plant's leak, at 40 mmHg. */
    static double heldLossPerS(PlantParameters p, int i) {
        double at = Commissioning.TOP_MMHG;
        double compliance = p.chamberCompliance() * p.scaleOf(i) / (1 + at / p.chamberStiffenMmHg());
        return p.leakK() * Math.sqrt(at) / compliance / at;
    }

    /**
     * Seconds from the start of the way out to below 15, 10 and 3 mmHg: through the exhaust after
     * a fill to 40 mmHg and a 3 s hold, or the second way (its inlet and the main vent, the pump
     * off) straight after a fill to 30 mmHg, as commissioning does.
     */
    static double[] physicsVentS(PlantParameters p, int i, boolean second) {
        Plant plant = new Plant(p);
        double from = second ? 30 : Commissioning.TOP_MMHG;
        plant.setMainVent(false);
        plant.setExhaust(i, false);
        plant.setInlet(i, true);
        double dt = 0.001;
        double cap = from + PlantEnvelope.MARGIN_MMHG; // the gate: the fed chamber's target plus the margin
        double t = 0;
        while (plant.chamberMmHg(i) < from) {
            plant.setPumpDuty(Math.max(0, Math.min(1, (cap - plant.manifoldMmHg()) / 3)));
            plant.advance(dt);
            t += dt;
            assertThat(t).as("the plant fills").isLessThan(60);
        }
        plant.setPumpDuty(0);
        plant.setMainVent(true);
        if (second) {
            plant.setInlet(i, true);
        } else {
            plant.setInlet(i, false);
            plant.advance(3.0);
            plant.setExhaust(i, true);
        }
        double[] marks = {15, 10, 3};
        double[] out = new double[marks.length];
        Arrays.fill(out, Double.NaN);
        for (double s = 0; s < 60 && Double.isNaN(out[marks.length - 1]); s += dt) {
            for (int k = 0; k < marks.length; k++) {
                if (Double.isNaN(out[k]) && plant.chamberMmHg(i) < marks[k]) {
                    out[k] = s;
                }
            }
            plant.advance(dt);
        }
        return out;
    }
}
