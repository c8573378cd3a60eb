package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.config.Schedule;
import dev.quietlegs.firmware.config.ScheduleLoader;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.control.EventDispatcher;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.SystemClock;
import dev.quietlegs.firmware.broker.BrokerException;
import dev.quietlegs.firmware.broker.LocalBroker;
import dev.quietlegs.firmware.config.MqttConfig;
import dev.quietlegs.firmware.journal.AutoStart;
import dev.quietlegs.firmware.journal.DiaryEntry;
import dev.quietlegs.firmware.journal.Journal;
import dev.quietlegs.firmware.journal.JournalWriter;
import dev.quietlegs.firmware.journal.Timebase;
import dev.quietlegs.firmware.remote.Remote;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.web.PhoneServer;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * {@code run}: the unit in real time. The control loop runs on its own thread; this one reads the
 * console, another reports events. A JVM shutdown (Ctrl-C, SIGTERM from systemd) stops the loop,
 * which leaves the cuff vented and the motor off before the process ends.
 */
final class RunCommand {

    static final String SUMMARY = "the unit in real time, with a console";

    static final String HELP = """
            usage: quietlegs run [--sim] [--config DIR] [--profile FILE] [--no-mqtt]
                                 [--mqtt-listen HOST:PORT | --mqtt-url URL [--mqtt-user U] [--mqtt-password-file F]]
                                 [--mqtt-state-dir DIR]

            The unit in real time: on a Raspberry Pi its Pi4J board, elsewhere (or with --sim) the simulated
            board. A terminal shows one status line updated in place, with events and log lines above it;
            a pipe or systemd's journal gets plain lines (the status once a minute and at every phase change).
            Type 'help' at the console for its commands. Ctrl-C or SIGTERM vents the cuff and stops the motor.
            One unit per state directory: a second one there exits 3, naming the first one's pid.

              --sim                    the simulated board even on a Raspberry Pi
              --config DIR             the configuration directory (default ./config, /etc/quietlegs, built-in)
              --profile FILE           the cuff profile the checks expect (default: the state directory's)
              --no-mqtt                no phone remote
              --mqtt-listen HOST:PORT  where the unit's own broker listens (default mqtt.listen)
              --mqtt-url URL           join this broker instead (tcp:// or ssl://), with --mqtt-user and
                                       --mqtt-password-file
              --mqtt-state-dir DIR     the state directory: the broker's password, the cuff profile, the lock
            """;

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("unit");
    }

    private RunCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException, StartFailure {
        Args a = Args.parse("run", argv, 1, Set.of("--sim", "--no-mqtt"), Set.of("--config", "--mqtt-listen",
                "--mqtt-url", "--mqtt-user", "--mqtt-password-file", "--mqtt-state-dir", "--profile"));
        Unit loaded = Unit.load(a.value("--config"));
        MqttConfig mqtt = MqttOptions.apply(loaded.config().mqtt(), a);
        Unit unit = loaded.withProfile(a.value("--profile"), mqtt.stateDir());
        Schedule schedule = ScheduleLoader.loadFrom(unit.dir(), unit.programs());
        // Before the board and the broker: a second unit must not touch the first one's.
        StateLock lock = StateLock.take(mqtt.stateDir());
        try {
            return run(a, unit, schedule, mqtt, lock, out);
        } catch (UsageException | ConfigException | StartFailure | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static int run(Args a, Unit unit, Schedule schedule, MqttConfig mqtt, StateLock lock, PrintStream out)
            throws UsageException, ConfigException, StartFailure {
        StatusConsole console = console(out);
        Logging.configure(unit.dir(), true, null);

        // The board first: on a Pi it drives every output to the safe state before anything else.
        Board board = Boards.open(unit, a.flag("--sim"));
        LocalBroker broker = null;
        boolean noRemote = a.flag("--no-mqtt");
        if (!noRemote && mqtt.embedded()) {
            // Mosquitto where it is installed, else the dev broker (loopback only).
            try {
                broker = LocalBroker.start(LocalBroker.Settings.of(mqtt.listenHost(), mqtt.listenPort(),
                        mqtt.websocketPort(), mqtt.stateDir(), mqtt.requirePassword())
                        .forUnit(unit.config().deviceId(), mqtt.discoveryPrefix()));
            } catch (BrokerException e) {
                board.close();
                throw new UsageException(e.getMessage());
            }
        }
        EventQueue events = new EventQueue(1024);
        ControlLoop loop = new ControlLoop(unit.config(), board, SystemClock.INSTANCE, unit.programs(), events);
        EventDispatcher dispatcher = new EventDispatcher(events);
        dispatcher.add(RunCommand::log);
        dispatcher.add(e -> {
            // A bug in the firmware: its stack trace belongs in the log (off the loop's thread).
            if (e instanceof Event.FaultRaised f && f.fault().code() == FaultCode.SOFTWARE_ERROR
                    && loop.lastError() != null) {
                Log.TAG.error(loop.lastError(), "the control loop's tick threw");
            }
        });
        // Under systemd: a package upgrade waits for the session to end (SessionGate).
        SessionGate gate = SessionGate.fromEnvironment(System.getenv(),
                code -> new Thread(() -> System.exit(code), "upgrade-restart").start());
        if (gate != null) {
            dispatcher.add(gate);
        }
        // What is started from here on is stopped again, with the board and the broker, if a later part fails.
        Journal opened = null;
        JournalWriter openedWriter = null;
        Remote openedRemote = null;
        PhoneServer page;
        try {
            // The evening's memory: written on its own thread, so the loop never waits on the disk.
            Timebase timebase = Timebase.system();
            opened = JournalCommand.openForRun(mqtt.stateDir(), timebase);
            // The schedule's reminder and opt-in auto-start run on the journal's thread too.
            openedWriter = new JournalWriter(opened, timebase, unit.programs())
                    .schedule(schedule, AutoStart.Unit.of(loop)).start();
            openedRemote = noRemote ? null : remote(mqtt, broker, loop);
            page = broker != null && mqtt.webPort() != 0 ? phonePage(mqtt, unit, board, broker) : null;
        } catch (UsageException | StartFailure | RuntimeException e) {
            if (openedRemote != null) {
                openedRemote.close();
            }
            if (openedWriter != null) {
                openedWriter.close();
            }
            if (opened != null) {
                opened.close();
            }
            board.close();
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        Journal journal = opened;
        JournalWriter journalWriter = openedWriter;
        Remote remote = openedRemote;
        dispatcher.add(journalWriter);
        journalWriter.onReminder(text -> console.line("reminder: " + text));
        journalWriter.onAutoStart(said -> console.line("auto-start: " + said.message()));
        if (remote != null) {
            dispatcher.add(remote::accept);
            remote.attach(journal);
            journalWriter.onReminder(remote::remind);
            journalWriter.onAutoStart(said -> remote.autoStart(said.kind(), said.message()));
        }
        if (page == null && mqtt.webPort() != 0 && !noRemote) {
            Log.TAG.info("no phone page: it talks to the unit's own broker, and mqtt.url names another");
        }
        CountDownLatch finished = new CountDownLatch(1);
        LocalBroker ownBroker = broker;
        Systemd systemd = Systemd.fromEnvironment();

        Thread shutdown = new Thread(() -> {
            if (systemd != null) {
                systemd.close();
            }
            loop.stop();
            Log.TAG.info("stopped: {}", describeOutputs(board));
            board.close();
            if (page != null) {
                page.close();
            }
            if (remote != null) {
                remote.close();
            }
            dispatcher.stop();
            journalWriter.close();
            journal.close();
            if (ownBroker != null) {
                ownBroker.close();
            }
            Logging.shutdown();
            lock.close();
            finished.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        Log.TAG.info("QuietLegs {} on {}, config {}, loop {} Hz, programs: {}", Main.version(), board.describe(),
                unit.describeDir(), unit.config().loopRateHz(), unit.programs().names());
        Log.TAG.info(unit.describeProfile());
        loop.start();
        if (unit.config().realtimePriority() > 0) {
            Log.TAG.info("control loop thread: {}", Realtime.fifo("control-loop", unit.config().realtimePriority()));
        }
        dispatcher.start();
        if (remote != null) {
            remote.start();
        }
        if (systemd != null) {
            systemd.ready("running on the " + board.describe());
            // The snapshot, not a plain field: it is published with a memory barrier.
            systemd.keepAliveWhile(() -> loop.snapshot().tick());
        }
        Thread status = new Thread(() -> status(loop, unit, console), "console-status");
        status.setDaemon(true);
        status.start();

        if (page != null) {
            console.line("phone remote: " + page.url());
        }
        console.line("QuietLegs is running on the " + board.describe() + ". Type 'help' for the commands.");
        console(loop, unit, board, journal, console);
        // Standard input closed (a service has none): run until the JVM is told to stop.
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** What the outputs hold, for the log of a stop. */
    static String describeOutputs(Board board) {
        var held = board.written();
        return (held.isSafe() ? "outputs in the safe state: " : "OUTPUTS NOT SAFE: ") + held;
    }

    /**
     * In a terminal the status line in place, log lines above it (tinylog's console writer writes
     * to {@code System.err}, which then goes through the same writer); elsewhere plain lines.
     */
    private static StatusConsole console(PrintStream out) {
        if (!StatusConsole.onTerminal()) {
            return new StatusConsole.Plain(out);
        }
        StatusConsole.Live live = new StatusConsole.Live(out);
        System.setErr(live.asStream());
        return live;
    }

    private static void console(ControlLoop loop, Unit unit, Board board, Journal journal, StatusConsole out) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        try {
            while ((line = in.readLine()) != null) {
                out.entered(line);
                String word = line.trim();
                if (word.isEmpty()) {
                    continue;
                }
                switch (word.split("\\s+")[0]) {
                    case "quit", "exit" -> {
                        System.exit(0);
                        return;
                    }
                    case "help" -> out.line(ConsoleView.HELP);
                    case "diary" -> out.line(JournalCommand.typed(journal, word.split("\\s+")));
                    case "status" -> out.line(ConsoleView.statusLine(loop.snapshot(), unit.config().chamberNames()));
                    case "programs" -> {
                        for (Program p : unit.programs().all()) {
                            out.line("  " + p.name() + ": " + p.description());
                        }
                    }
                    case "button" -> press(board, Button.START_STOP, out);
                    case "estop" -> press(board, Button.EMERGENCY_STOP, out);
                    default -> {
                        try {
                            Command c = ConsoleView.parse(word);
                            if (c == null) {
                                out.line("unknown command '" + word + "': type 'help' for the commands");
                            } else {
                                loop.submit(c);
                            }
                        } catch (UsageException e) {
                            out.line(e.getMessage());
                        }
                    }
                }
            }
        } catch (IOException e) {
            Log.TAG.warn("console input closed: {}", e.getMessage());
        }
    }

    private static void press(Board board, Button b, StatusConsole out) {
        if (board instanceof SimulatedBoard sim) {
            sim.press(b);
        } else {
            out.line("press the real button");
        }
    }

    private static void log(Event e) {
        String text = ConsoleView.describe(e);
        if (text != null) {
            Log.TAG.info(text);
        }
    }

    private static Remote remote(MqttConfig mqtt, LocalBroker broker, ControlLoop loop) throws UsageException {
        String url = broker != null ? broker.localUrl() : mqtt.url();
        String user = broker != null ? broker.user() : mqtt.user();
        char[] password = broker != null ? broker.password() : MqttOptions.readPassword(mqtt.passwordFile());
        try {
            return new Remote(new Remote.Settings(url, user, password, mqtt.caFile(), mqtt.discoveryPrefix(),
                    mqtt.stateIntervalMs(), Main.version()), loop);
        } catch (IllegalArgumentException e) {
            throw new UsageException("MQTT: " + e.getMessage());
        }
    }

    /** The phone's own page, served where the broker listens; it talks to the broker over WebSocket. */
    private static PhoneServer phonePage(MqttConfig mqtt, Unit unit, Board board, LocalBroker broker)
            throws UsageException {
        try {
            return PhoneServer.start(mqtt.listenHost(), mqtt.webPort(), new PhoneServer.Site(unit.config().deviceId(),
                    unit.config().deviceName(), mqtt.websocketPort(), LocalBroker.USER));
        } catch (java.io.IOException e) {
            board.close();
            broker.close();
            throw new UsageException("the phone's page cannot listen on " + mqtt.listenHost() + ":" + mqtt.webPort()
                    + " (" + e.getMessage() + "): set mqtt.web_port to a free port, or off");
        }
    }

    /** The status line four times a second; the console decides what to show of it. */
    private static void status(ControlLoop loop, Unit unit, StatusConsole console) {
        try {
            while (true) {
                Thread.sleep(250);
                var snapshot = loop.snapshot();
                console.status(ConsoleView.statusLine(snapshot, unit.config().chamberNames()), snapshot.phase(),
                        System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
