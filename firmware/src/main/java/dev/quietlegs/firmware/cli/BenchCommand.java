package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.VirtualClock;
import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.simulate.Simulation;
import dev.quietlegs.firmware.simulate.Summary;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * {@code bench sim}: how fast a whole simulated session runs, and how many bytes one control tick
 * allocates on the loop thread in steady state (measured with the JVM's per-thread allocation
 * counter). Figures only: it judges nothing.
 */
final class BenchCommand {

    static final String SUMMARY = "benchmarks that print figures: sim, faults, envelope, mqtt, loop";

    static final String HELP = """
            usage: quietlegs bench sim|faults|envelope|mqtt|loop [OPTIONS]

            Benchmarks that print figures ('quietlegs bench PART --help' for each part's options):
              sim        wall-clock time of whole simulated sessions and bytes allocated per tick
              faults     every fault on every chamber and output at every moment of a cycle
              envelope   healthy plants across the supported envelope, every program, no fault
              mqtt       MQTT command-to-actuator latency and a command flood, on loopback
              loop       the control loop's wake-up lateness on the real clock, as cyclictest measures it
            """;

    /** The help of each benchmark: {@code bench faults --help}. */
    static final java.util.Map<String, String> PARTS = java.util.Map.of(
            "sim", """
            usage: quietlegs bench sim [--runs N] [--program NAME] [--json] [--config DIR]

            Wall-clock time of whole simulated sessions (after two warm-up runs), and the bytes one
            control tick allocates on the loop thread in steady state. Figures only.

              --runs N         sessions timed, 1 to 100 (default 10)
              --program NAME   the program (default: the configured default)
              --json           one JSON object
            """,
            "faults", """
            usage: quietlegs bench faults [--step MS] [--plants N] [--seed S] [--commissioned] [--threads N]
                                          [--program NAME] [--worst N] [--json] [--config DIR]

            The fault sweep: every fault on every chamber and output at every moment of a cycle, on the
            configured plant and N plants of the envelope: detection, venting, pressure and the
            diagnosis matrix.

              --step MS        one injection every MS over the cycle, 100 to 10000 (default 500)
              --plants N       also N plants of the envelope (its 16 corners, then random ones), at
                               landmarks of each phase
              --seed S         the seed of the random plants (default 1)
              --commissioned   commission each plant first, as a built unit is
              --threads N      worker threads (default: the processors)
              --program NAME   a program with compression (default: the configured default)
              --worst N        the N cells that kept a chamber above 15 mmHg longest
              --json           one JSON object
            """,
            "envelope", """
            usage: quietlegs bench envelope [--plants N] [--seed S] [--program NAME] [--commissioned]
                                            [--threads N] [--worst N] [--json] [--config DIR]

            Healthy plants across the supported envelope (pump, garment, valves, leak, motor) and the
            corners of its main axes, every program with no fault: the sessions that ended done, the
            false faults per code, and the worst plants.

              --plants N       random plants besides the 16 corners (default 300)
              --seed S         their seed (default 1)
              --program NAME   one program only (default: every program)
              --commissioned   commission each plant first and run its sessions with its profile
              --threads N      worker threads (default: the processors)
              --worst N        the worst plants shown (default 10)
              --json           one JSON object
            """,
            "mqtt", """
            usage: quietlegs bench mqtt [--commands N] [--flood N] [--json] [--config DIR]

            On loopback with the unit's own broker (Mosquitto): latency from a client's cmd/vibration to
            the motor's duty changing, then a flood of commands: answered, refused, and the loop's worst
            lateness against a quiet window. Exit 3 when it cannot run (no Mosquitto).

              --commands N   commands timed one after another, 10 to 100000 (default 1000)
              --flood N      commands sent at once afterwards (default 10000)
              --json         one JSON object
            """,
            "loop", """
            usage: quietlegs bench loop [--rate HZ] [--seconds N] [--warmup N] [--program NAME] [--fifo PRIO]
                                        [--mqtt] [--json] [--config DIR]

            The real control loop on the real clock: wake-up lateness as cyclictest defines it, bytes
            allocated per tick on the loop thread, GCs during the window.

              --rate HZ        the loop rate (default 1000)
              --seconds N      the measured window (default 30)
              --warmup N       seconds before it (default 15)
              --program NAME   the program running meanwhile (default: the configured default)
              --fifo PRIO      the loop thread at SCHED_FIFO PRIO (with chrt)
              --mqtt           the remote busy too: a client sending 100 commands a second
              --json           one JSON object
            """);

