package dev.quietlegs.firmware.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * A broker as a child process, supervised: started, awaited until its port answers, started again
 * when it dies without being asked, and stopped with the unit. Its output is relayed to the log at
 * debug level, and its last lines explain a failure. The pid file lets the next start end a broker
 * a killed unit left behind.
 */
final class BrokerProcess {

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("broker");
    }

    private final String name;
    private final List<String> command;
    private final Path pidFile;
    private final String connectHost;
    private final int port;
    private final Deque<String> recentLog = new ArrayDeque<>();
    private volatile Process process;
    private volatile boolean closing;

    /** @param name for the log and for errors: "Mosquitto", "the dev broker" */
    BrokerProcess(String name, List<String> command, Path pidFile, String connectHost, int port) {
        this.name = name;
        this.command = List.copyOf(command);
        this.pidFile = pidFile;
        this.connectHost = connectHost;
        this.port = port;
    }

    /** Starts it and waits until its port answers; on failure nothing is left running. */
    void start(String listenHost, int timeoutSeconds) throws BrokerException {
        stopOrphan();
        // Else the port would answer at once, for another broker.
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(listenHost, port));
        } catch (IOException e) {
            throw new BrokerException(name + " cannot listen on " + listenHost + ":" + port + " (" + e.getMessage()
                    + "): another broker may be running there; join it with --mqtt-url tcp://127.0.0.1:" + port
                    + " (or mqtt.url), or pick another port with --mqtt-listen");
        }
        launch();
        if (!awaitListening(timeoutSeconds)) {
            closing = true;
            process.destroyForcibly();
            throw new BrokerException(name + " could not listen on " + connectHost + ":" + port + " (" + lastLog()
                    + "): another broker may be running there; join it with --mqtt-url tcp://127.0.0.1:" + port
                    + " (or mqtt.url), or pick another port with --mqtt-listen");
        }
    }

    private void launch() throws BrokerException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            process = p;
            Files.writeString(pidFile, Long.toString(p.pid()));
            Thread log = new Thread(() -> relay(p), "broker-log");
            log.setDaemon(true);
            log.start();
            p.onExit().thenRun(this::exited);
        } catch (IOException e) {
            throw new BrokerException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage());
        }
    }

    /** It died without being asked: start it again; the remote reconnects by itself. */
    private void exited() {
        if (closing) {
            return;
        }
        Log.TAG.warn("{} stopped ({}); starting it again", name, lastLog());
        try {
            Thread.sleep(1000);
            if (!closing) {
                launch();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BrokerException e) {
            Log.TAG.error(e.getMessage());
        }
    }

    private void relay(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (recentLog) {
                    recentLog.addLast(line);
                    if (recentLog.size() > 20) {
                        recentLog.removeFirst();
                    }
                }
                Log.TAG.debug("{}: {}", name, line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The last error line it printed, else its last line. */
    String lastLog() {
        synchronized (recentLog) {
            return recentLog.reversed().stream().filter(l -> l.contains("rror")).findFirst()
                    .or(() -> recentLog.stream().reduce((a, b) -> b)).map(String::trim).orElse("no output");
        }
    }

    private boolean awaitListening(int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(connectHost, port), 200);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** Kills it as a crash would; it is started again. */
    void crash() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    void stop() {
        closing = true;
        Process p = process;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // harmless
        }
    }

    /** The process's whole command line, arguments separated by spaces ("" if unknown). */
    static String commandLine(long pid) {
        // ProcessHandle.Info drops the arguments of a long command line (a class path); /proc keeps them
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** A broker left running by a unit that was killed outright holds the port: end it. */
    private void stopOrphan() {
        try {
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                // the same program, and its command line ends the same (the config file, or the state dir)
                String program = command.get(0);
                String last = command.get(command.size() - 1);
                ProcessHandle.of(pid).filter(h -> h.info().command().map(program::equals).orElse(false)
                                && commandLine(pid).endsWith(last))
                        .ifPresent(h -> {
                            Log.TAG.info("stopping the MQTT broker a previous run left behind (pid {})", pid);
                            h.destroy();
                            h.onExit().orTimeout(3, TimeUnit.SECONDS).exceptionally(t -> null).join();
                        });
            }
        } catch (IOException | NumberFormatException e) {
            // no usable pid file
        }
    }
}
