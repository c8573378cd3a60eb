package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.therapy.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The self-test before a session, on the simulated plant: a healthy unit passes, a broken one never starts. */
class SelfTestTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);

    @Test
    void aHealthyUnitPassesInAboutTwelveSecondsAndEveryChamberWasFilledAndVented() {
        Simulation sim = new Simulation(UNIT, PROGRAMS, PROGRAMS.defaultProgram(), null, 1);
        double[] peak = new double[UNIT.chambers()];
        sim.alsoObserve((now, s, a, p) -> {
            if (s.phase() == Phase.STARTING) {
                for (int i = 0; i < peak.length; i++) {
                    peak[i] = Math.max(peak[i], sim.board().plant().chamberMmHg(i));
                }
            }
        });
        Summary r = sim.run();
        Summary.PhaseMark running = r.phases().stream().filter(m -> m.phase() == Phase.RUNNING).findFirst().orElseThrow();
        assertThat(running.why()).isEqualTo("self-test passed, therapy begins");
        assertThat(running.atS()).isBetween(5.0, 20.0);
        for (double p : peak) {
            assertThat(p).isBetween(9.5, 12.0); // filled to 10 mmHg, never near 15
        }
    }

    @Test
    void aVibrationOnlySessionNeverInflatesTheCuff() {
        Simulation sim = new Simulation(UNIT, PROGRAMS, PROGRAMS.find("vibration").orElseThrow(), null, 1);
        Summary r = sim.run();
        assertThat(r.maxMmHg()).isLessThan(1.0);
        assertThat(r.finalPhase()).isEqualTo(Phase.DONE);
    }

    @ParameterizedTest(name = "{0} before the session")
    @EnumSource(value = FaultKind.class, names = {"LOOP_STALL", "PROCESS_DEAD", "PIN_WRITE_BLOCKS"},
            mode = EnumSource.Mode.EXCLUDE)
    void aFaultPresentBeforeTheSessionStopsItFromStarting(FaultKind kind) {
        int chamber = kind.perChamber() ? 1 : -1; // the calf: neither first nor last
        Simulation sim = new Simulation(UNIT, PROGRAMS, PROGRAMS.defaultProgram(), null, 1);
        sim.inject(kind, chamber, Simulation.Trigger.at(0));
        Summary r = sim.run();
        assertThat(r.phases()).extracting(Summary.PhaseMark::phase).doesNotContain(Phase.RUNNING);
        assertThat(r.finalPhase()).isEqualTo(Phase.FAULT);
        assertThat(r.fault()).isNotNull();
        if (r.fault().code() == FaultCode.SELF_TEST_FAILED && kind.perChamber() && kind != FaultKind.SENSOR_SWAP) {
            assertThat(r.fault().chamber()).isEqualTo(chamber);
            assertThat(r.fault().message()).startsWith("self-test failed: the calf chamber");
        }
        if (kind.perChamber() && r.fault().chamber() >= 0 && kind != FaultKind.INLET_STUCK_OPEN
                && kind != FaultKind.SENSOR_SWAP) {
            assertThat(r.fault().chamber()).isEqualTo(chamber);
        }
        // the self-test fills to 10 mmHg as its sensors see it (a drifted sensor sees less than is there)
        assertThat(r.maxMmHg()).isLessThan(20.0);
        assertThat(r.ventS()).isLessThanOrEqualTo(3.0);
    }
}
