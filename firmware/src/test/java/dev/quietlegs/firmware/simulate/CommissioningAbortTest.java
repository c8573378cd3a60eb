package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.commission.Commissioning;
import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.BoardAssert;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.VirtualClock;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Commissioning ended from outside: a fault, a stop, the buttons, the unit stopping. Each ends it
 * with why, leaves no profile to write, and the cuff empties; a session and commissioning never
 * run together.
 */
class CommissioningAbortTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);
    /**
     * After an abort every chamber is below 15 mmHg within this: through the exhausts in about a
     * second, through the second way (an exhaust stuck closed) in under 4 s from 40 mmHg.
     */
    private static final double VENTED_WITHIN_S = 5;
    private static final List<String> TABLE = new ArrayList<>();

    /** When it was ended and when, after that, every chamber was first below 15 mmHg, on the true pressures. */
    private static final class Watch implements Simulation.PlantWatcher {
        private final Commissioning c;
        double abortedS = Double.NaN;
        double ventedS = Double.NaN;
        double maxMmHg;
        double atAbortMmHg;

        Watch(Commissioning c) {
            this.c = c;
        }

        @Override
        public void watch(double t, dev.quietlegs.hardware.sim.Plant plant) {
            double highest = 0;
            for (int i = 0; i < plant.chambers(); i++) {
                highest = Math.max(highest, plant.chamberMmHg(i));
            }
            maxMmHg = Math.max(maxMmHg, highest);
            if (Double.isNaN(abortedS) && c.aborted() != null) {
                abortedS = t;
                atAbortMmHg = highest;
            }
            if (!Double.isNaN(abortedS) && Double.isNaN(ventedS) && highest < Limits.INFLATED_MMHG) {
                ventedS = t;
            }
        }

        double ventS() {
            return ventedS - abortedS;
        }
    }

    /** Whether commissioning is at {@code doing} on {@code chamber}, for a trigger. */
    private static Simulation.Trigger at(Commissioning c, int chamber, String doing, double afterS) {
        double[] since = {Double.NaN};
        return (session, t) -> {
            if (c.status().chamber() == chamber && c.status().doing().startsWith(doing)) {
                if (Double.isNaN(since[0])) {
                    since[0] = t;
                }
                return t >= since[0] + afterS;
            }
            return false;
        };
    }

    /** Runs commissioning with what {@code setUp} schedules, then on until the cuff has vented. */
    private static Watch run(String label, Commissioning c, Simulation sim) {
        Watch w = new Watch(c);
        sim.watch(w);
        sim.run(c, c::finished, Commissioner.LIMIT_S);
        assertThat(c.finished()).as(label + ": ended").isTrue();
        assertThat(c.aborted()).as(label + ": ended from outside").isNotNull();
        sim.runFor(sim.clock().seconds() + 10);
        TABLE.add(String.format(Locale.ROOT, "%-38s at %5.2f s, the highest chamber at %4.1f mmHg, every one below"
                + " 15 mmHg %4.2f s later: %s", label, w.abortedS, w.atAbortMmHg, w.ventS(), c.aborted()));
        assertThat(w.ventS()).as(label + ": vented").isBetween(0.0, VENTED_WITHIN_S);
        assertThat(w.maxMmHg).isLessThanOrEqualTo(Commissioning.TOP_MMHG + 3);
        for (int i = 0; i < UNIT.chambers(); i++) {
            // empty, or, behind an exhaust stuck closed, down to where the second way stops (5 mmHg)
            assertThat(sim.board().plant().chamberMmHg(i)).isLessThan(6);
        }
        assertThat(sim.loop().procedureRunning()).isFalse();
        return w;
    }

    private static Simulation simulation() {
        return new Simulation(UNIT, PROGRAMS, PROGRAMS.defaultProgram(), null, 1);
    }

    @Test
    void aHoseComingOffWhileTheCalfFillsEndsItNamingTheFault() {
        Commissioning c = new Commissioning(UNIT.chamberNames());
        Simulation sim = simulation().inject(FaultKind.HOSE_OFF, 1, at(c, 1, "filling the calf", 0.5));
        run("hose-off:calf while it fills", c, sim);
        assertThat(sim.injectedCount()).isOne();
        assertThat(sim.loop().latchedFault()).isNotNull();
        assertThat(sim.loop().latchedFault().chamber()).isEqualTo(1);
        assertThat(c.aborted()).isEqualTo(sim.loop().latchedFault().message()).contains("calf");
        BoardAssert.assertVenting(sim.board());
    }

    @Test
    void aPumpDyingWhileTheAnkleFillsEndsItNamingTheFault() {
        Commissioning c = new Commissioning(UNIT.chamberNames());
        Simulation sim = simulation().inject(FaultKind.PUMP_DEAD, -1, at(c, 0, "filling the ankle", 0.3));
        run("pump-dead while the ankle fills", c, sim);
        assertThat(sim.loop().latchedFault()).isNotNull();
        assertThat(c.aborted()).isEqualTo(sim.loop().latchedFault().message());
        BoardAssert.assertVenting(sim.board());
    }

    @Test
    void anExhaustStuckClosedWhileTheThighIsHeldEndsItAndTheSecondWayEmptiesIt() {
        Commissioning c = new Commissioning(UNIT.chamberNames());
        Simulation sim = simulation().inject(FaultKind.EXHAUST_STUCK_CLOSED, 2, at(c, 2, "holding the thigh", 1));
        Watch w = run("exhaust-stuck-closed:thigh held", c, sim);
        assertThat(w.atAbortMmHg).isGreaterThan(35);
        assertThat(sim.loop().latchedFault()).isNotNull();
        assertThat(c.aborted()).contains("thigh");
    }

    @Test
    void aPumpStuckOnWhileTheThighIsHeldEndsItAndTheCuffStillEmpties() {
        Commissioning c = new Commissioning(UNIT.chamberNames());
        Simulation sim = simulation().inject(FaultKind.PUMP_STUCK_ON, -1, at(c, 2, "holding the thigh", 0.5));
        Watch w = run("pump-stuck-on while the thigh is held", c, sim);
        assertThat(w.atAbortMmHg).isGreaterThan(35);
        assertThat(sim.loop().latchedFault().code()).isEqualTo(FaultCode.PUMP_STUCK_ON);
        assertThat(c.aborted()).isEqualTo(sim.loop().latchedFault().message());
    }

    @Test
    void aStopCommandEndsItAndTheOutputsGoSafe() {
        Commissioning c = new Commissioning(UNIT.chamberNames());
        Simulation sim = simulation().command(Command.of(Command.Kind.STOP, "test"), at(c, 1, "holding the calf", 1));
        Watch w = run("stop while the calf is held", c, sim);
        assertThat(w.atAbortMmHg).isGreaterThan(35);
        assertThat(c.aborted()).isEqualTo("stopped (test)");
        assertThat(sim.loop().latchedFault()).isNull();
        assertThat(sim.loop().snapshot().phase()).isEqualTo(Phase.IDLE);
        BoardAssert.assertSafe(sim.board());
    }

    // ---- the loop itself, to see each command's answer ----

    private final VirtualClock clock = new VirtualClock();
    private final SimulatedBoard board = new SimulatedBoard(UNIT.plant(), clock::nanos, UNIT.motorMinDuty());
    private final EventQueue events = new EventQueue(4096);
    private final ControlLoop loop = new ControlLoop(UNIT, board, clock, PROGRAMS, events);
    private final List<Event> seen = new ArrayList<>();

    private void tick(double seconds) {
        long ticks = Math.round(seconds * UNIT.loopRateHz());
        for (long i = 0; i < ticks; i++) {
            clock.advance(loop.periodNanos());
            loop.tick();
            Event e;
            while ((e = events.poll()) != null) {
                seen.add(e);
            }
        }
    }

    private void tickUntil(Commissioning c, double limitS) {
        double end = clock.seconds() + limitS;
        while (!c.finished() && clock.seconds() < end) {
            tick(0.01);
        }
    }

    private String answer(Command.Kind kind) {
        List<Event.CommandResult> answers = seen.stream()
                .filter(e -> e instanceof Event.CommandResult r && r.command().kind() == kind)
                .map(e -> (Event.CommandResult) e).toList();
        assertThat(answers).as("answers to " + kind).isNotEmpty();
        return answers.get(answers.size() - 1).error();
    }

    private double highest() {
        double h = 0;
        for (int i = 0; i < UNIT.chambers(); i++) {
            h = Math.max(h, board.plant().chamberMmHg(i));
        }
        return h;
    }

    @Test
    void startIsRefusedWhileItRunsAndItGoesOnToTheEnd() {
        Commissioning c = new Commissioning(UNIT.chamberNames());
        assertThat(loop.run(c)).isTrue();
        assertThat(loop.procedureRunning()).isTrue();
        assertThat(loop.run(new Commissioning(UNIT.chamberNames()))).as("a second one").isFalse();
        tick(4);
        assertThat(c.status().chamber()).isZero();
        assertThat(loop.submit(Command.start("evening", "test"))).isTrue();
        tick(0.05);
        assertThat(answer(Command.Kind.START)).isEqualTo("commissioning is running: stop it first");
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.IDLE);
        assertThat(c.aborted()).isNull();
        tickUntil(c, 300);
        assertThat(c.finished()).isTrue();
        assertThat(c.aborted()).isNull();
        assertThat(c.measured().build("test", "simulated").outsideEnvelope()).isEmpty();
        assertThat(loop.procedureRunning()).isFalse();
        BoardAssert.assertSafe(board);
        // and once it is over, a session starts as usual
        loop.submit(Command.start("evening", "test"));
        tick(0.05);
        assertThat(answer(Command.Kind.START)).isNull();
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.STARTING);
    }

    @Test
    void handedOverWhileASessionRunsItIsRefusedWithWhy() {
        loop.submit(Command.start("evening", "test"));
        tick(1);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.STARTING);
        Commissioning c = new Commissioning(UNIT.chamberNames());
        loop.run(c);
        tick(0.02);
        assertThat(c.finished()).isTrue();
        assertThat(c.aborted()).isEqualTo("a session is starting");
        assertThat(loop.procedureRunning()).isFalse();
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.STARTING);
        tick(20);
        assertThat(loop.snapshot().phase()).as("the session goes on").isEqualTo(Phase.RUNNING);
        Commissioning again = new Commissioning(UNIT.chamberNames());
        loop.run(again);
        tick(0.02);
        assertThat(again.aborted()).isEqualTo("a session is running");
        assertThat(loop.latchedFault()).isNull();
    }

    @Test
    void theEmergencyStopEndsItVentsAndAFaultLatchedRefusesTheNext() {
        Commissioning c = new Commissioning(UNIT.chamberNames());
        loop.run(c);
        while (!c.status().doing().startsWith("holding the ankle")) {
            tick(0.01);
            assertThat(clock.seconds()).isLessThan(30);
        }
        assertThat(highest()).isGreaterThan(35);
        board.press(Button.EMERGENCY_STOP);
        tick(0.02);
        assertThat(c.aborted()).isEqualTo("emergency stop pressed");
        assertThat(loop.latchedFault().code()).isEqualTo(FaultCode.EMERGENCY_STOP);
        BoardAssert.assertVenting(board);
        tick(VENTED_WITHIN_S);
        assertThat(highest()).isLessThan(Limits.INFLATED_MMHG);
        Commissioning next = new Commissioning(UNIT.chamberNames());
        loop.run(next);
        tick(0.02);
        assertThat(next.aborted()).isEqualTo("a fault is latched: emergency stop pressed");
    }

    @Test
    void theStartStopButtonEndsItWithoutStartingASession() {
        Commissioning c = new Commissioning(UNIT.chamberNames());
        loop.run(c);
        while (!c.status().doing().startsWith("filling the calf")) {
            tick(0.01);
            assertThat(clock.seconds()).isLessThan(30);
        }
        tick(1);
        board.press(Button.START_STOP);
        tick(0.02);
        assertThat(c.aborted()).isEqualTo("stopped (button)");
        assertThat(loop.latchedFault()).isNull();
        BoardAssert.assertSafe(board);
        tick(VENTED_WITHIN_S);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.IDLE);
        assertThat(highest()).isLessThan(Limits.INFLATED_MMHG);
    }

    @Test
    void theUnitStoppingEndsIt() {
        Commissioning c = new Commissioning(UNIT.chamberNames());
        loop.run(c);
        tick(5);
        assertThat(c.finished()).isFalse();
        loop.stop();
        assertThat(c.aborted()).isEqualTo("the unit stopped");
        assertThat(loop.procedureRunning()).isFalse();
        BoardAssert.assertSafe(board);
    }

    @AfterAll
    static void print() {
        System.out.println("\nCommissioning ended from outside:");
        TABLE.forEach(System.out::println);
    }
}
