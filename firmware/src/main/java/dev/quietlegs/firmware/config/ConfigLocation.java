package dev.quietlegs.firmware.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the unit's configuration directory is: the one named on the command line; else
 * {@code ./config} (a clone of the repository); else {@code /etc/quietlegs} (an installed unit);
 * else the defaults built into the jar.
 */
public final class ConfigLocation {

    public static final String UNIT_FILE = "quietlegs.yaml";
    public static final String PROGRAMS_DIR = "programs";

    private ConfigLocation() {
    }

    public static Path resolve(String explicit) throws ConfigException {
        if (explicit != null) {
            Path dir = Path.of(explicit);
            if (!Files.isRegularFile(dir.resolve(UNIT_FILE))) {
                throw new ConfigException(dir, 0, "is not a configuration directory (no " + UNIT_FILE + ")");
            }
            return dir;
        }
        String property = System.getProperty("quietlegs.config.dir");
        for (String candidate : new String[] {property, "config", "/etc/quietlegs"}) {
            if (candidate != null && Files.isRegularFile(Path.of(candidate, UNIT_FILE))) {
                return Path.of(candidate);
            }
        }
        return builtIn();
    }

    /** The defaults inside the jar (or the build's classes directory). */
    public static Path builtIn() throws ConfigException {
        URL url = ConfigLocation.class.getResource("/quietlegs/default-config/" + UNIT_FILE);
        if (url == null) {
            throw new ConfigException(null, 0, "no configuration found: pass --config DIR");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException alreadyOpen) {
                    // opened by an earlier call
                }
            }
            return Path.of(uri).getParent();
        } catch (URISyntaxException | IOException e) {
            throw new ConfigException(null, 0, "built-in configuration unreadable: " + e.getMessage());
        }
    }
}
