package dev.quietlegs.firmware.config;

import java.nio.file.Path;

/** A configuration or program file that cannot be used: where, and what is wrong. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /** @param line 1-based, or 0 when the problem is the file as a whole */
    public ConfigException(Path file, int line, String problem) {
        super((file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ") + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }
}
