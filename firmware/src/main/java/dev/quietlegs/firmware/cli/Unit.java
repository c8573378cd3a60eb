package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.config.ConfigLocation;
import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ProgramLoader;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.config.UnitConfigLoader;
import java.nio.file.Path;

/** The unit's configuration and programs, loaded from one directory. */
record Unit(Path dir, UnitConfig config, ProgramCatalog programs) {

    /** Where the configuration came from, for people. */
    String describeDir() {
        return dir.getFileSystem() == java.nio.file.FileSystems.getDefault() ? dir.toAbsolutePath().normalize().toString()
                : "built into the jar";
    }

    static Unit load(String explicitDir) throws ConfigException {
        Path dir = ConfigLocation.resolve(explicitDir);
        UnitConfig config = UnitConfigLoader.load(dir.resolve(ConfigLocation.UNIT_FILE));
        ProgramCatalog programs = ProgramLoader.loadAll(dir.resolve(ConfigLocation.PROGRAMS_DIR), config);
        return new Unit(dir, config, programs);
    }
}
