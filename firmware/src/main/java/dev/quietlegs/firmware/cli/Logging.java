package dev.quietlegs.firmware.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tinylog.configuration.Configuration;
import org.tinylog.jul.JulTinylogBridge;
import org.tinylog.provider.ProviderRegistry;

/**
 * Configures tinylog from the unit's {@code tinylog.properties} before the first log line. A
 * command that prints for machines ({@code simulate}, {@code programs}) keeps the console to
 * warnings and writes no log file.
 */
final class Logging {

    private Logging() {
    }

    private static boolean configured;

    /** Paho logs through java.util.logging; only its warnings are wanted. A strong reference: JUL holds loggers weakly. */
    private static final java.util.logging.Logger PAHO = java.util.logging.Logger.getLogger("org.eclipse.paho");

    static synchronized void configure(Path configDir, boolean toFile, String consoleLevel) {
        if (configured || Configuration.isFrozen()) {
            return; // tinylog's configuration is frozen once anything has logged (a library, in tests)
        }
        configured = true;
        Properties p = new Properties();
        Path file = configDir == null ? null : configDir.resolve("tinylog.properties");
        try (InputStream in = file != null && Files.isRegularFile(file) ? Files.newInputStream(file)
                : Logging.class.getResourceAsStream("/quietlegs/default-config/tinylog.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            System.err.println("quietlegs: cannot read " + file + " (" + e.getMessage() + "); logging to the console");
        }
        Map<String, String> map = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (toFile || !k.startsWith("writer2")) {
                map.put(k, resolve(p.getProperty(k)));
            }
        }
        if (consoleLevel != null) {
            map.put("writer1.level", consoleLevel);
        }
        if (map.isEmpty()) {
            map.put("writer", "console");
            map.put("writer.stream", "err");
            map.put("writer.level", consoleLevel == null ? "info" : consoleLevel);
        }
        Configuration.replace(map);
        // java.util.logging (Paho) into tinylog, filtered by level before any record is made.
        JulTinylogBridge.activate();
        PAHO.setLevel(java.util.logging.Level.WARNING);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("#\\{([^}:]+)(?::([^}]*))?}");

    /** Replaces {@code #{property:default}} with the system property, or the default. */
    static String resolve(String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = System.getProperty(m.group(1).trim(), m.group(2) == null ? "" : m.group(2).trim());
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static void shutdown() {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
