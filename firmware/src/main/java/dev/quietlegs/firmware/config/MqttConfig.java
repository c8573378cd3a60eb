package dev.quietlegs.firmware.config;

import java.nio.file.Path;

/**
 * How the unit talks MQTT.
 *
 * @param url            an external broker ({@code tcp://host:1883} or {@code ssl://host:8883}), or
 *                       {@code null}: an embedded broker is started on {@code listenHost:listenPort}
 * @param user           user for the external broker, or {@code null}
 * @param passwordFile   file holding that user's password (first line), or {@code null}
 * @param caFile         PEM certificate of the CA that signed an {@code ssl://} broker, or {@code null}
 *                       for the JVM's trust store
 * @param listenHost     where the embedded broker listens; beyond loopback it requires a password
 * @param websocketPort  the embedded broker's WebSocket listener for browser clients, 0 for none
 * @param webPort        where the unit serves the phone's own page (on {@code listenHost}), 0 for none;
 *                       the page talks to the broker through {@code websocketPort}
 * @param discoveryPrefix Home Assistant's discovery prefix
 * @param stateDir       where the embedded broker's generated password is kept
 * @param stateIntervalMs the least time between two state publications while nothing but the clock changes
 * @param requirePassword the unit's own broker asks for the password even on loopback (a shared
 *                       machine); beyond loopback it always does
 */
public record MqttConfig(String url, String user, Path passwordFile, Path caFile, String listenHost, int listenPort,
                         int websocketPort, int webPort, String discoveryPrefix, Path stateDir, int stateIntervalMs,
                         boolean requirePassword) {

    public static MqttConfig defaults() {
        return new MqttConfig(null, null, null, null, "127.0.0.1", 1883, 0, 0, "homeassistant", defaultStateDir(), 500,
                false);
    }

    /** {@code /var/lib/quietlegs} on an installed unit, else under the user's home. */
    static Path defaultStateDir() {
        Path unit = Path.of("/var/lib/quietlegs");
        if (java.nio.file.Files.isDirectory(unit) && java.nio.file.Files.isWritable(unit)) {
            return unit;
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "quietlegs");
    }

    public boolean embedded() {
        return url == null;
    }

    public MqttConfig withListen(String host, int port) {
        return new MqttConfig(null, null, null, null, host, port, websocketPort, webPort, discoveryPrefix, stateDir,
                stateIntervalMs, requirePassword);
    }

    public MqttConfig withBroker(String brokerUrl, String brokerUser, Path brokerPasswordFile) {
        return new MqttConfig(brokerUrl, brokerUser, brokerPasswordFile, caFile, listenHost, listenPort, websocketPort,
                webPort, discoveryPrefix, stateDir, stateIntervalMs, requirePassword);
    }

    public MqttConfig withStateDir(Path dir) {
        return new MqttConfig(url, user, passwordFile, caFile, listenHost, listenPort, websocketPort, webPort, discoveryPrefix,
                dir, stateIntervalMs, requirePassword);
    }

    /** Checks a broker URL: one line saying what is wrong, or {@code null}. */
    public static String checkUrl(String url) {
        if (!url.matches("(tcp|ssl)://[^/:\\s]+:\\d{1,5}")) {
            return "'" + url + "' is not a broker URL like tcp://host:1883 or ssl://host:8883";
        }
        int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
        return port < 1 || port > 65535 ? "port " + port + " is outside 1 to 65535" : null;
    }
}
