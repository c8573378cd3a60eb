package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.SystemClock;
import dev.quietlegs.firmware.service.CalibrationFile;
import dev.quietlegs.firmware.service.Service;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.sensor.CalibratedSensors;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code service}: building and fixing the unit. The control loop and its supervisor run as for a
 * session (on a Raspberry Pi the real board, elsewhere or with {@code --sim} the simulated one, in real
 * time); typed commands drive one output at a time, fill a chamber for the gauge, calibrate the
 * sensors. While a step runs every sensor is printed twice a second. {@code quit}, the end of the
 * input and Ctrl-C stop the loop with every output safe.
 */
final class ServiceCommand {

    static final String SUMMARY = "building and fixing the unit: one output at a time, every sensor live, calibration";

    static final String HELP = """
            usage: quietlegs service [--sim] [--config DIR] [--profile FILE]

            A mode for building and fixing the unit. The control loop and its supervisor run as for a
            session; typed commands drive one output at a time (the pump at a duty, each valve, the
            motor at a level, each for a bounded time), fill a chamber for a gauge, pump the closed
            manifold to a limit (to check the relief valve does not open below it), and store each
            sensor's zero and gain (sensor-calibration.yaml in the state directory). Every step passes
            the supervisor's gate and ends vented; quit, Ctrl-C, a fault or the e-stop leave every
            output safe. Type 'help' at its prompt for the steps. On a Raspberry Pi stop the
            quietlegs service first (while a unit holds the state directory it exits 3).

              --sim           the simulated board, in real time
              --config DIR    the configuration directory
              --profile FILE  the cuff profile whose expectations the checks hold
            """;

    static final long ROW_EVERY_MS = 500;
    static final double MAX_WATCH_S = 120;

    private ServiceCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException, StartFailure {
        return run(argv, System.in, out);
    }

    static int run(String[] argv, InputStream input, PrintStream out) throws UsageException, ConfigException,
            StartFailure {
        Args a = Args.parse("service", argv, 1, Set.of("--sim"), Set.of("--config", "--profile"));
        Unit loaded = Unit.load(a.value("--config"));
        Path stateDir = loaded.config().mqtt().stateDir();
        Unit unit = loaded.withProfile(a.value("--profile"), stateDir);
        Logging.configure(unit.dir(), false, "warn");
        boolean simulated = !Boards.onRaspberryPi(a.flag("--sim"));
        if (simulated) {
            return serve(a, unit, stateDir, true, input, out);
        }
        // the real board is the running unit's while it runs: refused, not fought over
        try (StateLock lock = StateLock.take(stateDir)) {
            return serve(a, unit, stateDir, false, input, out);
        }
    }

    private static int serve(Args a, Unit unit, Path stateDir, boolean simulated, InputStream input, PrintStream out)
            throws UsageException, ConfigException, StartFailure {
        Path file = CalibrationFile.in(stateDir, simulated);
        Board opened = Boards.open(unit, a.flag("--sim"));
        Board board;
        try {
            board = opened.sensors() instanceof CalibratedSensors ? opened
                    : CalibratedSensors.on(opened, CalibrationFile.readOrNone(file, unit.config().chamberNames()));
        } catch (ConfigException e) {
            opened.close();
            throw e;
        }
        EventQueue events = new EventQueue(256);
        ControlLoop loop = new ControlLoop(unit.config(), board, SystemClock.INSTANCE, unit.programs(), events);
        Service service = new Service(loop, board, (CalibratedSensors) board.sensors(), file, events);
        Thread stopper = new Thread(() -> {
            loop.stop();
            board.close();
        }, "service-stop");
        Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C, SIGTERM: every output safe
        loop.start();
        try {
            service.awaitReadings(2000); // typed 'sensors' at once shows the first tick's readings, not NaN
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("service mode on " + board.describe() + (simulated ? "" : " (stop the quietlegs service first)")
                + "; " + unit.describeProfile() + "; sensor calibration: " + file);
        out.println("the supervisor's limits hold: no chamber filled at or above " + fmt(unit.config().limits().maxMmHg())
                + " mmHg, a trip at " + fmt(unit.config().limits().tripMmHg()) + "; every step ends vented. Type help.");
        Thread printer = new Thread(() -> print(service, out), "service-print");
        printer.setDaemon(true);
        printer.start();
        try {
            console(service, opened, input, out);
        } finally {
            printer.interrupt();
            loop.stop();
            board.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it makes everything safe
            }
            synchronized (out) {
                for (String s : service.poll()) {
                    out.println(s);
                }
                out.println(RunCommand.describeOutputs(board));
            }
        }
        return 0;
    }

    private static void console(Service service, Board opened, InputStream input, PrintStream out) {
        BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = prompt(out, in)) != null) {
                String[] w = line.trim().split("\\s+");
                switch (w[0]) {
                    case "quit", "exit" -> {
                        return;
                    }
                    case "watch" -> watch(service, w, out);
                    case "button", "estop" -> {
                        if (opened instanceof SimulatedBoard sim) {
                            sim.press(w[0].equals("button") ? Button.START_STOP : Button.EMERGENCY_STOP);
                            say(out, "pressed the simulated " + (w[0].equals("button") ? "start/stop button"
                                    : "emergency stop"));
                        } else {
                            say(out, "refused: press the real one");
                        }
                    }
                    default -> {
                        try {
                            say(out, service.handle(line));
                        } catch (RuntimeException e) { // a bug, not the builder's mistake: the loop and its gate go on
                            say(out, "error: the firmware failed on '" + line.trim() + "' (" + e
                                    + "); nothing more was started; please report it");
                        }
                    }
                }
            }
        } catch (IOException e) {
            say(out, "console input closed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final String PROMPT = "service> ";

    private static String prompt(PrintStream out, BufferedReader in) throws IOException {
        synchronized (out) {
            out.print(PROMPT);
            out.flush();
        }
        return in.readLine();
    }

    /** {@code watch [SECONDS]}: every sensor twice a second, nothing driven. */
    private static void watch(Service service, String[] w, PrintStream out) throws InterruptedException {
        double s = 10;
        if (w.length > 1) {
            try {
                s = Double.parseDouble(w[1]);
            } catch (NumberFormatException e) {
                s = Double.NaN;
            }
        }
        if (!(s > 0 && s <= MAX_WATCH_S) || w.length > 2) {
            say(out, "refused: watch SECONDS, up to " + (int) MAX_WATCH_S);
            return;
        }
        for (long end = System.nanoTime() + (long) (s * 1e9); System.nanoTime() < end; ) {
            say(out, service.readings());
            Thread.sleep(ROW_EVERY_MS);
        }
    }

    /** What happens, as it happens: news at once, the sensors twice a second while a step runs. */
    private static void print(Service service, PrintStream out) {
        long nextRow = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                synchronized (out) {
                    if (service.stepRunning() && now >= nextRow) {
                        out.println("  " + service.readings());
                        nextRow = now + ROW_EVERY_MS * 1_000_000;
                    }
                    for (String s : service.poll()) {
                        out.println(s);
                    }
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(PrintStream out, String text) {
        if (!text.isEmpty()) {
            synchronized (out) {
                out.println(text);
            }
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
