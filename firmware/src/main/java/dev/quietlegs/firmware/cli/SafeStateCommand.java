package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.hardware.pi4j.BoardUnavailableException;
import dev.quietlegs.hardware.pi4j.PiHost;
import dev.quietlegs.hardware.pi4j.RaspberryPi;
import java.io.PrintStream;
import java.util.Set;

/**
 * {@code safe-state}: pump and motor off, inlets closed, exhausts and the main vent open, from a
 * process of its own. systemd runs it after the unit stops, however it stopped (a SIGKILL, a
 * watchdog abort, a crash), because the Pi keeps its pins and PWM as a dead process left them.
 */
final class SafeStateCommand {

    static final String SUMMARY = "on a Raspberry Pi: pump and motor off, every valve venting";

    static final String HELP = """
            usage: quietlegs safe-state [--config DIR]

            On a Raspberry Pi, from a process of its own: pump and motor off, inlets closed, exhausts and the
            main vent open. systemd runs it after the unit stops, however it stopped. Elsewhere it says there
            are no pins.

              --config DIR   the configuration directory
            """;

    private SafeStateCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException, StartFailure {
        Args a = Args.parse("safe-state", argv, 1, Set.of(), Set.of("--config"));
        Unit unit = Unit.load(a.value("--config"));
        Logging.configure(unit.dir(), false, "warn");
        PiHost host = PiHost.system();
        if (host.model().isEmpty()) {
            out.println("not a Raspberry Pi: no pins to make safe");
            return 0;
        }
        if (unit.config().pinMap() == null) {
            throw new UsageException(unit.config().source() + ": no pin map for this cuff: describe it in the board section");
        }
        try {
            RaspberryPi.applySafeState(host, unit.config().pinMap());
        } catch (BoardUnavailableException e) {
            throw new StartFailure("could not make the pins safe: " + e.getMessage());
        }
        out.println("outputs in the safe state: pump and motor off, every inlet closed, every exhaust and the main vent"
                + " open");
        return 0;
    }
}
