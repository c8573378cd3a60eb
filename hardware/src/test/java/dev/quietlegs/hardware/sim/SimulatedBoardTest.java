package dev.quietlegs.hardware.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quietlegs.hardware.port.Output;
import dev.quietlegs.hardware.port.OutputFailure;
import dev.quietlegs.hardware.port.OutputFrame;
import org.junit.jupiter.api.Test;

/** The circuits beside the software, as the simulator models them, and the driver faults it can have. */
class SimulatedBoardTest {

    private final long[] now = {0};
    private final SimulatedBoard board = new SimulatedBoard(PlantParameters.legCuff(3), () -> now[0]);
    private final OutputFrame fillAnkle = new OutputFrame(3).ventOpen(false).exhaustOpen(0, false).inletOpen(0, true)
            .pump(1);

    /** Runs {@code seconds} at 100 Hz, toggling the heartbeat every tick if {@code beating}. */
    private void run(double seconds, boolean beating) {
        for (int t = 0; t < Math.round(seconds * 100); t++) {
            now[0] += 10_000_000L;
            if (beating) {
                board.heartbeat();
            }
        }
    }

    @Test
    void withoutAHeartbeatTheDriversHaveNoSupplyAndNothingFills() {
        board.write(fillAnkle);
        run(2, false);
        assertThat(board.plant().chamberMmHg(0)).isZero();
        assertThat(board.plant().manifoldMmHg()).isZero();
    }

    @Test
    void whenTheHeartbeatStopsTheDeadManVentsTheCuffWithTheOutputsFrozenMidFill() {
        board.write(fillAnkle);
        run(2.5, true);
        board.write(new OutputFrame(3).ventOpen(false).exhaustOpen(0, false)); // held at its pressure
        run(0.5, true);
        double held = board.plant().chamberMmHg(0);
        assertThat(held).isGreaterThan(30);
        board.write(fillAnkle); // the process dies mid-fill: outputs frozen, pump at full duty
        run(SimulatedBoard.DEADMAN_S - 0.02, false);
        assertThat(board.deadmanTripped()).isFalse();
        run(0.04, false);
        assertThat(board.deadmanTripped()).isTrue();
        assertThat(board.plant().effectivePumpDuty()).isZero();
        run(1.5, false);
        assertThat(board.plant().chamberMmHg(0)).as("vented through its exhaust, 1.5 s after the cut")
                .isLessThan(15);
        run(0.1, true);
        assertThat(board.deadmanTripped()).as("pulses again: the supply is back").isFalse();
    }

    @Test
    void theReliefHoldsTheManifoldBelowTheCeilingAtFullDutyOnTheStrongestPumpOfTheEnvelope() {
        for (double[] pump : new double[][] {{80, 400}, {100, 600}}) {
            PlantParameters p = PlantParameters.legCuff(3);
            Plant plant = new Plant(new PlantParameters(3, pump[0], pump[1], p.manifoldCompliance(),
                    p.chamberCompliance(), p.chamberStiffenMmHg(), p.complianceScale(), p.inletK(), p.exhaustK(),
                    p.mainVentK(), p.leakK(), p.reliefMmHg(), p.reliefK(), 0, p.laminarMmHg(), 0, 0,
                    p.motorTimeConstant(), p.motorStartDuty(), p.stepSeconds(), 1));
            plant.setMainVent(false);
            plant.setPumpDuty(1);
            plant.advance(20);
            assertThat(plant.manifoldMmHg()).as("pump %s mL/s, stall %s mmHg, no switch", pump[0], pump[1])
                    .isBetween(p.reliefMmHg(), 78.0);
        }
    }

