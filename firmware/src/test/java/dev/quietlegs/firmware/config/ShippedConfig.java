package dev.quietlegs.firmware.config;

import java.nio.file.Path;

/** The configuration in the repository's {@code config/}, as the unit ships it. */
public final class ShippedConfig {

    private ShippedConfig() {
    }

    public static Path dir() {
        String dir = System.getProperty("quietlegs.config.dir");
        if (dir != null) {
            return Path.of(dir);
        }
        // from firmware/ (Maven's test runs) or from the repository root (the JMH command)
        Path up = Path.of("..", "config");
        return java.nio.file.Files.isDirectory(up) ? up : Path.of("config");
    }

    public static UnitConfig unit() {
        try {
            return UnitConfigLoader.load(dir().resolve(ConfigLocation.UNIT_FILE));
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static ProgramCatalog programs(UnitConfig unit) {
        try {
            return ProgramLoader.loadAll(dir().resolve(ConfigLocation.PROGRAMS_DIR), unit);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
