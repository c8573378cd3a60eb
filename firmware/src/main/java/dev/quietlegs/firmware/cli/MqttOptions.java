package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.MqttConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code run} options that override the configuration's {@code mqtt:} section. */
final class MqttOptions {

    private MqttOptions() {
    }

    static MqttConfig apply(MqttConfig m, Args a) throws UsageException {
        if (a.value("--mqtt-listen") != null && a.value("--mqtt-url") != null) {
            throw new UsageException("--mqtt-listen (the embedded broker) and --mqtt-url (another broker) exclude each other");
        }
        if (a.value("--mqtt-state-dir") != null) {
            m = m.withStateDir(Path.of(a.value("--mqtt-state-dir")));
        }
        String listen = a.value("--mqtt-listen");
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            int port = -1;
            try {
                port = colon > 0 ? Integer.parseInt(listen.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new UsageException("--mqtt-listen '" + listen + "' is not HOST:PORT, e.g. 127.0.0.1:1883");
            }
            m = m.withListen(listen.substring(0, colon), port);
        }
        String url = a.value("--mqtt-url");
        if (url != null) {
            String bad = MqttConfig.checkUrl(url);
            if (bad != null) {
                throw new UsageException("--mqtt-url " + bad);
            }
            String file = a.value("--mqtt-password-file");
            m = m.withBroker(url, a.value("--mqtt-user"), file == null ? null : Path.of(file));
        } else if (a.value("--mqtt-user") != null || a.value("--mqtt-password-file") != null) {
            throw new UsageException("--mqtt-user and --mqtt-password-file go with --mqtt-url");
        }
        if (m.passwordFile() != null) {
            readPassword(m.passwordFile()); // fail now, with a clear line, rather than at connect time
        }
        return m;
    }

    static char[] readPassword(Path file) throws UsageException {
        if (file == null) {
            return null;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return (nl < 0 ? text : text.substring(0, nl)).strip().toCharArray();
        } catch (IOException e) {
            throw new UsageException("cannot read the MQTT password file " + file + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
