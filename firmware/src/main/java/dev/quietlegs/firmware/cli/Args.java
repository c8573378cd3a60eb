package dev.quietlegs.firmware.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Options of one subcommand: {@code --flag}, {@code --name VALUE} or {@code --name=VALUE}. */
final class Args {

    private final String command;
    private final Map<String, List<String>> values = new HashMap<>();

    private Args(String command) {
        this.command = command;
    }

    static Args parse(String command, String[] argv, int from, Set<String> flags, Set<String> valued)
            throws UsageException {
        Args a = new Args(command);
        for (int i = from; i < argv.length; i++) {
            String arg = argv[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "' for " + command);
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flags.contains(name) && value == null) {
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = argv[++i];
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                java.util.Set<String> known = new java.util.TreeSet<>(flags);
                known.addAll(valued);
                String meant = dev.quietlegs.firmware.config.YamlSection.nearest(name, known);
                throw new UsageException("unknown option '" + name + "' for " + command
                        + (meant != null ? " (did you mean '" + meant + "'?)" : " (see 'quietlegs help " + command + "')"));
            }
        }
        return a;
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    String value(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    int integer(String name, int min, int max, int fallback) throws UsageException {
        String v = value(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException(name + " " + n + " is outside " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " '" + v + "' is not a whole number");
        }
    }
}
