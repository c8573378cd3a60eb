package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.commission.CuffProfile;
import dev.quietlegs.firmware.commission.ProfileFile;
import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.config.ConfigLocation;
import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ProgramLoader;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.config.UnitConfigLoader;
import java.nio.file.Path;

/**
 * The unit's configuration and programs, loaded from one directory, and the cuff profile its checks
 * expect ({@code profile} says which, for people; {@code null}: the envelope's defaults).
 */
record Unit(Path dir, UnitConfig config, ProgramCatalog programs, String profile) {

    Unit(Path dir, UnitConfig config, ProgramCatalog programs) {
        this(dir, config, programs, null);
    }

    /**
     * The same unit expecting what the profile in {@code file} says (exit 2 when it cannot be
     * read), or, with no file given, the profile in {@code stateDir} if there is one (null: none);
     * else unchanged.
     */
    Unit withProfile(String file, Path stateDir) throws ConfigException {
        Path p = file != null ? Path.of(file) : stateDir != null ? ProfileFile.in(stateDir) : null;
        if (p == null || file == null && !java.nio.file.Files.isRegularFile(p)) {
            return this;
        }
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new ConfigException(p, 0, "no cuff profile here (make one with: quietlegs commission)");
        }
        CuffProfile profile = ProfileFile.read(p, config.chamberNames());
        return new Unit(dir, config.withThresholds(profile.thresholds()), programs,
                "the cuff profile of " + profile.commissioned() + " (" + p + ")");
    }

    /** One line for people: which expectations the checks hold this build to. */
    String describeProfile() {
        return profile != null ? "checks expect " + profile
                : "checks expect the envelope's defaults (no cuff profile: run 'quietlegs commission')";
    }

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
