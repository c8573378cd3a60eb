package dev.quietlegs.firmware.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The unit's own MQTT broker, so a phone can talk to it with no other set-up, as a child process
 * the unit starts, watches (started again if it dies) and stops with itself. Nothing it starts
 * reaches the internet or writes outside the state directory.
 *
 * <ul>
 * <li><b>Mosquitto</b> (Debian's package) wherever it is installed, and always on a Pi. On loopback
 * it accepts anyone on this machine. Beyond loopback (or with {@code requirePassword}) it requires
 * a password: the phone's user {@value #USER}, whose password is generated on first start into the
 * state directory (owner-only) and named once on the console, and the unit's own user
 * {@value #UNIT_USER}; an ACL keeps the phone to commands (see {@link Mosquitto}).</li>
 * <li><b>The dev broker</b> where Mosquitto is not installed (a developer's machine, the tests):
 * Apache ActiveMQ Artemis in its own JVM ({@link DevBroker}), loopback only and anonymous.</li>
 * </ul>
 *
 * <p>Why not a broker inside the unit's JVM: its garbage would land in the control loop's heap; and
 * Moquette 0.16 and 0.17 lose or garble retained messages (moquette issue #845), while the unit's
 * state and availability are retained.
 */
public final class LocalBroker implements AutoCloseable {

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("broker");
    }

    /** The phone's user, beyond loopback. */
    public static final String USER = "quietlegs";
    /** The unit's own user, beyond loopback. */
    public static final String UNIT_USER = "quietlegs-unit";

    /** Which broker. */
    public enum Kind {
        MOSQUITTO("Mosquitto"), DEV("Artemis, the dev broker");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    /**
     * What to start.
     *
     * @param websocketPort   0 for no WebSocket listener
     * @param stateDir        its configuration, pid and (with a password) passwords live here
     * @param requirePassword ask for the password even on loopback (Mosquitto only)
     * @param deviceId        the unit's id, for the ACL ({@code quietlegs/<id>/...})
     * @param discoveryPrefix Home Assistant's prefix, for the ACL
     */
    public record Settings(Kind kind, String host, int port, int websocketPort, Path stateDir, boolean requirePassword,
                           String deviceId, String discoveryPrefix) {

        /** Mosquitto if it is installed, else the dev broker; the shipped device id and prefix. */
        public static Settings of(String host, int port, int websocketPort, Path stateDir, boolean requirePassword) {
            return new Settings(available(), host, port, websocketPort, stateDir, requirePassword, "bedside",
                    "homeassistant");
        }

        public Settings with(Kind k) {
            return new Settings(k, host, port, websocketPort, stateDir, requirePassword, deviceId, discoveryPrefix);
        }

        public Settings forUnit(String id, String prefix) {
            return new Settings(kind, host, port, websocketPort, stateDir, requirePassword, id, prefix);
        }
    }

    private final Kind kind;
    private final BrokerProcess process;
    private final String host;
    private final int port;
    private final char[] unitPassword;

    private LocalBroker(Kind kind, BrokerProcess process, String host, int port, char[] unitPassword) {
        this.kind = kind;
        this.process = process;
        this.host = host;
        this.port = port;
        this.unitPassword = unitPassword;
    }

    /**
     * Where Mosquitto is installed, or {@code null}. {@code QUIETLEGS_MOSQUITTO=none} in the
     * environment (or {@code -Dquietlegs.mosquitto=none}) pretends it is not, as on a fresh machine.
     */
    public static Path findMosquitto() {
        return Mosquitto.find();
    }

    /** The broker {@code run} starts here. */
    public static Kind available() {
        return findMosquitto() != null ? Kind.MOSQUITTO : Kind.DEV;
    }

    public static LocalBroker start(String host, int port, int websocketPort, Path stateDir) throws BrokerException {
        return start(Settings.of(host, port, websocketPort, stateDir, false));
    }

    public static LocalBroker start(String host, int port, int websocketPort, Path stateDir, boolean requirePassword)
            throws BrokerException {
        return start(Settings.of(host, port, websocketPort, stateDir, requirePassword));
    }

    public static LocalBroker start(Settings s) throws BrokerException {
        boolean anonymous = isLoopback(s.host()) && !s.requirePassword();
        Path mosquitto = findMosquitto();
        if (s.kind() == Kind.MOSQUITTO && mosquitto == null) {
            throw new BrokerException("Mosquitto is not installed (sudo apt install mosquitto)");
        }
        if (s.kind() == Kind.DEV && !DevBroker.bundled()) {
            // the Debian package's jar leaves Artemis out: the package depends on Mosquitto
            throw new BrokerException("Mosquitto is not installed (sudo apt install mosquitto), and this build has no"
                    + " other broker");
        }
        if (s.kind() == Kind.DEV && !anonymous) {
            throw new BrokerException((isLoopback(s.host()) ? "a password on the unit's broker (mqtt.require_password)"
                    : "listening beyond this machine (" + s.host() + ")")
                    + " needs Mosquitto: sudo apt install mosquitto (without it the unit's broker is for this machine"
                    + " only, on 127.0.0.1, and takes no password)");
        }
        try {
            Files.createDirectories(s.stateDir());
            if (s.kind() == Kind.DEV) {
                createPrivateDirectories(s.stateDir().resolve("dev-broker").resolve("tmp"));
            }
        } catch (IOException e) {
            throw new BrokerException("cannot use " + s.stateDir() + " for the MQTT broker: " + e.getMessage()
                    + " (set mqtt.state_dir)");
        }
        char[] unitPassword = null;
        BrokerProcess process;
        String connectHost = connectHost(s.host());
        if (s.kind() == Kind.MOSQUITTO) {
            unitPassword = anonymous ? null : Mosquitto.credentials(mosquitto, s.stateDir());
            try {
                Mosquitto.configure(s, anonymous);
            } catch (IOException e) {
                throw new BrokerException("cannot write the MQTT broker's configuration in " + s.stateDir() + ": "
                        + e.getMessage());
            }
            process = new BrokerProcess(Kind.MOSQUITTO.title, java.util.List.of(mosquitto.toString(), "-c",
                    s.stateDir().resolve(Mosquitto.CONFIG_FILE).toString()), s.stateDir().resolve(Mosquitto.PID_FILE),
                    connectHost, s.port());
        } else {
            process = new BrokerProcess(Kind.DEV.title, DevBroker.command(s.host(), s.port(), s.websocketPort(),
                    s.stateDir()), s.stateDir().resolve("dev-broker").resolve("pid"), connectHost, s.port());
        }
        // A JVM takes a moment longer to listen than Mosquitto, more so on a busy machine.
        long t0 = System.nanoTime();
        process.start(s.host(), s.kind() == Kind.DEV ? 30 : 5);
        Log.TAG.info("MQTT broker ({}) on {}:{}{}{}, listening after {} ms", s.kind().title, s.host(), s.port(),
                s.websocketPort() == 0 ? "" : ", WebSocket on port " + s.websocketPort(),
                anonymous ? " (this machine only, no password)" : " (user " + USER + ", password in "
                        + s.stateDir().resolve(Mosquitto.PHONE_PASSWORD) + ")", (System.nanoTime() - t0) / 1_000_000);
        return new LocalBroker(s.kind(), process, s.host(), s.port(), unitPassword);
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    public Kind kind() {
        return kind;
    }

    private static String connectHost(String host) {
        return host.equals("0.0.0.0") ? "127.0.0.1" : host.equals("::") ? "::1" : host;
    }

    /** The URL the unit's own client connects to. */
    public String localUrl() {
        String h = connectHost(host);
        return "tcp://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }

    /** The user the unit's own client must give ({@value #UNIT_USER}), or {@code null} when anonymous. */
    public String user() {
        return unitPassword == null ? null : UNIT_USER;
    }

    /** The unit's own password, or {@code null} when anonymous. */
    public char[] password() {
        return unitPassword == null ? null : unitPassword.clone();
    }

    /** The broker's process id (measurements, tests). */
    public long pid() {
        return process.pid();
    }

    /** Kills the broker as a crash would (tests); the unit starts it again. */
    public void crash() {
        process.crash();
    }

    @Override
    public void close() {
        process.stop();
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
