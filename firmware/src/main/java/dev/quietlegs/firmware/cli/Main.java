package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import java.io.PrintStream;

/**
 * {@code java -jar quietlegs.jar COMMAND [OPTIONS]}. Exit codes: 0 done, 2 a mistake in the
 * command line or the configuration (one line says which), 1 anything else.
 */
public final class Main {

    static final String USAGE = """
            usage: java -jar quietlegs.jar COMMAND [OPTIONS]

              run [--sim] [--config DIR] [--profile FILE]
                  the unit in real time: on a Raspberry Pi its Pi4J board, elsewhere (or with
                  --sim) the simulated board. Type 'help' at its prompt.
              simulate [--program NAME] [--minutes N] [--json] [--csv FILE] [--rate HZ] [--profile FILE]
                       [--chambers N] [--fault KIND[:TARGET][=VALUE]@SECONDS]... [--config DIR]
                  a whole session on the simulated plant in virtual time, then its summary;
                  --fault breaks the simulated unit at a time, e.g. leak@300,
                  sensor-gain:calf=0.6@130, pin-write-fails:exhaust:thigh@140 (kinds: leak,
                  hose-off, kinked-hose, inlet-stuck-open, inlet-stuck-closed, exhaust-stuck-open,
                  exhaust-stuck-closed, vent-stuck-closed, pump-stuck-on, pump-dead, sensor-stuck,
                  sensor-stuck-noisy, sensor-disconnected, sensor-drift, sensor-noisy, sensor-gain,
                  sensor-offset, sensor-swap, manifold-stuck, manifold-gain, manifold-disconnected,
                  loop-stall, session-freeze, process-dead, pin-write-fails, pin-write-blocks)
              programs [--config DIR]
                  the programs this unit offers
              selftest [--sim] [--fault KIND[:TARGET][=VALUE]]... [--config DIR] [--profile FILE]
                  the check that runs before every session, on its own; exit 1 if it fails
              commission [--sim] [--config DIR] [--profile FILE]
                  measures the build (the cuff on the leg or a bench; --sim: the simulated
                  plant) and writes the cuff profile the checks then expect (default: the
                  state directory's cuff-profile.yaml); says where the build is outside the
                  supported envelope and what to change; exit 1 if it is
              safe-state [--config DIR]
                  on a Raspberry Pi: pump and motor off, every valve venting (systemd runs it
                  after the unit stops, however it stopped)
              bench sim [--runs N] [--program NAME] [--json]
                  wall-clock time of whole simulated sessions and bytes allocated per tick
              bench faults [--step MS] [--plants N] [--seed S] [--threads N] [--program NAME]
                   [--worst N] [--json]
                  every fault on every chamber and output at every moment of a cycle, on the
                  configured plant and N plants of the envelope: detection, venting, pressure
                  and the diagnosis matrix
              bench envelope [--plants N] [--seed S] [--program NAME] [--commissioned] [--threads N]
                   [--worst N] [--json]
                  healthy plants across the plausible parts (pump, garment, valves, leak, motor)
                  and the corners of the main axes, every program with no fault: the sessions
                  that ended done, the false faults per code, and the worst plants
              bench mqtt [--commands N] [--flood N] [--json]
                  MQTT command-to-actuator latency and a command flood, on loopback
              bench loop [--rate HZ] [--seconds N] [--warmup N] [--program NAME] [--fifo PRIO]
                         [--mqtt] [--json]
                  the control loop's wake-up lateness on the real clock, as cyclictest measures it
              diary [--state-dir DIR] [--at TIME] before R | after R | morning sleep=S falling=F night=N [onset=HH:MM] | irls T
                  a diary entry: legs now (0-10) before or after a session; the night's sleep and legs; an IRLS total
              journal export [--state-dir DIR] [--out FILE] [--json] | journal erase [--state-dir DIR] [--yes]
                  every session and diary entry as CSV (or JSON); erase them all (asks unless --yes)
              report [--state-dir DIR] [--days N] [--out FILE] [--csv FILE] [--target-minutes N] [--at TIME]
                  the one-page HTML report for a clinician: adherence calendar, minutes, ratings, IRLS
              help | version
            """;

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
            err.print(USAGE);
            return 2;
        }
        if (argv.length > 1 && (java.util.Arrays.asList(argv).contains("--help")
                || java.util.Arrays.asList(argv).contains("-h"))) {
            out.print(USAGE); // `run --help` and the like: what the command does, not an error
            return 0;
        }
        try {
            return switch (argv[0]) {
                case "simulate" -> SimulateCommand.run(argv, out);
                case "run" -> RunCommand.run(argv, out);
                case "programs" -> ProgramsCommand.run(argv, out);
                case "selftest" -> SelfTestCommand.run(argv, out);
                case "commission" -> CommissionCommand.run(argv, out);
                case "safe-state" -> SafeStateCommand.run(argv, out);
                case "bench" -> BenchCommand.run(argv, out);
                case "diary" -> DiaryCommand.run(argv, out);
                case "journal" -> JournalCommand.run(argv, out, System.in);
                case "report" -> ReportCommand.run(argv, out);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                case "version", "--version" -> {
                    out.println("quietlegs " + version());
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + argv[0] + "' (commands: run, simulate, programs, selftest, commission, safe-state, bench, help)");
            };
        } catch (UsageException | ConfigException e) {
            err.println("quietlegs: " + e.getMessage());
            return 2;
        } catch (StartFailure e) {
            err.println("quietlegs: " + e.getMessage());
            return 1;
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
