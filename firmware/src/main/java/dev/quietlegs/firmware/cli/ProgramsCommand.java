package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.therapy.Program;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;

/** {@code programs}: what the unit offers. */
final class ProgramsCommand {

    static final String SUMMARY = "the programs this unit offers";

    static final String HELP = """
            usage: quietlegs programs [--config DIR]

            The programs this unit offers, with their length and what they do; the default is marked.

              --config DIR   the configuration directory
            """;

    private ProgramsCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException {
        Args a = Args.parse("programs", argv, 1, Set.of(), Set.of("--config"));
        Unit unit = Unit.load(a.value("--config"));
        Logging.configure(unit.dir(), false, "warn");
        for (Program p : unit.programs().all()) {
            boolean isDefault = p.name().equals(unit.programs().defaultName());
            out.printf(Locale.ROOT, "%-12s %3d min%s  %s%n", p.name(), p.durationS() / 60,
                    isDefault ? " (default)" : "          ", p.description());
            out.printf(Locale.ROOT, "%-12s         %s%n", "", p.summary());
        }
        return 0;
    }
}
