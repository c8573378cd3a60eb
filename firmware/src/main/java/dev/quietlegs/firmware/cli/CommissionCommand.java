package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.commission.Commissioning;
import dev.quietlegs.firmware.commission.CuffProfile;
import dev.quietlegs.firmware.commission.ProfileFile;
import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.SystemClock;
import dev.quietlegs.firmware.safety.Thresholds;
import dev.quietlegs.firmware.simulate.Commissioner;
import dev.quietlegs.hardware.port.Board;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code commission}: measures the build (on a Raspberry Pi the real one, with the cuff on the leg
 * or on a bench, in real time; with {@code --sim} the simulated plant the configuration describes,
 * in virtual time), prints what it found, says where the build is outside the envelope and what to
 * change, and writes the cuff profile the checks then expect. Exit code 0 when the build is inside
 * the envelope, 1 when it is not or commissioning was ended before it finished (then nothing is written).
 */
final class CommissionCommand {

    static final String SUMMARY = "measures the build and writes the cuff profile the checks expect";

    static final String HELP = """
            usage: quietlegs commission [--sim] [--profile FILE] [--config DIR]

            Measures the build (on a Raspberry Pi the cuff on the leg or a bench, lying still, about 3 minutes;
            elsewhere or with --sim the simulated plant) and writes the cuff profile the checks then expect.
            Says where the build is outside the supported envelope and what to change: exit 1 then, or when
            commissioning was ended before it finished (nothing is written).

              --sim            the simulated plant even on a Raspberry Pi
              --profile FILE   where to write the profile (default: the state directory's cuff-profile.yaml)
              --config DIR     the configuration directory
            """;

    private CommissionCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException, StartFailure,
            CheckFailure {
        Args a = Args.parse("commission", argv, 1, Set.of("--sim"), Set.of("--config", "--profile"));
        Unit unit = Unit.load(a.value("--config"));
        Logging.configure(unit.dir(), false, "warn");
        Path file = a.value("--profile") != null ? Path.of(a.value("--profile"))
                : ProfileFile.in(unit.config().mqtt().stateDir());
        String when = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        CuffProfile profile;
        if (Boards.onRaspberryPi(a.flag("--sim"))) {
            out.println("commissioning the " + String.join(", ", unit.config().chamberNames())
                    + " chambers: the cuff on the leg (or on a bench), lying still; about 3 minutes."
                    + " Ctrl-C, the button or the emergency stop ends it with the cuff vented.");
            Board board = Boards.open(unit, false);
            try {
                profile = onBoard(unit, board, when, out);
            } finally {
                board.close();
            }
        } else {
            String where = a.flag("--sim") ? "the simulated plant" : "the simulated plant (no Raspberry Pi here)";
            Commissioner.Outcome o = Commissioner.commission(unit.config(), unit.programs(), when);
            if (o.profile() == null) {
                out.println("commissioning ended before it finished: " + o.aborted() + "; nothing was written");
                return 1;
            }
            out.printf(Locale.ROOT, "commissioned %s in %d ms of wall time%n", where, o.wallMs());
            profile = o.profile();
        }
        return finish(profile, file, a.value("--profile") == null, out);
    }

    /** Commissioning on a real board, in real time, with the loop and its gate running as for a session. */
    static CuffProfile onBoard(Unit unit, Board board, String when, PrintStream out) throws CheckFailure {
        ControlLoop loop = new ControlLoop(unit.config(), board, SystemClock.INSTANCE, unit.programs(),
                new EventQueue(256));
        Commissioning c = new Commissioning(unit.config().chamberNames());
        Thread stopper = new Thread(loop::stop, "commission-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        loop.start();
        try {
            loop.run(c);
            Commissioning.Status shown = null;
            while (!c.finished()) {
                if (c.status() != shown) {
                    shown = c.status();
                    out.println("  " + shown.doing());
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the loop
            }
        }
        if (c.aborted() != null || !c.finished()) {
            throw new CheckFailure("commissioning ended before it finished: "
                    + (c.aborted() != null ? c.aborted() : "interrupted") + "; the cuff was vented and nothing written");
        }
        return c.measured().build(when, "raspberry-pi");
    }

    private static int finish(CuffProfile profile, Path file, boolean stateDir, PrintStream out) throws StartFailure {
        out.print(profile.report());
        List<String> outside = profile.outsideEnvelope();
        Thresholds t = profile.thresholds();
        try {
            ProfileFile.write(file, profile);
        } catch (IOException e) {
            throw new StartFailure("cannot write the cuff profile " + file + ": " + e.getMessage());
        }
        out.printf(Locale.ROOT, "the checks now expect: self-test fills within %s s, vents within %s s; a vented"
                        + " chamber loses at least %s per second; a held one at most %s%n",
                list(t.fillS(), "%.1f"), list(t.ventS(), "%.1f"), list(t.fallFraction(), "%.2f"),
                String.format(Locale.ROOT, "%.3f", t.heldLossFraction()));
        out.println("cuff profile written to " + file + (stateDir ? " (selftest and run use it from now on)"
                : " (give it to simulate, selftest or run with --profile)"));
        if (outside.isEmpty()) {
            out.println("the build is inside the supported envelope");
            return 0;
        }
        out.println("OUTSIDE THE SUPPORTED ENVELOPE: sessions on this build may not reach their pressures, or may fault:");
        for (String s : outside) {
            out.println("  - " + s);
        }
        return 1;
    }

    private static String list(double[] v, String fmt) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.isEmpty() ? "" : "/").append(String.format(Locale.ROOT, fmt, d));
        }
        return sb.toString();
    }
}
