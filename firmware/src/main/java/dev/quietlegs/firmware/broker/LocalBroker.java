package dev.quietlegs.firmware.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The unit's own MQTT broker, so a phone can talk to it with no other set-up: Mosquitto (MQTT
 * 3.1.1, Debian's package), started and watched by the unit as a child process with a
 * configuration it writes itself. Mosquitto has no telemetry; nothing reaches the internet.
 *
 * <p>On loopback it accepts anyone on this machine. Listening beyond loopback it requires the
 * user {@value #USER} and a password generated on first start, kept in the state directory
 * readable by the unit's user only, and announced once on the console. If Mosquitto dies, the
 * unit starts it again; when the unit stops, so does its broker.
 *
 * <p>Why not a broker inside the JVM: Moquette 0.16 and 0.17 (the newest on Maven Central) lose
 * or garble retained messages (reproduced here; moquette issue #845), and the unit's state and
 * availability are retained; HiveMQ CE's embedded edition needs about 100 MB of libraries.
 */
public final class LocalBroker implements AutoCloseable {

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("broker");
    }

    public static final String USER = "quietlegs";
    static final String PASSWORD_FILE = "mqtt-password";
    static final String HASHED_FILE = "mosquitto-passwd";
    static final String CONFIG_FILE = "mosquitto.conf";
    static final String PID_FILE = "mosquitto.pid";

    private final Path mosquitto;
    private final Path stateDir;
    private final String host;
    private final int port;
    private final char[] password;
    private volatile Process process;
    private volatile boolean closing;
    private final List<String> recentLog = new ArrayList<>();

    private LocalBroker(Path mosquitto, Path stateDir, String host, int port, char[] password) {
        this.mosquitto = mosquitto;
        this.stateDir = stateDir;
        this.host = host;
        this.port = port;
        this.password = password;
    }

    /** Where Mosquitto is installed, or {@code null}. */
    public static Path findMosquitto() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/sbin");
        dirs.add("/usr/local/sbin");
        for (String d : dirs) {
            if (!d.isEmpty()) {
                Path p = Path.of(d, "mosquitto");
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * @param websocketPort 0 for no WebSocket listener
     * @param stateDir      its configuration, pid and (beyond loopback) password live here
     */
    public static LocalBroker start(String host, int port, int websocketPort, Path stateDir) throws BrokerException {
        return start(host, port, websocketPort, stateDir, false);
    }

    /** @param requirePassword ask for the password even on loopback */
    public static LocalBroker start(String host, int port, int websocketPort, Path stateDir, boolean requirePassword)
            throws BrokerException {
        Path binary = findMosquitto();
        if (binary == null) {
            throw new BrokerException("no MQTT broker: install Mosquitto (sudo apt install mosquitto) for the unit's own"
                    + " broker, or set mqtt.url (or --mqtt-url) to use another");
        }
        boolean loopback = isLoopback(host) && !requirePassword;
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new BrokerException("cannot use " + stateDir + " for the MQTT broker: " + e.getMessage()
                    + " (set mqtt.state_dir)");
        }
        stopOrphan(stateDir);
        char[] password = loopback ? null : credentials(binary, stateDir);
        List<String> conf = new ArrayList<>(List.of(
                "# written by QuietLegs at every start: edit config/quietlegs.yaml (mqtt:) instead",
                "per_listener_settings false",
                "listener " + port + " " + host,
                "allow_anonymous " + loopback,
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_timestamp false",
                "max_packet_size 65536",
                // as root Mosquitto would drop to user "mosquitto", which cannot read the state directory
                "user " + System.getProperty("user.name")));
        if (websocketPort != 0) {
            conf.add("listener " + websocketPort + " " + host);
            conf.add("protocol websockets");
        }
        if (!loopback) {
            conf.add("password_file " + stateDir.resolve(HASHED_FILE));
        }
        try {
            writePrivate(stateDir.resolve(CONFIG_FILE), String.join("\n", conf) + "\n");
        } catch (IOException e) {
            throw new BrokerException("cannot write " + stateDir.resolve(CONFIG_FILE) + ": " + e.getMessage());
        }
        LocalBroker b = new LocalBroker(binary, stateDir, host, port, password);
        b.launch();
        if (!b.awaitListening(5)) {
            b.closing = true;
            b.process.destroyForcibly();
            throw new BrokerException("the MQTT broker could not listen on " + host + ":" + port + " ("
                    + b.lastLog() + "): another broker may be running there; join it with --mqtt-url tcp://127.0.0.1:"
                    + port + " (or mqtt.url), or pick another port with --mqtt-listen");
        }
        Log.TAG.info("MQTT broker (Mosquitto) on {}:{}{}{}", host, port,
                websocketPort == 0 ? "" : ", WebSocket on port " + websocketPort,
                loopback ? " (this machine only, no password)" : " (user " + USER + ", password in "
                        + stateDir.resolve(PASSWORD_FILE) + ")");
        return b;
    }

    private void launch() throws BrokerException {
        try {
            Process p = new ProcessBuilder(mosquitto.toString(), "-c", stateDir.resolve(CONFIG_FILE).toString())
                    .redirectErrorStream(true).start();
            process = p;
            Files.writeString(stateDir.resolve(PID_FILE), Long.toString(p.pid()));
            Thread log = new Thread(() -> relay(p), "mosquitto-log");
            log.setDaemon(true);
            log.start();
            p.onExit().thenRun(this::exited);
        } catch (IOException e) {
            throw new BrokerException("cannot start " + mosquitto + ": " + e.getMessage());
        }
    }

    /** Mosquitto died without being asked: start it again; the remote reconnects by itself. */
    private void exited() {
        if (closing) {
            return;
        }
        Log.TAG.warn("the MQTT broker stopped ({}); starting it again", lastLog());
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
                    recentLog.add(line);
                    if (recentLog.size() > 20) {
                        recentLog.remove(0);
                    }
                }
                Log.TAG.debug("mosquitto: {}", line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private String lastLog() {
        synchronized (recentLog) {
            for (int i = recentLog.size() - 1; i >= 0; i--) {
                String l = recentLog.get(i);
                if (l.contains("rror")) {
                    return l.trim();
                }
            }
            return recentLog.isEmpty() ? "no output" : recentLog.get(recentLog.size() - 1).trim();
        }
    }

    private boolean awaitListening(int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String h = connectHost();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(h, port), 200);
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

    private String connectHost() {
        return host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "::1" : host;
    }

    /** The URL the unit's own client connects to. */
    public String localUrl() {
        String h = connectHost();
        return "tcp://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }

    /** The user the unit's own client must give, or {@code null} on loopback. */
    public String user() {
        return password == null ? null : USER;
    }

    public char[] password() {
        return password == null ? null : password.clone();
    }

    /** Kills the broker as a crash would (tests); the unit starts it again. */
    public void crash() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        closing = true;
        Process p = process;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(stateDir.resolve(PID_FILE));
        } catch (IOException e) {
            // harmless
        }
    }

    /** A broker left running by a unit that was killed outright holds the port: end it. */
    private static void stopOrphan(Path stateDir) {
        Path pidFile = stateDir.resolve(PID_FILE);
        try {
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid).filter(h -> h.info().command().map(c -> c.endsWith("mosquitto")).orElse(false))
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

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The password for listening beyond loopback: read, or generated on first start and written
     * with owner-only permissions; Mosquitto's own hashed file is made from it with mosquitto_passwd.
     */
    static char[] credentials(Path mosquitto, Path stateDir) throws BrokerException {
        Path plain = stateDir.resolve(PASSWORD_FILE);
        Path hashed = stateDir.resolve(HASHED_FILE);
        try {
            String password;
            if (Files.isRegularFile(plain)) {
                password = Files.readString(plain, StandardCharsets.UTF_8).strip();
            } else {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                writePrivate(plain, password + "\n");
                System.out.println("MQTT: this unit's broker requires a password beyond this machine. Connect as user '"
                        + USER + "' with the password in " + plain + " (shown only there).");
            }
            Path tool = mosquitto.resolveSibling("mosquitto_passwd");
            if (!Files.isExecutable(tool)) {
                tool = Path.of("/usr/bin/mosquitto_passwd");
            }
            writePrivate(hashed, "");
            Process p = new ProcessBuilder(tool.toString(), "-b", hashed.toString(), USER, password)
                    .redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new BrokerException("mosquitto_passwd failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            }
            return password.toCharArray();
        } catch (IOException e) {
            throw new BrokerException("cannot keep the MQTT password in " + stateDir + ": " + e.getMessage()
                    + " (set mqtt.state_dir to a directory the unit may write)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while preparing the MQTT password");
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
