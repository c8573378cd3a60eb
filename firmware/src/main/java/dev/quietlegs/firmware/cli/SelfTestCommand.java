package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.simulate.FaultInjection;
import dev.quietlegs.firmware.simulate.Simulation;
import dev.quietlegs.firmware.simulate.Summary;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;

/**
 * {@code selftest}: the check that runs before every session, on its own, with what it found. On
 * the simulated board it runs in virtual time; {@code --fault} shows what a broken unit reports.
 * Exit code 0 when it passed, 1 when it found a problem.
 */
final class SelfTestCommand {

    private SelfTestCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException {
        Args a = Args.parse("selftest", argv, 1, Set.of("--sim"), Set.of("--config", "--fault"));
        Unit unit = Unit.load(a.value("--config"));
        Logging.configure(unit.dir(), false, "warn");
        if (RunCommand.isRaspberryPi() && !a.flag("--sim")) {
            out.println("note: this build has no Pi4J board yet; testing the simulated board");
        }
        Program program = unit.programs().defaultProgram();
        if (program.compression().isEmpty()) {
            throw new UsageException("the default program '" + program.name() + "' uses no chambers to test");
        }
        Simulation sim = new Simulation(unit.config(), unit.programs(), program, null, 1);
        for (String f : a.all("--fault")) {
            try {
                sim.inject(FaultInjection.parse(f.contains("@") ? f : f + "@0", unit.config().chamberNames()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        // The session is stopped as soon as the self-test has spoken.
        sim.command(dev.quietlegs.firmware.control.Command.of(dev.quietlegs.firmware.control.Command.Kind.STOP,
                "selftest"), (s, t) -> s != null && s.phase() == Phase.RUNNING);
        Summary r = sim.run();
        var started = r.phases().stream().filter(m -> m.phase() == Phase.RUNNING).findFirst();
        if (started.isPresent() && r.fault() == null) {
            out.printf(Locale.ROOT, "self-test passed in %.1f s: every sensor read near zero with the cuff open;"
                    + " %s each rose when filled, held and fell when vented%n", started.get().atS(),
                    String.join(", ", unit.config().chamberNames()));
            return 0;
        }
        String why = r.fault() == null ? "the session did not start (" + r.finalPhase().wire() + ")"
                : r.fault().message().replaceFirst("^self-test failed: ", "");
        out.println("self-test FAILED: " + why);
        return 1;
    }
}
