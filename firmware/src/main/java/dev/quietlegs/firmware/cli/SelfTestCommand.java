package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.Snapshot;
import dev.quietlegs.firmware.control.SystemClock;
import dev.quietlegs.firmware.control.TickObserver;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.simulate.FaultInjection;
import dev.quietlegs.firmware.simulate.Simulation;
import dev.quietlegs.firmware.simulate.Summary;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.hardware.port.Board;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;

/**
 * {@code selftest}: the check that runs before every session, on its own, with what it found. On
 * a Raspberry Pi it tests the real board in real time; on the simulated board it runs in virtual
 * time, and {@code --fault} shows what a broken unit reports.
 * Off a Raspberry Pi without {@code --sim} it runs on the simulated board all the same and says so
 * in its verdict ("no Raspberry Pi here"): a check to try on a laptop, never taken for the real one.
 * Exit code 0 when it passed, 1 when it found a problem (a sensor not reading zero included).
 */
final class SelfTestCommand {

    static final String SUMMARY = "the check that runs before every session, on its own; exit 1 if it fails";

    static final String HELP = """
            usage: quietlegs selftest [--sim] [--fault KIND[:TARGET][=VALUE]]... [--profile FILE] [--config DIR]

            The check that runs before every session, on its own: each sensor near zero with the cuff open,
            each chamber rising when filled, holding, and falling when vented. Exit 1 if it fails. On a
            Raspberry Pi the real board in real time (stop the service first); elsewhere, or with --sim, the
            simulated board in virtual time, and the verdict says so.

              --sim            the simulated board even on a Raspberry Pi
              --fault SPEC     break the simulated board first, e.g. hose-off:calf (on a Pi: with --sim)
              --profile FILE   the cuff profile the checks expect (default: the state directory's)
              --config DIR     the configuration directory
            """;

    private SelfTestCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException, StartFailure {
        Args a = Args.parse("selftest", argv, 1, Set.of("--sim"), Set.of("--config", "--fault", "--profile"));
        Unit unit = Unit.load(a.value("--config"));
        unit = unit.withProfile(a.value("--profile"), unit.config().mqtt().stateDir());
        out.println(unit.describeProfile());
        Logging.configure(unit.dir(), false, "warn");
        Program program = unit.programs().defaultProgram();
        if (program.compression().isEmpty()) {
            throw new UsageException("the default program '" + program.name() + "' uses no chambers to test");
        }
        if (Boards.onRaspberryPi(a.flag("--sim"))) {
            if (!a.all("--fault").isEmpty()) {
                throw new UsageException("--fault breaks the simulated board: add --sim");
            }
            // the real board is the running unit's while it runs: refused, not fought over
            try (StateLock lock = StateLock.take(unit.config().mqtt().stateDir())) {
                Board board;
                try {
                    board = Boards.open(unit, false);
                } catch (StartFailure e) {
                    // a sensor that does not read zero with the cuff open is the self-test's first check failing
                    return failed(out, " on the Raspberry Pi", null, e.getMessage());
                }
                try {
                    return onBoard(unit, board, null, out);
                } finally {
                    board.close();
                }
            }
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
        sim.command(Command.of(Command.Kind.STOP, "selftest"), (s, t) -> s != null && s.phase() == Phase.RUNNING);
        Summary r = sim.run();
        // Said plainly: off a Raspberry Pi this tests the simulated unit, not anything real.
        String where = a.flag("--sim") ? " on the simulated board" : " on the simulated board (no Raspberry Pi here)";
        var started = r.phases().stream().filter(m -> m.phase() == Phase.RUNNING).findFirst();
        return started.isPresent() && r.fault() == null ? passed(out, started.get().atS(), where, unit)
                : failed(out, where, r.fault(), "the session did not start (" + r.finalPhase().wire() + ")");
    }

    /** @param where "" or " on the …board" */
    private static int passed(PrintStream out, double seconds, String where, Unit unit) {
        out.printf(Locale.ROOT, "self-test passed in %.1f s%s: every sensor read near zero with the cuff open;"
                + " %s each rose when filled, held and fell when vented%n", seconds, where,
                String.join(", ", unit.config().chamberNames()));
        return 0;
    }

    /** @param otherwise the reason when no fault was latched */
    private static int failed(PrintStream out, String where, Fault fault, String otherwise) {
        out.println("self-test FAILED" + where + ": "
                + (fault != null ? fault.message().replaceFirst("^self-test failed: ", "") : otherwise));
        return 1;
    }

    /**
     * The self-test of a real board in real time: the control loop starts the default program,
     * whose self-test runs first; it passed when the session reaches {@code running}, which is
     * then stopped, and failed on a fault.
     *
     * @param observer sees every tick (a test's plant behind a mock board), or null
     */
    static int onBoard(Unit unit, Board board, TickObserver observer, PrintStream out) {
        ControlLoop loop = new ControlLoop(unit.config(), board, SystemClock.INSTANCE, unit.programs(),
                new EventQueue(256));
        loop.observe(observer);
        long timeout = (long) ((unit.config().thresholds().selfTestS(
                java.util.stream.IntStream.range(0, unit.config().chambers()).toArray()) + SLACK_S) * 1e9);
        long started = System.nanoTime();
        loop.start();
        try {
            loop.submit(Command.start(unit.programs().defaultName(), "selftest"));
            while (System.nanoTime() - started < timeout) {
                Snapshot s = loop.snapshot();
                if (s.phase() == Phase.RUNNING || s.phase() == Phase.FAULT) {
                    break;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.stop();
        }
        Snapshot s = loop.snapshot();
        String where = " on the " + board.describe();
        return s.phase() == Phase.RUNNING && s.fault() == null
                ? passed(out, (System.nanoTime() - started) * 1e-9, where, unit)
                : failed(out, where, s.fault(), "it did not finish within " + timeout / 1_000_000_000L + " s ("
                        + s.phase().wire() + ")");
    }

    /** Beyond the self-test at its slowest: venting first, starting the loop. */
    private static final double SLACK_S = 30;
}
