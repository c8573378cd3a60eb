package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.simulate.FaultInjection;
import dev.quietlegs.firmware.simulate.Simulation;
import dev.quietlegs.firmware.simulate.Summary;
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

    private SimulateCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException {
        Args a = Args.parse("simulate", argv, 1, Set.of("--json"),
                Set.of("--program", "--minutes", "--csv", "--rate", "--chambers", "--config", "--fault", "--profile"));
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
        out.print(a.flag("--json") ? summary.toJson() + System.lineSeparator() : summary.toText());
        return 0;
    }

    /** Programs re-read for a cuff of another chamber count. */
    private static dev.quietlegs.firmware.config.ProgramCatalog reload(Unit unit, UnitConfig config)
            throws ConfigException {
        return dev.quietlegs.firmware.config.ProgramLoader.loadAll(
                unit.dir().resolve(dev.quietlegs.firmware.config.ConfigLocation.PROGRAMS_DIR), config);
    }
}
