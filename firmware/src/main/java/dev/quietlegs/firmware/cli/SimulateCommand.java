package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.journal.Journal;
import dev.quietlegs.firmware.journal.SessionRecord;
import dev.quietlegs.firmware.journal.SessionRecorder;
import dev.quietlegs.firmware.journal.Timebase;
import dev.quietlegs.firmware.simulate.FaultInjection;
import dev.quietlegs.firmware.simulate.Simulation;
import dev.quietlegs.firmware.simulate.Summary;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code simulate}: a whole session on the simulated plant in virtual time. */
final class SimulateCommand {

    static final String SUMMARY = "a whole session on the simulated plant in virtual time, then its summary";

    static final String HELP = """
            usage: quietlegs simulate [--program NAME] [--minutes N] [--json] [--csv FILE] [--rate HZ]
                                      [--chambers N] [--profile FILE] [--config DIR]
                                      [--fault KIND[:TARGET][=VALUE]@SECONDS]...

            A whole session on the simulated plant in virtual time, then its summary (a table, or one JSON
            object with --json).

              --program NAME   the program (default: the configured default)
              --minutes N      shorten or lengthen the program
              --json           one JSON object instead of the table
              --csv FILE       the trace, 10 rows a second
              --rate HZ        another control loop rate
              --chambers N     a cuff of another number of chambers
              --profile FILE   the checks expect this cuff profile (default: the envelope's defaults)
              --config DIR     the configuration directory
              --fault SPEC     break the simulated unit at a time (repeatable), e.g. leak@300,
                               sensor-gain:calf=0.6@130, pin-write-fails:exhaust:thigh@140. Kinds:
            """ + Subcommand.wrap(dev.quietlegs.firmware.simulate.FaultKind.known(), 19, 96);

    private SimulateCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException {
        Args a = Args.parse("simulate", argv, 1, Set.of("--json"),
                Set.of("--program", "--minutes", "--csv", "--rate", "--chambers", "--config", "--fault", "--profile",
                        "--state-dir", "--at"));
        // Without --profile, the envelope's defaults: a simulation is of a plant, not of this unit's cuff.
        Unit unit = Unit.load(a.value("--config")).withProfile(a.value("--profile"), null);
        Logging.configure(unit.dir(), false, "warn");
        UnitConfig config = unit.config();
        config = config.withLoopRate(a.integer("--rate", 20, 2000, config.loopRateHz()));
        int chambers = a.integer("--chambers", 1, 8, config.chambers());
        if (chambers != config.chambers()) {
            config = config.withChambers(chambers);
            if (a.value("--profile") != null) {
                throw new UsageException("--profile is of the configured cuff: it cannot go with --chambers");
            }
            unit = new Unit(unit.dir(), config, reload(unit, config));
        }
        String name = a.value("--program") == null ? unit.programs().defaultName() : a.value("--program");
        var found = unit.programs().find(name);
        if (found.isEmpty()) {
            throw new UsageException("unknown program '" + name + "' (known: " + unit.programs().names() + ")");
        }
        Program program = found.get();
        if (a.value("--minutes") != null) {
            program = program.withDuration(a.integer("--minutes", 1, 600, 0) * 60);
        }
        List<FaultInjection> faults = new ArrayList<>();
        for (String f : a.all("--fault")) {
            try {
                faults.add(FaultInjection.parse(f, config.chamberNames()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        Summary summary;
        String csvPath = a.value("--csv");
        if (csvPath != null) {
            Path csv = Path.of(csvPath);
            try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                Simulation sim = new Simulation(config, unit.programs(), program, w, Math.max(1, config.loopRateHz() / 10));
                faults.forEach(sim::inject);
                summary = sim.run();
            } catch (IOException e) {
                throw new UsageException("cannot write " + csv + ": " + e.getMessage());
            }
        } else {
            Simulation sim = new Simulation(config, unit.programs(), program, null, 1);
            faults.forEach(sim::inject);
            summary = sim.run();
        }
        if (a.value("--state-dir") != null || a.value("--at") != null) {
            journal(a, summary, program, out);
        }
        out.print(a.flag("--json") ? summary.toJson() + System.lineSeparator() : summary.toText());
        return 0;
    }

    /** The simulated evening into a journal, as the unit would have written it. */
    private static void journal(Args a, Summary summary, Program program, PrintStream out) throws UsageException,
            ConfigException {
        if (a.value("--state-dir") == null) {
            throw new UsageException("--at goes with --state-dir (the journal to write the simulated evening into)");
        }
        java.time.Instant at = JournalCommand.at(a.value("--at"));
        try (var j = JournalCommand.open(a)) {
            var r = record(j, summary, program, at != null ? at : java.time.Instant.now());
            if (a.flag("--json")) {
                return; // stdout stays one JSON object
            }
            out.println("journal: session " + r.id() + " at " + r.startedAt() + ", " + r.outcome().wire() + ", "
                    + Math.round(r.deliveredMinutes() * 10) / 10.0 + " min delivered, in " + j.file());
        }
    }

    /**
     * The simulated session as the unit would journal it: its phase changes (and its fault) replayed
     * as the loop's events through the unit's own recorder, the virtual clock's zero at {@code start}.
     */
    private static SessionRecord record(Journal journal, Summary summary, Program program, java.time.Instant start) {
        long[] now = {0};
        SessionRecorder recorder = new SessionRecorder(journal, Timebase.fixed(start, () -> now[0]),
                new dev.quietlegs.firmware.config.ProgramCatalog(java.util.Map.of(program.name(), program), program.name()),
                Long.MAX_VALUE);
        Phase from = Phase.IDLE;
        SessionRecord last = null;
        for (Summary.PhaseMark m : summary.phases()) {
            now[0] = Math.round(m.atS() * 1e9);
            if (m.phase() == Phase.FAULT && summary.fault() != null) {
                recorder.accept(new Event.FaultRaised(summary.fault().atNanos(), summary.fault()));
            }
            recorder.accept(new Event.PhaseChange(now[0], from, m.phase(), m.why(), program.name()));
            last = recorder.current() != null ? recorder.current() : last;
            from = m.phase();
        }
        recorder.shutdown(now[0]); // a simulation cut off with the session under way
        if (last == null) {
            throw new IllegalStateException("the simulated session never started");
        }
        long id = last.id();
        return journal.sessions().stream().filter(x -> x.id() == id).findFirst().orElseThrow();
    }

    /** Programs re-read for a cuff of another chamber count. */
    private static dev.quietlegs.firmware.config.ProgramCatalog reload(Unit unit, UnitConfig config)
            throws ConfigException {
        return dev.quietlegs.firmware.config.ProgramLoader.loadAll(
                unit.dir().resolve(dev.quietlegs.firmware.config.ConfigLocation.PROGRAMS_DIR), config);
    }
}