    private BenchCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException, StartFailure {
        if (argv.length >= 2 && argv[1].equals("mqtt")) {
            Args m = Args.parse("bench mqtt", argv, 2, Set.of("--json"), Set.of("--commands", "--flood", "--config"));
            Unit unit = Unit.load(m.value("--config"));
            Logging.configure(unit.dir(), false, "warn");
            try {
                return MqttBench.run(unit, m.integer("--commands", 10, 100_000, 1000), m.integer("--flood", 0, 1_000_000, 10_000),
                        m.flag("--json"), out);
            } catch (UsageException | ConfigException | StartFailure e) {
                throw e;
            } catch (Exception e) {
                // it could not run (a timeout, the loopback): not a mistake in the command line
                throw new StartFailure("bench mqtt could not run: " + e.getMessage());
            }
        }
        if (argv.length >= 2 && argv[1].equals("phone")) {
            // The load `bench loop --mqtt` starts in its own process: a phone dragging a slider.
            Args p = Args.parse("bench phone", argv, 2, Set.of(), Set.of("--url", "--device", "--rate"));
            Logging.configure(null, false, "warn");
            String url = p.value("--url");
            if (url == null) {
                throw new UsageException("bench phone needs --url");
            }
            var topics = new dev.quietlegs.firmware.remote.Topics(p.value("--device") == null ? "bedside" : p.value("--device"));
            long pause = 1000L / p.integer("--rate", 1, 1000, 100);
            try (var phone = new dev.quietlegs.firmware.remote.PhoneClient(url, "bench-phone")) {
                phone.listen(topics.state());
                phone.listen(topics.events());
                for (int i = 0; ; i++) {
                    phone.send(topics.command("vibration"), Integer.toString(3 + i % 5));
                    Thread.sleep(pause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            } catch (Exception e) {
                throw new StartFailure("bench phone could not run: " + e.getMessage());
            }
        }
        if (argv.length >= 2 && argv[1].equals("loop")) {
            Args l = Args.parse("bench loop", argv, 2, Set.of("--json", "--mqtt", "--journal"),
                    Set.of("--rate", "--seconds", "--warmup", "--program", "--fifo", "--config"));
            Unit unit = Unit.load(l.value("--config"));
            if (l.flag("--mqtt")) {
                // with the remote busy, every event is also logged to a file, as `run` does
                try {
                    System.setProperty("quietlegs.log.dir",
                            java.nio.file.Files.createTempDirectory("quietlegs-bench-logs").toString());
                } catch (java.io.IOException e) {
                    throw new StartFailure("cannot make a log directory: " + e.getMessage());
                }
                Logging.configure(unit.dir(), true, "warn");
            } else {
                Logging.configure(unit.dir(), false, "warn");
            }
            String program = l.value("--program") == null ? unit.programs().defaultName() : l.value("--program");
            if (unit.programs().find(program).isEmpty()) {
                throw new UsageException("unknown program '" + program + "' (known: " + unit.programs().names() + ")");
            }
            try {
                return LoopBench.run(unit, new LoopBench.Options(l.integer("--rate", 10, 10_000, 1000),
                        l.integer("--seconds", 1, 3600, 30), l.integer("--warmup", 0, 600, 15), program,
                        l.integer("--fifo", 0, 99, 0), l.flag("--mqtt"), l.flag("--json"), l.flag("--journal")), out);
            } catch (UsageException | ConfigException | StartFailure e) {
                throw e;
            } catch (Exception e) {
                throw new StartFailure("bench loop could not run: " + e.getMessage());
            }
        }
        if (argv.length >= 2 && argv[1].equals("faults")) {
            Args f = Args.parse("bench faults", argv, 2, Set.of("--json", "--commissioned"),
                    Set.of("--step", "--threads", "--program", "--worst", "--plants", "--seed", "--config"));
            Unit unit = Unit.load(f.value("--config"));
            Logging.configure(unit.dir(), false, "error");
            String name = f.value("--program") == null ? unit.programs().defaultName() : f.value("--program");
            Program program = unit.programs().find(name).orElse(null);
            if (program == null || program.compression().isEmpty()) {
                throw new UsageException("'" + name + "' is not a program with compression (known: "
                        + unit.programs().names() + ")");
            }
            int plants = f.integer("--plants", 0, 10_000, 0);
            long seed;
            try {
                seed = f.value("--seed") == null ? 1 : Long.parseLong(f.value("--seed").trim());
            } catch (NumberFormatException x) {
                throw new UsageException("--seed '" + f.value("--seed") + "' is not a whole number");
            }
            // Across plants the landmarks of each phase keep 50 plants to minutes; --step asks for more.
            double step = f.value("--step") == null && plants > 0 ? Double.NaN
                    : f.integer("--step", 100, 10_000, 500) / 1000.0;
            return FaultBench.run(unit, program, new FaultBench.Options(step, plants, seed, f.integer("--threads", 1,
                    64, Runtime.getRuntime().availableProcessors()), f.integer("--worst", 0, 1000, 0),
                    f.flag("--commissioned"), f.flag("--json")), out);
        }
        if (argv.length >= 2 && argv[1].equals("envelope")) {
            Args e = Args.parse("bench envelope", argv, 2, Set.of("--json", "--commissioned"),
                    Set.of("--plants", "--seed", "--program", "--threads", "--worst", "--config"));
            Unit unit = Unit.load(e.value("--config"));
            Logging.configure(unit.dir(), false, "error");
            java.util.List<Program> programs;
            if (e.value("--program") == null) {
                programs = unit.programs().all().stream()
                        .sorted(java.util.Comparator.comparing(Program::name)).toList();
            } else {
                Program p = unit.programs().find(e.value("--program")).orElseThrow(() -> new UsageException(
                        "unknown program '" + e.value("--program") + "' (known: " + unit.programs().names() + ")"));
                programs = java.util.List.of(p);
            }
            long seed;
            try {
                seed = e.value("--seed") == null ? 1 : Long.parseLong(e.value("--seed").trim());
            } catch (NumberFormatException x) {
                throw new UsageException("--seed '" + e.value("--seed") + "' is not a whole number");
            }
            return EnvelopeBench.run(unit, programs, e.integer("--plants", 0, 100_000, 300), seed,
                    e.integer("--threads", 1, 64, Runtime.getRuntime().availableProcessors()),
                    e.integer("--worst", 0, 1000, 10), e.flag("--commissioned"), e.flag("--json"), out);
        }
        if (argv.length < 2 || !argv[1].equals("sim")) {
            throw new UsageException("bench needs a benchmark name: sim, faults, envelope, mqtt or loop");
        }
        Args a = Args.parse("bench sim", argv, 2, Set.of("--json"), Set.of("--runs", "--program", "--config"));
        Unit unit = Unit.load(a.value("--config"));
        Logging.configure(unit.dir(), false, "warn");
        int runs = a.integer("--runs", 1, 100, 10);
        String name = a.value("--program") == null ? unit.programs().defaultName() : a.value("--program");
        Program program = unit.programs().find(name).orElse(null);
        if (program == null) {
            throw new UsageException("unknown program '" + name + "' (known: " + unit.programs().names() + ")");
        }

        // Whole sessions, wall clock, after two warm-up runs.
        long[] wallMicros = new long[runs];
        Summary last = null;
        for (int i = -2; i < runs; i++) {
            long t0 = System.nanoTime();
            last = new Simulation(unit.config(), unit.programs(), program, null, 1).run();
            if (i >= 0) {
                wallMicros[i] = (System.nanoTime() - t0) / 1000;
            }
        }
        Arrays.sort(wallMicros);

        // Steady-state allocation per tick, with nothing but the loop and the plant on this thread.
        VirtualClock clock = new VirtualClock();
        SimulatedBoard board = new SimulatedBoard(unit.config().plant(), clock::nanos, unit.config().motorMinDuty());
        EventQueue events = new EventQueue(1024);
        ControlLoop loop = new ControlLoop(unit.config(), board, clock, unit.programs(), events);
        loop.submit(Command.start(program.name(), "bench"));
        long period = loop.periodNanos();
        int warmTicks = unit.config().loopRateHz() * 120;
        for (int i = 0; i < warmTicks; i++) {
            clock.advance(period);
            loop.tick();
            while (events.poll() != null) {
                // drain
            }
        }
        Phase phase = loop.snapshot().phase();
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        int measured = unit.config().loopRateHz() * 600;
        long before = mx.getThreadAllocatedBytes(self);
        for (int i = 0; i < measured; i++) {
            clock.advance(period);
            loop.tick();
        }
        long allocated = mx.getThreadAllocatedBytes(self) - before;
        double perTick = (double) allocated / measured;

        double medianMs = wallMicros[runs / 2] / 1000.0;
        if (a.flag("--json")) {
            out.println(new Json().begin()
                    .field("program", program.name())
                    .field("runs", runs)
                    .field("simulated_s", last.simulatedS(), 1)
                    .field("wall_ms_min", wallMicros[0] / 1000.0, 1)
                    .field("wall_ms_median", medianMs, 1)
                    .field("wall_ms_max", wallMicros[runs - 1] / 1000.0, 1)
                    .field("speedup_median", last.simulatedS() * 1000 / medianMs, 0)
                    .field("alloc_ticks", measured)
                    .field("alloc_phase", phase.wire())
                    .field("alloc_bytes_total", allocated)
                    .field("alloc_bytes_per_tick", perTick, 3)
                    .field("java", System.getProperty("java.vm.name") + " " + Runtime.version())
                    .end());
        } else {
            out.printf(Locale.ROOT, "program %s, %d runs after 2 warm-up runs, %s %s%n", program.name(), runs,
                    System.getProperty("java.vm.name"), Runtime.version());
            out.printf(Locale.ROOT, "whole session (%.0f simulated s): wall ms min %.1f / median %.1f / max %.1f"
                            + " (median %.0fx real time)%n", last.simulatedS(), wallMicros[0] / 1000.0, medianMs,
                    wallMicros[runs - 1] / 1000.0, last.simulatedS() * 1000 / medianMs);
            out.printf(Locale.ROOT, "allocation on the loop thread: %d bytes over %d ticks in phase %s = %.3f bytes/tick%n",
                    allocated, measured, phase.wire(), perTick);
        }
        return 0;
    }
}
