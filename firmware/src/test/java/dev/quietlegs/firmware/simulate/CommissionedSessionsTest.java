package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.commission.CuffProfile;
import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.safety.Thresholds;
import dev.quietlegs.firmware.simulate.PlantEnvelope.Sample;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * End to end, as a builder would: commission a build, then give it whole evening sessions, once
 * with the thresholds of its own profile and once with the envelope's defaults. On builds across
 * the deliverable envelope, corners included, every session ends done with no fault, and every
 * chamber reaches its target in every cycle.
 */
class CommissionedSessionsTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);
    private static final Program EVENING = PROGRAMS.find("evening").orElseThrow();

    private record Job(Sample sample, boolean profiled) {
    }

    private record Result(Job job, Thresholds thresholds, Summary summary) {
    }

    static List<Sample> plants() {
        List<Sample> corners = PlantEnvelope.corners(UNIT.plant());
        List<Sample> out = new ArrayList<>();
        for (String label : List.of(CommissioningTest.WEAKEST, CommissioningTest.STRONGEST,
                CommissioningTest.SLOWEST_EXHAUST, CommissioningTest.WIDE_INLET)) {
            out.add(corners.stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow());
        }
        out.addAll(PlantEnvelope.random(UNIT.plant(), 2, 23));
        return out;
    }

    @Test
    void commissionedOrNotEveryDeliverableBuildRunsTheEveningToItsEnd() {
        List<Sample> plants = plants();
        List<Job> jobs = new ArrayList<>();
        for (Sample s : plants) {
            assertThat(PlantEnvelope.deliverable(s.plant())).as(s.label()).isTrue();
            jobs.add(new Job(s, true));
            jobs.add(new Job(s, false));
        }
        List<Result> results = Parallel.map(jobs, 2, j -> {
            UnitConfig unit = UNIT.withPlant(j.sample().plant());
            if (j.profiled()) {
                Commissioner.Outcome o = Commissioner.commission(unit, PROGRAMS, "e2e");
                assertThat(o.aborted()).as(j.sample().label()).isNull();
                CuffProfile profile = o.profile();
                assertThat(profile.outsideEnvelope()).as(j.sample().label()).isEmpty();
                unit = unit.withThresholds(profile.thresholds());
            }
            return new Result(j, unit.thresholds(), new Simulation(unit, PROGRAMS, EVENING, null, 1).run());
        }, "commissioned sessions");

        System.out.println("\nEvening sessions after commissioning (profile) and without (defaults):");
        for (Result r : results) {
            Summary s = r.summary();
            String as = r.job().sample().label() + (r.job().profiled() ? " with its profile" : " with the defaults");
            System.out.printf(Locale.ROOT, "%-18s %-8s %-5s %s cycles %d, slowest to target %.2f s; fill %s s,"
                            + " fall %s, rise %.2f%n", r.job().sample().label(), r.job().profiled() ? "profile" : "defaults",
                    s.finalPhase().wire(), s.fault() == null ? "no fault," : s.fault().message(), s.cycles(),
                    s.chambers().stream().mapToDouble(ChamberStats::maxReachS).max().orElse(0),
                    fmt(r.thresholds().fillS()), fmt(r.thresholds().fallFraction()), r.thresholds().riseMmHg());
            assertThat(r.thresholds().profiled()).as(as).isEqualTo(r.job().profiled());
            assertThat(s.fault()).as(as).isNull();
            assertThat(s.finalPhase()).as(as).isEqualTo(Phase.DONE);
            assertThat(s.sessionS()).as(as).isEqualTo(EVENING.durationS(), org.assertj.core.api.Assertions.within(0.05));
            for (ChamberStats c : s.chambers()) {
                assertThat(c.cycles()).as(as + " " + c.name()).isPositive();
                assertThat(c.reached()).as(as + " " + c.name() + " reached its target every cycle").isEqualTo(c.cycles());
            }
        }

        // The bench's own way (bench envelope --commissioned) agrees.
        for (PlantEnvelope.Outcome o : PlantEnvelope.runAll(UNIT, PROGRAMS, List.of(EVENING), plants, 2, true)) {
            assertThat(o.done()).as(o.sample().label() + ": " + o.fault()).isTrue();
        }
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.isEmpty() ? "" : "/").append(String.format(Locale.ROOT, "%.2f", d));
        }
        return sb.toString();
    }
}
