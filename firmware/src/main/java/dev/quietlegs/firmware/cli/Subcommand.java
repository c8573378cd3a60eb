package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import java.io.PrintStream;
import java.util.Map;

/**
 * One command of {@code quietlegs}: its name, one line for the list, its own help (usage, what it
 * does, its options), the help of its parts ({@code bench faults}), and how it runs.
 */
record Subcommand(String name, String summary, String help, Map<String, String> parts, Runner runner) {

    Subcommand(String name, String summary, String help, Runner runner) {
        this(name, summary, help, Map.of(), runner);
    }

    /** Words as lines of at most {@code width} characters, each indented by {@code indent} spaces. */
    static String wrap(String words, int indent, int width) {
        StringBuilder sb = new StringBuilder();
        StringBuilder line = new StringBuilder(" ".repeat(indent));
        for (String w : words.split(" ")) {
            if (line.length() > indent && line.length() + 1 + w.length() > width) {
                sb.append(line).append('\n');
                line.setLength(0);
                line.append(" ".repeat(indent));
            }
            line.append(line.length() > indent ? " " : "").append(w);
        }
        return sb.append(line).append('\n').toString();
    }

    /** Runs the command on the whole command line; returns its exit code. */
    @FunctionalInterface
    interface Runner {
        int run(String[] argv, PrintStream out) throws UsageException, ConfigException, StartFailure, CheckFailure;
    }
}