    @Test
    void theOverpressureSwitchCutsAStuckPumpWhenTheReliefIsBlocked() {
        PlantParameters p = PlantParameters.legCuff(3);
        Plant plant = new Plant(new PlantParameters(3, 100, 600, p.manifoldCompliance(), p.chamberCompliance(),
                p.chamberStiffenMmHg(), p.complianceScale(), p.inletK(), p.exhaustK(), p.mainVentK(), p.leakK(),
                p.reliefMmHg(), 0, p.switchMmHg(), p.laminarMmHg(), 0, 0, p.motorTimeConstant(),
                p.motorStartDuty(), p.stepSeconds(), 1));
        plant.stickPump(true);
        plant.setMainVent(false);
        double highest = 0;
        boolean cut = false;
        for (int t = 0; t < 2000; t++) {
            plant.advance(0.01);
            highest = Math.max(highest, plant.manifoldMmHg());
            cut |= plant.overpressureSwitchOpen();
        }
        assertThat(cut).isTrue();
        assertThat(highest).isLessThan(80);
        assertThat(plant.manifoldMmHg()).isGreaterThan(p.switchMmHg() - PlantParameters.SWITCH_HYSTERESIS_MMHG - 2);
    }

    @Test
    void aDriverThatFailsThrowsAndItsPinKeepsWhatItHad() {
        board.write(fillAnkle);
        run(0.3, true);
        board.failWrites(Output.PUMP);
        assertThatThrownBy(() -> board.write(new OutputFrame(3))).isInstanceOf(OutputFailure.class)
                .hasMessageContaining("pump");
        assertThat(board.pumpDuty()).isEqualTo(1.0);
        assertThat(board.plant().manifoldMmHg()).isPositive();
        assertThat(board.written().exhaustOpen(0)).as("every other output still took the safe frame").isTrue();
        assertThat(board.written().pump()).as("the pump's value is not remembered as written").isEqualTo(1.0);
    }

    @Test
    void aDriverThatBlocksStopsEverythingAfterItAndTheHeartbeatUntilAnotherThreadForcesTheRestSafe() {
        board.write(fillAnkle);
        run(0.3, true);
        int[] blocked = {0};
        board.blockWrites(Output.inlet(0), () -> blocked[0]++);
        board.write(new OutputFrame(3)); // exhausts and vent first, then the blocked inlet, then nothing
        assertThat(board.hung()).isTrue();
        assertThat(blocked[0]).isEqualTo(1);
        assertThat(board.plant().effectivePumpDuty()).as("the pump is written after the inlet: still on").isEqualTo(1);
        assertThat(board.written().exhaustOpen(0)).isTrue();
        board.heartbeat(); // the stuck thread cannot toggle it
        run(SimulatedBoard.DEADMAN_S + 0.05, false);
        assertThat(board.deadmanTripped()).isTrue();
        board.forceSafe(); // the watchdog's thread reaches the same inlet and sticks there too
        assertThat(blocked[0]).isEqualTo(2);
    }

    @Test
    void sensorsCanLieInEveryWayTheFaultMatrixNeeds() {
        board.write(fillAnkle);
        run(1.0, true);
        double truth = board.plant().chamberMmHg(0);
        board.sensorGain(0, 0.5);
        assertThat(board.sensors().readMmHg(0)).isCloseTo(truth * 0.5, org.assertj.core.api.Assertions.within(1.5));
        board.sensorGain(0, 1);
        board.sensorOffset(0, -10);
        assertThat(board.sensors().readMmHg(0)).isCloseTo(board.plant().chamberMmHg(0) - 10,
                org.assertj.core.api.Assertions.within(1.5));
        board.sensorOffset(0, 0);
        board.freezeSensor(0);
        double frozen = board.plant().chamberMmHg(0);
        run(0.5, true);
        double a = board.sensors().readMmHg(0);
        double b = board.sensors().readMmHg(0);
        assertThat(a).as("noisy").isNotEqualTo(b);
        assertThat(a).isCloseTo(frozen, org.assertj.core.api.Assertions.within(1.5));
        assertThat(board.plant().chamberMmHg(0)).isGreaterThan(frozen + 3);
        board.swapSensors(1, 2);
        board.stickManifoldSensor();
        double m = board.sensors().readManifoldMmHg();
        run(0.2, true);
        assertThat(board.sensors().readManifoldMmHg()).isEqualTo(m);
        board.disconnectManifoldSensor();
        assertThat(board.sensors().readManifoldMmHg()).isNaN();
    }
}
