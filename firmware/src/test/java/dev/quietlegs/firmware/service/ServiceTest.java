package dev.quietlegs.firmware.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.VirtualClock;
import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.sensor.CalibratedSensors;
import dev.quietlegs.hardware.sensor.SensorCalibration;
import dev.quietlegs.hardware.sim.Plant;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service mode on the simulated board, in virtual time, through the real control loop and supervisor:
 * each output driven and seen on the board, the limits holding, the safe state whatever ends a step,
 * bad requests refused with their reason and nothing driven, the calibration stored and applied.
 */
class ServiceTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();

    @TempDir
    Path tmp;

    private final VirtualClock clock = new VirtualClock();
    private final SimulatedBoard sim = new SimulatedBoard(UNIT.plant(), clock::nanos, UNIT.motorMinDuty());
    private final Board board = CalibratedSensors.on(sim, SensorCalibration.none(3));
    private final CalibratedSensors sensors = (CalibratedSensors) board.sensors();
    private final EventQueue events = new EventQueue(256);
    private final ControlLoop loop = new ControlLoop(UNIT, board, clock, ShippedConfig.programs(UNIT), events);
    private final List<String> news = new ArrayList<>();
    private Service service;
    private Path file;
    /** The highest true pressures since the last {@link #reset()}: each chamber, then the manifold. */
    private final double[] highest = new double[4];

    private Service service() {
        if (service == null) {
            file = tmp.resolve("state").resolve(CalibrationFile.SIMULATED_NAME);
            service = new Service(loop, board, sensors, file, events);
        }
        return service;
    }

    private String say(String line) {
        return service().handle(line);
    }

    private void run(double seconds) {
        long end = clock.nanos() + (long) (seconds * 1e9);
        while (clock.nanos() < end) {
            clock.advance(loop.periodNanos());
            loop.tick();
            news.addAll(service().poll());
            Plant p = sim.plant();
            for (int i = 0; i < 3; i++) {
                highest[i] = Math.max(highest[i], p.chamberMmHg(i));
            }
            highest[3] = Math.max(highest[3], p.manifoldMmHg());
        }
    }

    /** Ticks until the running step has ended (at most {@code max} s); then one more tick, as the loop vents. */
    private void untilEnded(double max) {
        for (double t = 0; service().stepRunning() && t < max; t += 0.01) {
            run(0.01);
        }
        assertThat(service().stepRunning()).as("the step ended within %s s", max).isFalse();
        run(0.02);
    }

    private void reset() {
        java.util.Arrays.fill(highest, 0);
    }

    private void assertSafe() {
        assertThat(board.written().isSafe()).as("outputs safe: %s", board.written()).isTrue();
        assertThat(sim.pumpDuty()).isZero();
        assertThat(sim.motorDuty()).isZero();
    }

    @Test
    void thePumpRunsAtItsDutyAgainstTheOpenVentForItsTimeThenStops() {
        run(0.5);
        assertThat(say("pump 50 2")).startsWith("started: the pump at 50 % for 2 s, the main vent open");
        run(1);
        assertThat(sim.pumpDuty()).isEqualTo(0.5);
        assertThat(board.written().ventOpen()).isTrue();
        assertThat(sim.plant().manifoldMmHg()).isGreaterThan(1);
        assertThat(say("sensors")).contains("manifold ", "pump 50%", "main vent open");
        run(1.1);
        assertThat(news).anySatisfy(n -> assertThat(n).startsWith("done: the pump at 50 %")
                .contains("the manifold rose to "));
        assertSafe();
    }

    @Test
    void eachValveAndTheMotorAreDrivenOneAtATimeAndLetGo() {
        run(0.5);
        assertThat(say("inlet calf 1")).startsWith("started: the calf inlet valve open for 1 s");
        run(0.5);
        assertThat(board.written().inletOpen(1)).isTrue();
        assertThat(sim.plant().inletDriven(1)).isTrue();
        assertThat(board.written().inletOpen(0) || board.written().inletOpen(2)).isFalse();
        assertThat(sim.pumpDuty()).isZero();
        untilEnded(1);
        assertSafe();

        assertThat(say("exhaust 3 1.5")).startsWith("started: the thigh exhaust valve closed for 1.5 s");
        run(0.5);
        assertThat(board.written().exhaustOpen(2)).isFalse();
        assertThat(sim.plant().exhaustDriven(2)).as("the plant's thigh exhaust open").isFalse();
        assertThat(board.written().exhaustOpen(0) && board.written().exhaustOpen(1)).isTrue();
        untilEnded(2);
        assertSafe();

        assertThat(say("motor 5 2")).startsWith("started: the vibration motor at level 5 for 2 s");
        run(1);
        assertThat(sim.motorDuty()).isGreaterThan(0);
        assertThat(sim.plant().motorSpeed()).isGreaterThan(0.2);
        untilEnded(2);
        assertSafe();
        assertThat(news).filteredOn(n -> n.startsWith("done: ")).hasSize(3);
    }

    @Test
    void theClosedManifoldIsPumpedToTheBuildersLimitThenVented() {
        run(0.5);
        assertThat(say("manifold 45")).startsWith("started: the pump into the closed manifold");
        run(0.05);
        assertThat(board.written().ventOpen()).isFalse();
        untilEnded(10);
        assertThat(news).anySatisfy(n -> assertThat(n).startsWith("done: the closed manifold reached 4")
                .contains("nothing opens below 45 mmHg"));
        assertThat(highest[3]).as("true manifold").isBetween(44.0, 47.5);
        for (int i = 0; i < 3; i++) {
            assertThat(highest[i]).as("chamber %d behind its closed inlet", i).isLessThan(1);
        }
        run(0.5);
        assertThat(sim.plant().manifoldMmHg()).isLessThan(1);
        assertSafe();
    }

    @Test
    void aPumpLeftOnAgainstTheClosedManifoldStopsAtTheSupervisorsLimitAndIsVented() {
        // A step that asks for more than the gate allows (the service refuses this; here it is handed over
        // directly): the supervisor's cap holds the closed manifold at limits.max_mmhg all the same.
        run(0.5);
        Pressurise beyond = new Pressurise(Limits.CEILING_MMHG, Limits.CEILING_MMHG + 10);
        assertThat(loop.run(beyond)).isTrue();
        for (double t = 0; !beyond.ended() && t < 15; t += 0.01) {
            run(0.01);
        }
        assertThat(beyond.outcome()).startsWith("the closed manifold stopped rising at ");
        assertThat(highest[3]).as("true manifold").isBetween(UNIT.limits().maxMmHg() - 3, UNIT.limits().maxMmHg() + 2);
        run(0.5);
        assertThat(sim.plant().manifoldMmHg()).isLessThan(1);
        assertSafe();
        assertThat(loop.latchedFault()).isNull();
    }

    @Test
    void badRequestsAreRefusedWithTheirReasonAndNothingIsDriven() {
        run(0.5);
        String[][] cases = {
            {"pump 150 2", "refused: the duty 150 is outside 1 to 100 %"},
            {"pump 50", "refused: 'pump' takes 2 arguments"},
            {"pump fast 2", "refused: the duty 'fast' is not a number"},
            {"inlet knee 2", "refused: no chamber 'knee' (the chambers: ankle, calf, thigh, or 1 to 3)"},
            {"exhaust 1 45", "refused: the time 45 is outside 0.5 to 30 s"},
            {"motor 2.5 3", "refused: the level is a whole number from 1 to 10"},
            {"fill calf 70", "refused: the pressure 70 is outside 5 to 58 mmHg (2 under limits.max_mmhg)"},
            {"fill calf 59", "refused: the pressure 59 is outside 5 to 58 mmHg"},
            {"manifold 75", "refused: 75 mmHg is above what the supervisor lets a closed manifold reach"
                    + " (limits.max_mmhg, 60 mmHg; its trip level is 70, the ceiling 80)"},
            {"vent 2", "refused: the supervisor opens the main vent whenever the pump is off and no inlet is open"},
            {"gauge 40", "refused: no pressure is held: 'fill CHAMBER MMHG' first"},
            {"gauge 5", "refused: the gauge's reading 5 is outside 20 to 80 mmHg"},
            {"zero now", "refused: 'zero' takes 0 arguments"},
            {"inflate", "refused: unknown command 'inflate' (type help)"},
        };
        for (String[] c : cases) {
            assertThat(say(c[0])).as(c[0]).startsWith(c[1]);
            run(0.3);
            assertSafe();
            assertThat(service().stepRunning()).isFalse();
        }
        assertThat(news).isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void helpNamesEveryCommandAndThisCuffsChambers() {
        assertThat(say("help")).contains("pump DUTY SECONDS", "inlet CHAMBER", "exhaust CHAMBER", "motor LEVEL",
                "manifold MMHG", "fill CHAMBER MMHG", "gauge MMHG", "zero", "sensors", "calibration", "stop",
                "clear-fault", "quit", "CHAMBER is a name (ankle, calf, thigh) or a number from 1.");
        assertThat(say("calibration")).contains("ankle     zero +0.00 mmHg  gain 1.0000", "manifold  zero +0.00 mmHg");
    }

    @Test
    void oneStepAtATime() {
        run(0.5);
        assertThat(say("pump 40 5")).startsWith("started: ");
        run(0.5);
        assertThat(say("inlet ankle 2")).isEqualTo("refused: still running: the pump at 40 % for 5 s, the main vent"
                + " open, every inlet shut ('stop' ends it)");
        assertThat(board.written().inletOpen(0)).isFalse();
        assertThat(say("stop")).startsWith("stopping the pump");
        run(0.1);
        assertThat(news).contains("ENDED: ended early: stopped (service)");
        assertSafe();
        assertThat(say("stop")).isEqualTo("nothing is running; every output is safe");
    }

    @Test
    void theEmergencyStopEndsAFillWithTheCuffVentedAndNothingStartsUntilTheFaultIsCleared() {
        run(0.5);
        assertThat(say("fill thigh 40 20")).startsWith("started: the thigh chamber filled to 40 mmHg");
        run(6);
        assertThat(sim.plant().chamberMmHg(2)).isGreaterThan(30);
        sim.press(Button.EMERGENCY_STOP);
        run(3);
        assertThat(news).anySatisfy(n -> assertThat(n).startsWith("FAULT emergency-stop: emergency stop pressed"));
        assertThat(news).contains("ENDED: ended early: emergency stop pressed");
        assertThat(sim.plant().chamberMmHg(2)).isLessThan(Limits.INFLATED_MMHG);
        assertSafe();
        assertThat(say("pump 50 1")).startsWith("refused: a fault is latched (emergency stop pressed): 'clear-fault'"
                + " first");
        run(0.5);
        assertSafe();
        assertThat(say("clear-fault")).isEqualTo("asked the loop to clear the fault");
        run(0.1);
        assertThat(news).contains("clear-fault: done");
        assertThat(say("pump 50 1")).startsWith("started: ");
    }

    @Test
    void aFaultTheSupervisorFindsEndsTheStepSafe() {
        run(0.5);
        say("fill calf 40 20");
        run(5);
        sim.disconnectSensor(1);
        run(2);
        assertThat(news).anySatisfy(n -> assertThat(n).startsWith("FAULT sensor-unreadable: the pressure sensor of"
                + " the calf chamber cannot be read"));
        assertThat(news).anySatisfy(n -> assertThat(n).startsWith("ENDED: ended early: the pressure sensor of the calf"));
        run(3);
        assertThat(sim.plant().chamberMmHg(1)).isLessThan(Limits.INFLATED_MMHG);
        assertThat(board.written().pump()).isZero();
    }

    @Test
    void theStartButtonIsSeenAndStartsNoSession() {
        run(0.5);
        sim.press(Button.START_STOP);
        run(1);
        assertThat(news).anySatisfy(n -> assertThat(n).startsWith("the start/stop button was pressed (its wiring works)"));
        run(2);
        assertThat(loop.snapshot().phase().active()).isFalse();
        assertSafe();
    }

    @Test
    void aGaugeReadingDuringAHoldCorrectsBothSensorsStoresItOwnerOnlyAndReadingsUseIt() throws Exception {
        sim.sensorGain(0, 0.92);     // the ankle's sensor reads 8 % low
        sim.manifoldSensorGain(1.05); // the manifold's 5 % high
        run(0.5);
        assertThat(say("fill ankle 40 15")).startsWith("started: the ankle chamber filled to 40 mmHg and held 15 s");
        run(7);
        assertThat(service().stepRunning()).isTrue();
        double gauge = Math.round(sim.plant().manifoldMmHg() * 2) / 2.0; // an aneroid gauge read to 0.5 mmHg
        String answer = say("gauge " + gauge);
        assertThat(answer).startsWith("the gauge reads " + (gauge == Math.rint(gauge) ? String.valueOf((long) gauge)
                : String.valueOf(gauge)) + " mmHg; the ankle sensor read ").contains("gain 1.0000 -> 1.0",
                "stored in " + file, "used from now on");
        SensorCalibration stored = CalibrationFile.read(file, UNIT.chamberNames());
        assertThat(stored.gain(0)).isCloseTo(1 / 0.92, within(0.02));
        assertThat(stored.gain(3)).isCloseTo(1 / 1.05, within(0.02));
        assertThat(stored.gain(1)).isEqualTo(1);
        assertThat(sensors.calibration()).isEqualTo(stored);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(CalibrationFile.SIMULATED_NAME);
        }
        // the readings now agree with the truth, in the loop as on the monitor
        run(0.5);
        assertThat(loop.snapshot().pressure(0)).isCloseTo(sim.plant().chamberMmHg(0), within(1.0));
        assertThat(sensors.readManifoldMmHg()).isCloseTo(sim.plant().manifoldMmHg(), within(1.0));
        untilEnded(15);
        assertThat(news).anySatisfy(n -> assertThat(n).startsWith("done: the ankle chamber reached 40 mmHg"));
        // and a unit started afresh reads through the stored file
        CalibratedSensors again = new CalibratedSensors(sim.sensors(),
                CalibrationFile.readOrNone(file, UNIT.chamberNames()));
        assertThat(again.calibration()).isEqualTo(stored);
    }

    @Test
    void aGaugeReadingNoSensorCouldBeOffByIsRefusedAndNothingStored() {
        run(0.5);
        say("fill ankle 40 15");
        run(7);
        assertThat(say("gauge 70")).startsWith("refused: the ankle sensor reads 4").contains("where the gauge reads"
                + " 70: a gain of 1.7", "beyond any MPX5050GP", "nothing stored");
        assertThat(file).doesNotExist();
        assertThat(sensors.calibration()).isEqualTo(SensorCalibration.none(3));
    }

    @Test
    void zeroMeasuresEachSensorOpenToTheRoomStoresItAndReadingsUseIt() throws Exception {
        // the calf's sensor reads 2 mmHg with nothing in it (more, and the supervisor calls it drift)
        sim.sensorOffset(1, 2.0);
        run(0.5);
        assertThat(loop.snapshot().pressure(1)).isCloseTo(2, within(1.0));
        assertThat(say("zero")).startsWith("started: every valve open to the room");
        untilEnded(6);
        assertThat(news).anySatisfy(n -> assertThat(n).startsWith("zero: ankle ").contains(" calf +2.0",
                "stored in " + file));
        assertThat(CalibrationFile.read(file, UNIT.chamberNames()).zero(1)).isCloseTo(2, within(0.1));
        run(0.5);
        assertThat(loop.snapshot().pressure(1)).isCloseTo(0, within(1.0));
        assertThat(loop.latchedFault()).isNull();
    }

    @Test
    void zeroWhileAReadingStillMovesStoresNothing() {
        run(0.5);
        sim.driftSensor(2, 0.5); // the thigh's reading creeps up half a mmHg a second
        say("zero");
        untilEnded(6);
        assertThat(news).anySatisfy(n -> assertThat(n).startsWith("ENDED: the thigh sensor was still moving (")
                .endsWith("nothing stored, 'zero' again"));
        assertThat(file).doesNotExist();
        assertThat(sensors.calibration()).isEqualTo(SensorCalibration.none(3));
    }

    @Test
    void aZeroEndedByTheSupervisorStoresNothing() {
        run(0.5);
        say("fill thigh 50 2");
        untilEnded(20);
        sim.plant().kinkHose(2, 0.02); // the thigh cannot empty: the supervisor's no-fall ends the zero
        say("zero");
        untilEnded(6);
        assertThat(news).anySatisfy(n -> assertThat(n).startsWith("ENDED: ended early: the thigh chamber did not fall"));
        assertThat(file).doesNotExist();
    }
}
