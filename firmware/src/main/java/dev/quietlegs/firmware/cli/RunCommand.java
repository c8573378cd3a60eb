package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
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
        Logging.configure(unit.dir(), true, null);

        // The board first: on a Pi it drives every output to the safe state before anything else.
        Board board = Boards.open(unit, a.flag("--sim"));
        LocalBroker broker = null;
        boolean noRemote = a.flag("--no-mqtt");
        if (!noRemote && mqtt.embedded()) {
            if (LocalBroker.findMosquitto() == null && a.value("--mqtt-listen") == null) {
                Log.TAG.warn("no MQTT broker: install Mosquitto (sudo apt install mosquitto) for the unit's own broker,"
                        + " or set mqtt.url; running without the phone remote");
                noRemote = true;
            } else {
                try {
                    broker = LocalBroker.start(mqtt.listenHost(), mqtt.listenPort(), mqtt.websocketPort(), mqtt.stateDir(),
                            mqtt.requirePassword());
                } catch (BrokerException e) {
                    board.close();
                    throw new UsageException(e.getMessage());
                }
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
        Remote remote;
        try {
            remote = noRemote ? null : remote(mqtt, broker, loop);
        } catch (UsageException e) {
            board.close();
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        if (remote != null) {
            dispatcher.add(remote::accept);
        }
        PhoneServer page = broker != null && mqtt.webPort() != 0 ? phonePage(mqtt, unit, board, broker) : null;
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
            if (ownBroker != null) {
                ownBroker.close();
            }
            Logging.shutdown();
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
        Thread status = new Thread(() -> status(loop, unit, out), "console-status");
        status.setDaemon(true);
        status.start();

        if (page != null) {
            out.println("phone remote: " + page.url());
        }
        out.println("QuietLegs is running on the " + board.describe() + ". " + ConsoleView.HELP);
        console(loop, unit, board, out);
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

    private static void console(ControlLoop loop, Unit unit, Board board, PrintStream out) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        try {
            while ((line = in.readLine()) != null) {
                String word = line.trim();
                if (word.isEmpty()) {
                    continue;
                }
                switch (word.split("\\s+")[0]) {
                    case "quit", "exit" -> {
                        System.exit(0);
                        return;
                    }
                    case "help" -> out.println(ConsoleView.HELP);
                    case "status" -> out.println(ConsoleView.statusLine(loop.snapshot(), unit.config().chamberNames()));
                    case "programs" -> {
                        for (Program p : unit.programs().all()) {
                            out.println("  " + p.name() + ": " + p.description());
                        }
                    }
                    case "button" -> press(board, Button.START_STOP, out);
                    case "estop" -> press(board, Button.EMERGENCY_STOP, out);
                    default -> {
                        try {
                            Command c = ConsoleView.parse(word);
                            if (c == null) {
                                out.println("unknown command '" + word + "'. " + ConsoleView.HELP);
                            } else {
                                loop.submit(c);
                            }
                        } catch (UsageException e) {
                            out.println(e.getMessage());
                        }
                    }
                }
            }
        } catch (IOException e) {
            Log.TAG.warn("console input closed: {}", e.getMessage());
        }
    }

    private static void press(Board board, Button b, PrintStream out) {
        if (board instanceof SimulatedBoard sim) {
            sim.press(b);
        } else {
            out.println("press the real button");
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

    private static void status(ControlLoop loop, Unit unit, PrintStream out) {
        String last = "";
        long lastPrinted = 0;
        try {
            while (true) {
                Thread.sleep(1000);
                String line = ConsoleView.statusLine(loop.snapshot(), unit.config().chamberNames());
                long now = System.nanoTime();
                // A live line while something happens; once a minute when idle, to keep logs short.
                if (!line.equals(last) && (loop.snapshot().phase().active() || now - lastPrinted > 60e9)) {
                    out.println(line);
                    last = line;
                    lastPrinted = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
