package dev.quietlegs.firmware.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import org.tinylog.Logger;

/**
 * The MQTT broker inside the unit (Moquette, MQTT 3.1.1), so a phone can talk to it with no other
 * set-up. It never reaches the internet: Moquette's telemetry, metrics and bug reports are off and
 * their libraries are not even on the class path. On loopback it accepts anyone on this machine;
 * listening beyond loopback it requires the user {@value #USER} and a password generated on first
 * start and kept in the state directory, readable by the unit's user only.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final String USER = "quietlegs";
    static final String PASSWORD_FILE = "mqtt-password";
    static final String HASHED_FILE = "moquette-passwords";

    private final Server server;
    private final String host;
    private final int port;
    private final char[] password;

    private EmbeddedBroker(Server server, String host, int port, char[] password) {
        this.server = server;
        this.host = host;
        this.port = port;
        this.password = password;
    }

    /**
     * @param websocketPort 0 for no WebSocket listener
     * @param stateDir      where the password lives when one is needed
     */
    public static EmbeddedBroker start(String host, int port, int websocketPort, Path stateDir) throws BrokerException {
        boolean loopback = isLoopback(host);
        char[] password = null;
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", websocketPort == 0 ? "disabled" : Integer.toString(websocketPort));
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("use_bugsnag", "false");
        p.setProperty("netty.epoll", "false"); // NIO: the same on x86-64 and on a Pi's aarch64
        p.setProperty("allow_zero_byte_client_id", "true"); // mosquitto_pub/sub 2.x send an empty id
        p.setProperty("immediate_buffer_flush", "true"); // a command reaches the loop without batching delay
        p.setProperty("netty.mqtt.message_size", "65536");
        p.setProperty("data_path", stateDir.toString());
        if (loopback) {
            p.setProperty("allow_anonymous", "true");
        } else {
            password = credentials(stateDir);
            p.setProperty("allow_anonymous", "false");
            p.setProperty("password_file", stateDir.resolve(HASHED_FILE).toString());
        }
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(p));
        } catch (IOException | RuntimeException e) {
            try {
                server.stopServer();
            } catch (RuntimeException ignored) {
                // it did not start
            }
            String why = rootMessage(e);
            throw new BrokerException("the embedded MQTT broker cannot listen on " + host + ":" + port + " (" + why
                    + "): another broker may be running there; join it with --mqtt-url tcp://127.0.0.1:" + port
                    + " (or mqtt.url), or pick another port with --mqtt-listen");
        }
        Logger.info("embedded MQTT broker on {}:{}{}{}", host, port,
                websocketPort == 0 ? "" : ", WebSocket on port " + websocketPort + " path /mqtt",
                loopback ? " (this machine only, no password)" : " (user " + USER + ", password in "
                        + stateDir.resolve(PASSWORD_FILE) + ")");
        return new EmbeddedBroker(server, host, port, password);
    }

    /** The URL the unit's own client connects to. */
    public String localUrl() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "tcp://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }

    /** The user the unit's own client must give, or {@code null} on loopback. */
    public String user() {
        return password == null ? null : USER;
    }

    public char[] password() {
        return password == null ? null : password.clone();
    }

    @Override
    public void close() {
        server.stopServer();
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
     * with owner-only permissions; the hashed copy is Moquette's password file (user:sha256-hex).
     */
    static char[] credentials(Path stateDir) throws BrokerException {
        Path plain = stateDir.resolve(PASSWORD_FILE);
        Path hashed = stateDir.resolve(HASHED_FILE);
        try {
            Files.createDirectories(stateDir);
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
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
            writePrivate(hashed, USER + ":" + digest + "\n");
            return password.toCharArray();
        } catch (IOException e) {
            throw new BrokerException("cannot keep the MQTT password in " + stateDir + ": " + rootMessage(e)
                    + " (set mqtt.state_dir to a directory the unit may write)");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
