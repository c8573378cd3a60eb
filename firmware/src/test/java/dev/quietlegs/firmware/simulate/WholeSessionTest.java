package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.therapy.Step;
import dev.quietlegs.hardware.sim.Plant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole sessions of the shipped programs on the simulated plant, in virtual time, with the real
 * control loop, session, regulator and supervisor. Assertions are on the plant's true pressures.
 */
class WholeSessionTest {

    private static final double MAX_OVERSHOOT_MMHG = 3.0;

    /** Watches every tick of a session and checks the invariants on the pressure trace as it goes. */
    static final class TraceCheck {
        final List<String> violations = new ArrayList<>();
        double maxAboveTarget = Double.NEGATIVE_INFINITY;
        double maxPressure;
        double maxVibrationAfterEnd;
        double peakVibration;
        boolean vibrationRoseDuringRampUp;

        void check(Simulation sim, UnitConfig unit) {
            Plant plant = sim.board().plant();
            double[] lastVibration = {-1};
            double[] lastTaperVibration = {Double.MAX_VALUE};
            sim.alsoObserve((now, session, a, measured) -> {
                for (int ch = 0; ch < unit.chambers(); ch++) {
                    double p = plant.chamberMmHg(ch);
                    maxPressure = Math.max(maxPressure, p);
                    if (p > unit.maxMmHg() + 0.5 && violations.size() < 10) {
                        violations.add(String.format("t=%.2f chamber %d at %.1f above the unit limit", now / 1e9, ch, p));
                    }
                    if (session.stepOf(ch).pressurised()) {
                        maxAboveTarget = Math.max(maxAboveTarget, p - a.targetMmHg(ch));
                    }
                    // A chamber above the ankle is never filled while the one below it is empty.
                    if (ch > 0 && a.inletOpen(ch) && session.stepOf(ch - 1) == Step.REST
                            && session.phase().delivering() && violations.size() < 10) {
                        violations.add(String.format("t=%.2f chamber %d fills before chamber %d", now / 1e9, ch, ch - 1));
                    }
                }
                double v = session.vibrationNow();
                peakVibration = Math.max(peakVibration, v);
                Program prog = session.program();
                if (session.phase().delivering() && prog.vibration().isPresent()
                        && prog.vibration().get().pattern() == dev.quietlegs.firmware.therapy.Vibration.Pattern.CONTINUOUS) {
                    double s = session.elapsedS();
                    if (s < prog.rampUpS() && lastVibration[0] >= 0 && v > lastVibration[0]) {
                        vibrationRoseDuringRampUp = true;
                    }
                    if (s > prog.durationS() - prog.taperS()) {
                        if (v > lastTaperVibration[0] + 1e-9 && violations.size() < 10) {
                            violations.add(String.format("t=%.2f vibration rose during the taper", now / 1e9));
                        }
                        lastTaperVibration[0] = v;
                    }
                    lastVibration[0] = v;
                }
                if (session.phase() == Phase.DONE) {
                    maxVibrationAfterEnd = Math.max(maxVibrationAfterEnd, plant.motorSpeed() > 0.01 && a.vibrationLevel() > 0 ? 1 : 0);
                }
            });
        }
    }

    private static Summary simulate(UnitConfig unit, String program, TraceCheck check) {
        ProgramCatalog catalog = ShippedConfig.programs(unit);
        Simulation sim = new Simulation(unit, catalog, catalog.find(program).orElseThrow(), null, 1);
        if (check != null) {
            check.check(sim, unit);
        }
        return sim.run();
    }

    private static void assertCompleteSession(Summary s, UnitConfig unit, Program program, TraceCheck check) {
        assertThat(s.finalPhase()).isEqualTo(Phase.DONE);
        assertThat(s.sessionS()).isCloseTo(program.durationS(), within(2.0 / unit.loopRateHz()));
        assertThat(s.finalMaxMmHg()).as("cuff vented after the end").isLessThan(3.0);
        assertThat(s.orderViolations()).as("cycles out of ankle-to-thigh order").isZero();
        assertThat(check.violations).isEmpty();
        assertThat(check.maxPressure).isLessThanOrEqualTo(unit.maxMmHg());
        if (program.compression().isPresent()) {
            int expected = (int) ((program.durationS() - program.compression().get().pressurisedS())
                    / program.compression().get().cycleS()) + 1;
            assertThat(s.cycles()).as("cycles completed").isEqualTo(expected);
            for (ChamberStats c : s.chambers()) {
                assertThat(c.cycles()).as(c.name() + " cycles").isEqualTo(expected);
                assertThat(c.reached()).as(c.name() + " reached its target in every cycle").isEqualTo(c.cycles());
                assertThat(c.maxOvershootMmHg()).as(c.name() + " overshoot").isLessThanOrEqualTo(MAX_OVERSHOOT_MMHG);
                // The gate holds the manifold at target + margin: the largest chamber fills a little slower.
                assertThat(c.maxReachS()).as(c.name() + " reaches its target within its slot")
                        .isLessThanOrEqualTo(program.compression().get().inflateS() + 1.0);
                assertThat(c.holdMaeMmHg()).as(c.name() + " holds near its target").isLessThan(1.0);
            }
            assertThat(check.maxAboveTarget).isLessThanOrEqualTo(MAX_OVERSHOOT_MMHG);
        } else {
            assertThat(s.cycles()).isZero();
            assertThat(check.maxPressure).isLessThan(1.0);
        }
    }

