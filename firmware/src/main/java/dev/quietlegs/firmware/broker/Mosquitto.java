package dev.quietlegs.firmware.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto as the unit's broker: finds it, and writes its configuration, password file
 * and ACL into the state directory at every start (owner-only files).
 *
 * <p>Anonymous on loopback. Otherwise two users: the phone's ({@value LocalBroker#USER}, password
 * in {@value #PHONE_PASSWORD}, which the console names once) and the unit's own
 * ({@value LocalBroker#UNIT_USER}, password in {@value #UNIT_PASSWORD}, never shown). The ACL lets
 * the phone publish only commands and Home Assistant's status, and read the unit's topics and
 * discovery; it cannot pose as the unit (state, availability, discovery). Both listeners, TCP and
 * WebSocket, follow the same rules.
 */
final class Mosquitto {

    /** Set to {@code none} (environment or system property): behave as if Mosquitto were not installed. */
    static final String HIDE = "QUIETLEGS_MOSQUITTO";
    static final String PHONE_PASSWORD = "mqtt-password";
    static final String UNIT_PASSWORD = "mqtt-unit-password";
    static final String HASHED_FILE = "mosquitto-passwd";
    static final String ACL_FILE = "mosquitto.acl";
    static final String CONFIG_FILE = "mosquitto.conf";
    static final String PID_FILE = "mosquitto.pid";

    private Mosquitto() {
    }

    /** Where Mosquitto is installed, or {@code null} (also when told to pretend it is not). */
    static Path find() {
        String hide = System.getProperty("quietlegs.mosquitto", System.getenv(HIDE));
        if ("none".equals(hide)) {
            return null;
        }
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

    /** Its configuration, written; with a password, also the users and the ACL. */
    static void configure(LocalBroker.Settings s, boolean anonymous) throws IOException {
        Path dir = s.stateDir();
        List<String> conf = new ArrayList<>(List.of(
                "# written by QuietLegs at every start: edit config/quietlegs.yaml (mqtt:) instead",
                "per_listener_settings false",
                "listener " + s.port() + " " + s.host(),
                "allow_anonymous " + anonymous,
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_timestamp false",
                "max_packet_size 65536",
                // as root Mosquitto would drop to user "mosquitto", which cannot read the state directory
                "user " + System.getProperty("user.name")));
        if (s.websocketPort() != 0) {
            conf.add("listener " + s.websocketPort() + " " + s.host());
            conf.add("protocol websockets");
        }
        if (!anonymous) {
            conf.add("password_file " + dir.resolve(HASHED_FILE));
            conf.add("acl_file " + dir.resolve(ACL_FILE));
            writePrivate(dir.resolve(ACL_FILE), acl(s.deviceId(), s.discoveryPrefix()));
        }
        writePrivate(dir.resolve(CONFIG_FILE), String.join("\n", conf) + "\n");
    }

    /** Who may do what, beyond loopback. Anyone else (anonymous is off anyway) may do nothing. */
    static String acl(String deviceId, String discoveryPrefix) {
        String base = "quietlegs/" + deviceId + "/";
        return String.join("\n",
                "# written by QuietLegs at every start",
                "user " + LocalBroker.UNIT_USER,
                "topic readwrite " + base + "#",
                "topic readwrite " + discoveryPrefix + "/#",
                "",
                "user " + LocalBroker.USER,
                "topic write " + base + "cmd/#",
                "topic write " + discoveryPrefix + "/status",
                "topic read " + base + "#",
                "topic read " + discoveryPrefix + "/#",
                "");
    }

    /**
     * The phone's and the unit's passwords: read, or generated on first start and written
     * owner-only; Mosquitto's hashed file is made from them with {@code mosquitto_passwd -U}.
     *
     * @return the unit's own password
     */
    static char[] credentials(Path mosquitto, Path stateDir) throws BrokerException {
        try {
            String phone = password(stateDir.resolve(PHONE_PASSWORD), true);
            String unit = password(stateDir.resolve(UNIT_PASSWORD), false);
            Path tool = mosquitto.resolveSibling("mosquitto_passwd");
            if (!Files.isExecutable(tool)) {
                tool = Path.of("/usr/bin/mosquitto_passwd");
            }
            // Written in plain text (owner-only) and hashed in place: no password on a command line, where ps shows it.
            Path hashed = stateDir.resolve(HASHED_FILE);
            writePrivate(hashed, LocalBroker.USER + ":" + phone + "\n" + LocalBroker.UNIT_USER + ":" + unit + "\n");
            Process p = new ProcessBuilder(tool.toString(), "-U", hashed.toString()).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                Files.deleteIfExists(hashed);
                throw new BrokerException("mosquitto_passwd failed: "
                        + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            }
            return unit.toCharArray();
        } catch (IOException e) {
            throw new BrokerException("cannot keep the MQTT passwords in " + stateDir + ": " + e.getMessage()
                    + " (set mqtt.state_dir to a directory the unit may write)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while preparing the MQTT passwords");
        }
    }

    private static String password(Path file, boolean announce) throws IOException {
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        writePrivate(file, password + "\n");
        if (announce) {
            System.out.println("MQTT: this unit's broker requires a password beyond this machine. Connect as user '"
                    + LocalBroker.USER + "' with the password in " + file + " (shown only there).");
        }
        return password;
    }

    static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
