package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar quietlegs.jar COMMAND [OPTIONS]}: the command table, help, and exit codes that
 * mean one thing each ({@link #EXIT_CODES}).
 */
public final class Main {

    static final int DONE = 0;
    /** What the command checked failed: a self-test, a build outside the envelope. */
    static final int CHECK_FAILED = 1;
    /** A mistake in the command line, the configuration or the Pi's set-up: systemd does not restart for it. */
    static final int MISTAKE = 2;
    /** The unit could not start, or the command could not run, for now: the state directory locked, sensors off zero. */
    static final int CANNOT_START = 3;

    static final String EXIT_CODES = """
            exit codes: 0 done
                        1 what was checked failed: a self-test, a build outside the envelope
                        2 a mistake in the command line, the configuration or the Raspberry Pi's
                          set-up, said on one line with what to do (systemd does not restart for it)
                        3 the unit could not start or the command could not run: the state directory
                          held by another unit, sensors not reading zero, a file that cannot be
                          written, a benchmark's broker (systemd tries again)
            """;

    static final String HELP_HELP = """
            usage: quietlegs help [COMMAND [PART]]

            the commands with one line each; with COMMAND, that command's own help (its options),
            e.g. 'quietlegs help run', 'quietlegs help bench faults'. 'quietlegs COMMAND --help'
            (or -h) prints the same.
            """;

    /** Every command, one line each: its name, one line for the list, its help, and what runs it. */
    static final List<Subcommand> COMMANDS = List.of(
            new Subcommand("run", RunCommand.SUMMARY, RunCommand.HELP, RunCommand::run),
            new Subcommand("simulate", SimulateCommand.SUMMARY, SimulateCommand.HELP, SimulateCommand::run),
            new Subcommand("programs", ProgramsCommand.SUMMARY, ProgramsCommand.HELP, ProgramsCommand::run),
            new Subcommand("selftest", SelfTestCommand.SUMMARY, SelfTestCommand.HELP, SelfTestCommand::run),
            new Subcommand("commission", CommissionCommand.SUMMARY, CommissionCommand.HELP, CommissionCommand::run),
            new Subcommand("service", ServiceCommand.SUMMARY, ServiceCommand.HELP, ServiceCommand::run),
            new Subcommand("diary", DiaryCommand.SUMMARY, DiaryCommand.HELP, DiaryCommand::run),
            new Subcommand("journal", JournalCommand.SUMMARY, JournalCommand.HELP, JournalCommand::run),
            new Subcommand("report", ReportCommand.SUMMARY, ReportCommand.HELP, ReportCommand::run),
            new Subcommand("safe-state", SafeStateCommand.SUMMARY, SafeStateCommand.HELP, SafeStateCommand::run),
            new Subcommand("bench", BenchCommand.SUMMARY, BenchCommand.HELP, BenchCommand.PARTS, BenchCommand::run),
            new Subcommand("help", "this list, or a command's own help: help COMMAND", HELP_HELP, Main::help),
            new Subcommand("version", "the firmware's version", "usage: quietlegs version\n\nprints the firmware's version\n",
                    Main::version));

    private Main() {
    }

    public static void main(String[] argv) {
        int code = run(argv, System.out, System.err);
        if (code != 0 || !(argv.length > 0 && argv[0].equals("run"))) {
            System.exit(code);
        }
    }

    /** Runs one command; returns its exit code. */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0) {
            err.print(list());
            return MISTAKE;
        }
        String name = argv[0].equals("--help") || argv[0].equals("-h") ? "help"
                : argv[0].equals("--version") ? "version" : argv[0];
        Optional<Subcommand> command = find(name);
        if (command.isEmpty()) {
            err.println("quietlegs: unknown command '" + argv[0] + "' (commands: " + String.join(", ",
                    COMMANDS.stream().map(Subcommand::name).toList()) + "; see 'quietlegs help')");
            return MISTAKE;
        }
        if (argv.length > 1 && (List.of(argv).contains("--help") || List.of(argv).contains("-h"))) {
            // `run --help`, `bench faults --help`: what the command does, not an error
            out.print(helpOf(command.get(), argv[1]));
            return DONE;
        }
        return dispatch(command.get(), argv, out, err);
    }

    /** Runs a command, its failure told on one line with its exit code. */
    static int dispatch(Subcommand command, String[] argv, PrintStream out, PrintStream err) {
        try {
            return command.runner().run(argv, out);
        } catch (UsageException | ConfigException e) {
            err.println("quietlegs: " + e.getMessage());
            return MISTAKE;
        } catch (CheckFailure e) {
            err.println("quietlegs: " + e.getMessage());
            return CHECK_FAILED;
        } catch (StartFailure e) {
            err.println("quietlegs: " + e.getMessage());
            return CANNOT_START;
        }
    }

    static Optional<Subcommand> find(String name) {
        return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Every command with one line each, and the exit codes. */
    static String list() {
        StringBuilder sb = new StringBuilder("usage: java -jar quietlegs.jar COMMAND [OPTIONS]"
                + " (below: quietlegs COMMAND)\n\n");
        for (Subcommand c : COMMANDS) {
            sb.append(String.format(java.util.Locale.ROOT, "  %-11s %s%n", c.name(), c.summary()));
        }
        return sb.append("\n'quietlegs help COMMAND' or 'quietlegs COMMAND --help': that command's options.\n")
                .append(EXIT_CODES).toString();
    }

    /** A command's own help, or its part's ({@code bench faults}) when {@code part} names one. */
    static String helpOf(Subcommand c, String part) {
        return part != null && c.parts().containsKey(part) ? c.parts().get(part) : c.help();
    }

    private static int help(String[] argv, PrintStream out) throws UsageException {
        if (argv.length < 2) {
            out.print(list());
            return DONE;
        }
        Subcommand c = find(argv[1]).orElseThrow(() -> new UsageException("no command '" + argv[1]
                + "' to help with (see 'quietlegs help')"));
        if (argv.length > 2 && !c.parts().containsKey(argv[2])) {
            throw new UsageException(c.name() + " has no part '" + argv[2] + "' (parts: "
                    + String.join(", ", c.parts().keySet().stream().sorted().toList()) + ")");
        }
        out.print(helpOf(c, argv.length > 2 ? argv[2] : null));
        return DONE;
    }

    private static int version(String[] argv, PrintStream out) {
        out.println("quietlegs " + version());
        return DONE;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
