package dev.quietlegs.firmware.config;

import dev.quietlegs.firmware.therapy.Program;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The programs a unit offers, by name, and which one a bare start runs. */
public final class ProgramCatalog {

    private final Map<String, Program> programs;
    private final String defaultName;

    public ProgramCatalog(Map<String, Program> programs, String defaultName) {
        this.programs = new TreeMap<>(programs);
        this.defaultName = defaultName;
        if (!this.programs.containsKey(defaultName)) {
            throw new IllegalArgumentException("default program '" + defaultName + "' is not among " + this.programs.keySet());
        }
    }

    public Optional<Program> find(String name) {
        return Optional.ofNullable(programs.get(name));
    }

    public Program defaultProgram() {
        return programs.get(defaultName);
    }

    public String defaultName() {
        return defaultName;
    }

    public Collection<Program> all() {
        return programs.values();
    }

    public String names() {
        return String.join(", ", programs.keySet());
    }
}