    @Test
    void anEveningSessionRunsTwentyMinutesInflatesAnkleToThighRampsAndTapersThenEndsVented() {
        UnitConfig unit = ShippedConfig.unit();
        Program evening = ShippedConfig.programs(unit).find("evening").orElseThrow();
        TraceCheck check = new TraceCheck();
        Summary s = simulate(unit, "evening", check);

        assertCompleteSession(s, unit, evening, check);
        assertThat(s.sessionS()).isCloseTo(1200.0, within(0.02));
        assertThat(s.cycles()).isGreaterThanOrEqualTo(28);
        // Vibration: from 0 it ramps to the program's level, holds it, tapers to zero.
        List<Summary.VibrationSample> v = s.vibration();
        assertThat(v.get(0).level()).isZero();
        assertThat(v).filteredOn(x -> x.atS() >= 60 && x.atS() <= 900).allSatisfy(x -> assertThat(x.level()).isEqualTo(6.0));
        assertThat(v.get(v.size() - 1).level()).isZero();
        assertThat(v).filteredOn(x -> x.atS() > 900 && x.atS() < 1200)
                .allSatisfy(x -> assertThat(x.level()).isStrictlyBetween(0.0, 6.0));
        assertThat(check.vibrationRoseDuringRampUp).isTrue();
        assertThat(check.peakVibration).isEqualTo(6.0);
        // The phases in order.
        assertThat(s.phases()).extracting(Summary.PhaseMark::phase)
                .containsExactly(Phase.STARTING, Phase.RUNNING, Phase.TAPERING, Phase.DONE);
        // Chambers fill in their slots, distal first: ankle reaches before calf before thigh.
        assertThat(s.chambers().get(0).meanReachS()).isLessThan(4.0);
    }

    @ParameterizedTest(name = "{0} chamber(s)")
    @ValueSource(ints = {1, 2, 4})
    void theSameSessionRunsOnCuffsOfOtherSizes(int chambers) {
        UnitConfig unit = ShippedConfig.unit().withChambers(chambers);
        Program evening = ShippedConfig.programs(unit).find("evening").orElseThrow();
        TraceCheck check = new TraceCheck();
        Summary s = simulate(unit, "evening", check);
        assertCompleteSession(s, unit, evening, check);
        assertThat(s.chambers()).hasSize(chambers);
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {50, 250, 1000})
    void theSameSessionRunsAtOtherLoopRates(int hz) {
        UnitConfig unit = ShippedConfig.unit().withLoopRate(hz);
        Program evening = ShippedConfig.programs(unit).find("evening").orElseThrow();
        TraceCheck check = new TraceCheck();
        Summary s = simulate(unit, "evening", check);
        assertCompleteSession(s, unit, evening, check);
        assertThat(s.loopRateHz()).isEqualTo(hz);
        assertThat(s.ticks()).isGreaterThanOrEqualTo((long) hz * 1200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vibration", "compression", "repeat", "rls-trial"})
    void everyShippedProgramRunsToItsEnd(String name) {
        UnitConfig unit = ShippedConfig.unit();
        Program program = ShippedConfig.programs(unit).find(name).orElseThrow();
        TraceCheck check = new TraceCheck();
        Summary s = simulate(unit, name, check);
        assertCompleteSession(s, unit, program, check);
    }

    @Test
    void aSimulationIsRepeatable() {
        UnitConfig unit = ShippedConfig.unit();
        Summary a = simulate(unit, "repeat", null);
        Summary b = simulate(unit, "repeat", null);
        assertThat(a.chambers()).isEqualTo(b.chambers());
        assertThat(a.vibration()).isEqualTo(b.vibration());
    }
}
