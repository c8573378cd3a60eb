package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.VirtualClock;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session file a package upgrade looks at, kept by the real control loop's phase events on the
 * simulated plant in virtual time, and the restart an upgrade during a session asks for.
 */
class SessionGateTest {

    @TempDir
    Path run;

    private final UnitConfig unit = ShippedConfig.unit();
    private final ProgramCatalog catalog = ShippedConfig.programs(unit);
    private final VirtualClock clock = new VirtualClock();
    private final EventQueue events = new EventQueue(1024);
    private final ControlLoop loop = new ControlLoop(unit, new SimulatedBoard(unit.plant(), clock::nanos), clock, catalog,
            events);
    private final List<Integer> exits = new ArrayList<>();
    private SessionGate gate;

    @BeforeEach
    void gate() {
        gate = new SessionGate(run, exits::add); // @TempDir is set after the fields
    }

    /** The loop for a while, its events handed to the gate as the dispatcher would. */
    private void tick(double seconds) {
        for (long i = Math.round(seconds * unit.loopRateHz()); i > 0; i--) {
            clock.advance(loop.periodNanos());
            loop.tick();
            Event e;
            while ((e = events.poll()) != null) {
                gate.accept(e);
            }
        }
    }

    @Test
    void theSessionFileIsThereWhileASessionRunsAndNoRestartIsAskedForWithoutAnUpgrade() {
        assertThat(run.resolve(SessionGate.SESSION)).doesNotExist();
        loop.submit(Command.start("evening", "test"));
        tick(1);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.STARTING);
        assertThat(run.resolve(SessionGate.SESSION)).exists();
        tick(80);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.RUNNING);
        assertThat(run.resolve(SessionGate.SESSION)).exists();

        loop.submit(Command.of(Command.Kind.STOP, "test"));
        tick(5);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.IDLE);
        assertThat(run.resolve(SessionGate.SESSION)).doesNotExist();
        assertThat(exits).isEmpty();
    }

    @Test
    void anUpgradeDuringASessionRestartsTheUnitWhenItEndsAndNotBefore() throws Exception {
        loop.submit(Command.start("evening", "test"));
        tick(30);
        Files.writeString(run.resolve(SessionGate.RESTART_PENDING), ""); // what the postinst leaves
        loop.submit(Command.of(Command.Kind.PAUSE, "test"));
        tick(2);
        loop.submit(Command.of(Command.Kind.RESUME, "test"));
        tick(10);
        assertThat(exits).as("no restart while the session goes on").isEmpty();

        loop.submit(Command.of(Command.Kind.STOP, "test"));
        tick(5);
        assertThat(exits).containsExactly(SessionGate.RESTART);
        assertThat(run.resolve(SessionGate.RESTART_PENDING)).doesNotExist();
        assertThat(run.resolve(SessionGate.SESSION)).doesNotExist();
    }

    @Test
    void aLatchedFaultHoldsTheRestartUntilAPersonClearsIt() throws Exception {
        gate.accept(new Event.PhaseChange(0, Phase.IDLE, Phase.STARTING, "start", "evening"));
        gate.accept(new Event.PhaseChange(1, Phase.STARTING, Phase.RUNNING, "self-test passed", "evening"));
        Files.writeString(run.resolve(SessionGate.RESTART_PENDING), "");
        gate.accept(new Event.PhaseChange(2, Phase.RUNNING, Phase.FAULT, "overpressure", "evening"));
        assertThat(run.resolve(SessionGate.SESSION)).exists();
        assertThat(exits).isEmpty();
        gate.accept(new Event.PhaseChange(3, Phase.FAULT, Phase.IDLE, "fault cleared", null));
        assertThat(exits).containsExactly(SessionGate.RESTART);
        assertThat(run.resolve(SessionGate.SESSION)).doesNotExist();
    }

    @Test
    void theRuntimeDirectoryComesFromSystemd() {
        assertThat(SessionGate.fromEnvironment(Map.of(), exits::add)).isNull();
        SessionGate g = SessionGate.fromEnvironment(Map.of("RUNTIME_DIRECTORY", run + ":/run/other"), exits::add);
        g.accept(new Event.PhaseChange(0, Phase.IDLE, Phase.STARTING, "start", "evening"));
        assertThat(run.resolve(SessionGate.SESSION)).exists();
    }

    @Test
    void aRuntimeDirectoryThatIsGoneCostsTheGateButNotTheSession() throws Exception {
        Path gone = run.resolve("gone");
        SessionGate g = new SessionGate(gone, exits::add);
        g.accept(new Event.PhaseChange(0, Phase.IDLE, Phase.STARTING, "start", "evening"));
        g.accept(new Event.PhaseChange(1, Phase.STARTING, Phase.IDLE, "stop", "evening"));
        assertThat(gone).doesNotExist();
        assertThat(exits).isEmpty();
    }
}
