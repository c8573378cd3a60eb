package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.firmware.therapy.Compression;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.therapy.Vibration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Random programs within the limits, random commands at random times, and at most one random
 * fault at a random time (IEC 60601-1's single-fault condition): the safety invariants hold on
 * every tick of every run.
 */
class SafetyPropertiesTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog SHIPPED = ShippedConfig.programs(UNIT);

    /** A command to send at a time. */
    record Timed(double atS, Command command) {
        @Override
        public String toString() {
            return String.format("%.1fs %s%s", atS, command.kind().wire(),
                    command.kind() == Command.Kind.VIBRATION || command.kind() == Command.Kind.INTENSITY
                            ? " " + command.level() : "");
        }
    }

    @Property(tries = 40, shrinking = ShrinkingMode.BOUNDED)
    void noCommandsOrSingleFaultBreakTheSafetyInvariants(@ForAll("programs") Program program,
                                                         @ForAll("commands") List<Timed> commands,
                                                         @ForAll("faults") Optional<FaultInjection> fault) {
        Simulation sim = new Simulation(UNIT, new ProgramCatalog(Map.of(program.name(), program, "evening",
                SHIPPED.defaultProgram()), "evening"), program, null, 1);
        sim.command(Command.start(program.name(), "test"), Simulation.Trigger.at(0));
        for (Timed t : commands) {
            sim.command(t.command(), Simulation.Trigger.at(t.atS()));
        }
        fault.ifPresent(sim::inject);
        boolean kinked = fault.map(f -> f.kind() == FaultKind.KINKED_HOSE).orElse(false);
        double ventBound = kinked ? 30 : 3;
        List<String> broken = new ArrayList<>();
        double[] calmSince = {0};
        var plant = sim.board().plant();
        sim.alsoObserve((now, session, requested, pressures) -> {
            double t = now / 1e9;
            double highest = 0;
            for (int i = 0; i < UNIT.chambers(); i++) {
                highest = Math.max(highest, plant.chamberMmHg(i));
            }
            if (highest > UNIT.maxMmHg() + UNIT.marginMmHg() || highest > Limits.CEILING_MMHG) {
                broken.add(String.format("t=%.2f a chamber at %.1f mmHg", t, highest));
            }
            // Whenever the therapy is not delivering (idle, done, paused, stopping, fault), the cuff
            // is below 15 mmHg within the bound and the motor is still.
            boolean calm = !session.phase().delivering() && session.phase() != Phase.STARTING;
            if (!calm) {
                calmSince[0] = Double.NaN;
            } else if (Double.isNaN(calmSince[0])) {
                calmSince[0] = t;
            }
            if (calm && t - calmSince[0] > ventBound && highest >= Limits.INFLATED_MMHG) {
                broken.add(String.format("t=%.2f %s for %.1f s yet a chamber at %.1f mmHg", t, session.phase().wire(),
                        t - calmSince[0], highest));
            }
            if (calm && sim.board().motorDuty() != 0) {
                broken.add(String.format("t=%.2f %s with the motor running", t, session.phase().wire()));
            }
        });
        Summary s = sim.runFor(program.durationS() + 120);

        assertThat(broken).as("invariants broken").isEmpty();
        if (fault.isEmpty()) {
            assertThat(s.fault()).as("a fault without a fault injected").isNull();
        }
        if (s.fault() != null) {
            assertThat(s.ventS()).as("every chamber below 15 mmHg after detection, s").isLessThanOrEqualTo(ventBound);
        }
    }

    @Provide
    Arbitrary<Program> programs() {
        Arbitrary<Optional<Vibration>> vibration = Combinators.combine(
                Arbitraries.integers().between(1, 10), Arbitraries.of(Vibration.Pattern.class),
                Arbitraries.integers().between(1, 10), Arbitraries.integers().between(1, 10))
                .as((level, pattern, on, off) -> new Vibration(level, pattern, on, off))
                .optional(0.7);
        Arbitrary<Compression> compression = Combinators.combine(
                Arbitraries.integers().between(10, 50), Arbitraries.integers().between(0, 10),
                Arbitraries.integers().between(4, 8), Arbitraries.integers().between(0, 8),
                Arbitraries.of(Compression.Release.class), Arbitraries.integers().between(5, 30),
                Arbitraries.integers().between(0, 4))
                .as((distal, gradient, inflate, hold, release, rest, headroom) -> new Compression(
                        new int[] {0, 1, 2}, distal, Math.min(gradient, (distal - 5) / 2), Math.min(57, distal + 5 + headroom),
                        inflate, hold, release, release == Compression.Release.ALL ? 0 : 1, rest));
        return Combinators.combine(Arbitraries.integers().between(3, 6), Arbitraries.integers().between(0, 60),
                        Arbitraries.integers().between(0, 90), Arbitraries.integers().between(1, 10),
                        vibration, compression.optional(0.8))
                .as((minutes, ramp, taper, intensity, vib, comp) -> new Program("random", "", minutes * 60, ramp, taper,
                        intensity, comp.isEmpty() && vib.isEmpty() ? Optional.of(new Vibration(5,
                        Vibration.Pattern.CONTINUOUS, 0, 0)) : vib, comp));
    }

    @Provide
    Arbitrary<List<Timed>> commands() {
        Arbitrary<Command> command = Arbitraries.oneOf(
                Arbitraries.just(Command.of(Command.Kind.PAUSE, "test")),
                Arbitraries.just(Command.of(Command.Kind.RESUME, "test")),
                Arbitraries.just(Command.of(Command.Kind.STOP, "test")),
                Arbitraries.just(Command.of(Command.Kind.CLEAR_FAULT, "test")),
                Arbitraries.just(Command.start("random", "test")),
                Arbitraries.integers().between(-1, 11).map(l -> Command.level(Command.Kind.VIBRATION, l, "test")),
                Arbitraries.integers().between(0, 11).map(l -> Command.level(Command.Kind.INTENSITY, l, "test")));
        return Combinators.combine(Arbitraries.doubles().between(1, 420).ofScale(1), command)
                .as(Timed::new).list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Optional<FaultInjection>> faults() {
        return Combinators.combine(Arbitraries.of(FaultKind.class), Arbitraries.integers().between(0, 2),
                        Arbitraries.doubles().between(0, 400).ofScale(1))
                .as((kind, chamber, at) -> kind.target() == FaultKind.Target.OUTPUT
                        ? FaultInjection.of(kind, FaultKind.outputs(3)[(int) (at * 10) % 9], at)
                        : FaultInjection.of(kind, chamber, at))
                .optional(0.7);
    }
}
