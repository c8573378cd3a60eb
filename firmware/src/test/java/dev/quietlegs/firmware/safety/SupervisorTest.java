package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.therapy.Actuation;
import dev.quietlegs.hardware.sim.PlantParameters;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SupervisorTest {

    private static final long S = 1_000_000_000L;
    private final long[] now = {0};
    private final SimulatedBoard board = new SimulatedBoard(PlantParameters.legCuff(3), () -> now[0]);
    private final List<Fault> faults = new ArrayList<>();
    private final Supervisor supervisor = new Supervisor(board, new Supervisor.Limits(60, 70, 90), faults::add);
    private final Actuation fill = new Actuation(3);

    SupervisorTest() {
        fill.pumpDuty(1);
        fill.mainVentOpen(false);
        fill.inletOpen(0, true);
        fill.exhaustOpen(0, false);
        fill.vibrationLevel(5);
    }

    @Test
    void aSafeRequestPassesUnchanged() {
        supervisor.actuate(fill, new double[] {10, 0, 0}, 0.5);
        assertThat(board.pump().duty()).isEqualTo(1);
        assertThat(board.valves().inletOpen(0)).isTrue();
        assertThat(board.valves().exhaustOpen(0)).isFalse();
        assertThat(board.valves().mainVentOpen()).isFalse();
        assertThat(board.vibration().duty()).isEqualTo(0.5);
    }

    @Test
    void aChamberAtTheLimitIsNeverFilledAndIsBled() {
        supervisor.actuate(fill, new double[] {60, 0, 0}, 0);
        assertThat(board.valves().inletOpen(0)).isFalse();
        assertThat(board.valves().exhaustOpen(0)).isTrue();
        // no inlet open: the pump may not run against closed valves, and the manifold vents
        assertThat(board.pump().duty()).isZero();
        assertThat(board.valves().mainVentOpen()).isTrue();
    }

    @Test
    void outOfRangeDutiesAreClamped() {
        fill.pumpDuty(7);
        supervisor.actuate(fill, new double[] {0, 0, 0}, Double.NaN);
        assertThat(board.pump().duty()).isEqualTo(1);
        assertThat(board.vibration().duty()).isZero();
    }

    @Test
    void overpressureLatchesAFaultAndFromThenOnlyTheSafeStateReachesThePins() {
        supervisor.check(now[0], new double[] {71, 0, 0});
        assertThat(faults).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FaultCode.OVERPRESSURE);
            assertThat(f.chamber()).isZero();
            assertThat(f.message()).contains("chamber 1").contains("70 mmHg");
        });
        supervisor.actuate(fill, new double[] {0, 0, 0}, 1);
        assertThat(board.pump().duty()).isZero();
        assertThat(board.vibration().duty()).isZero();
        assertThat(board.valves().inletOpen(0)).isFalse();
        assertThat(board.valves().exhaustOpen(0)).isTrue();
        // a second fault does not replace the first
        supervisor.check(now[0], new double[] {Double.NaN, 0, 0});
        assertThat(faults).hasSize(1);
        assertThat(supervisor.latched().code()).isEqualTo(FaultCode.OVERPRESSURE);
    }

    @Test
    void aChamberAbove15MmHgTooLongLatchesAFault() {
        for (int i = 0; i <= 90; i++) {
            now[0] = i * S;
            supervisor.check(now[0], new double[] {20, 0, 0});
        }
        assertThat(faults).isEmpty();
        now[0] = 91 * S;
        supervisor.check(now[0], new double[] {20, 0, 0});
        assertThat(faults).singleElement().satisfies(f -> assertThat(f.code()).isEqualTo(FaultCode.INFLATED_TOO_LONG));
    }

    @Test
    void aChamberThatDipsBelow15MmHgRestartsItsClock() {
        for (int i = 0; i <= 200; i++) {
            now[0] = i * S;
            supervisor.check(now[0], new double[] {i % 60 == 59 ? 5 : 20, 0, 0});
        }
        assertThat(faults).isEmpty();
    }

    @Test
    void clearingRefusesWhileTheCauseRemains() {
        supervisor.check(0, new double[] {0, Double.NaN, 0});
        assertThat(supervisor.clear(new double[] {0, Double.NaN, 0})).contains("chamber 2");
        assertThat(supervisor.clear(new double[] {0, 30, 0})).contains("30 mmHg");
        assertThat(supervisor.latched()).isNotNull();
        assertThat(supervisor.clear(new double[] {0, 1, 0})).isNull();
        assertThat(supervisor.latched()).isNull();
        assertThat(supervisor.clear(new double[] {0, 1, 0})).contains("no fault");
    }
}
