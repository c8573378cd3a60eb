package dev.quietlegs.firmware.simulate;

import dev.quietlegs.hardware.port.Output;
import java.util.List;

/**
 * One fault to inject: its kind, what it concerns (a chamber's index, or an output; -1 and null
 * when neither), its value where it takes one, and when, in simulated seconds from the start
 * command. Written {@code KIND[:TARGET][=VALUE]@SECONDS} on the command line: the chamber by name
 * or 1-based number (default: the first, the ankle), the output as {@code pump}, {@code motor},
 * {@code vent}, {@code inlet:CHAMBER} or {@code exhaust:CHAMBER} (default: the pump). Examples:
 * {@code leak@300}, {@code sensor-gain:calf=0.6@5}, {@code pin-write-fails:exhaust:thigh@140}.
 */
public record FaultInjection(FaultKind kind, int chamber, Output output, double value, double atS) {

    /** The kind's defaults: the first chamber, the pump, the default value. */
    public static FaultInjection of(FaultKind kind, int chamber, double atS) {
        return new FaultInjection(kind, kind.perChamber() ? Math.max(0, chamber) : -1,
                kind.target() == FaultKind.Target.OUTPUT ? Output.PUMP : null, kind.defaultValue(), atS);
    }

    public static FaultInjection of(FaultKind kind, Output output, double atS) {
        return new FaultInjection(kind, -1, output, kind.defaultValue(), atS);
    }

    /** What this fault is, as it would be written without its time. */
    public String describe(List<String> chambers) {
        StringBuilder sb = new StringBuilder(kind.wire());
        if (kind.perChamber()) {
            sb.append(':').append(chambers.get(chamber));
        } else if (output != null) {
            sb.append(':').append(output.kind().name().toLowerCase(java.util.Locale.ROOT));
            if (output.perChamber()) {
                sb.append(':').append(chambers.get(output.chamber()));
            }
        }
        if (!Double.isNaN(kind.defaultValue())) {
            sb.append('=').append(value);
        }
        return sb.toString();
    }

    /** Parses {@code KIND[:TARGET][=VALUE]@SECONDS}; throws with a one-line reason. */
    public static FaultInjection parse(String text, List<String> chambers) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            throw bad(text, "write KIND[:TARGET][=VALUE]@SECONDS, e.g. leak@300 or sensor-gain:calf=0.6@5");
        }
        double seconds;
        try {
            seconds = Double.parseDouble(text.substring(at + 1));
        } catch (NumberFormatException e) {
            throw bad(text, "'" + text.substring(at + 1) + "' is not a time in seconds");
        }
        if (!(seconds >= 0 && seconds <= 24 * 3600)) {
            throw bad(text, "the time must be 0 to 86400 s");
        }
        String head = text.substring(0, at);
        String valueText = null;
        int eq = head.indexOf('=');
        if (eq >= 0) {
            valueText = head.substring(eq + 1);
            head = head.substring(0, eq);
        }
        String kindText = head;
        String targetText = null;
        int colon = head.indexOf(':');
        if (colon >= 0) {
            kindText = head.substring(0, colon);
            targetText = head.substring(colon + 1);
        }
        FaultKind kind = FaultKind.fromWire(kindText);
        if (kind == null) {
            throw bad(text, "unknown fault '" + kindText + "' (known: " + FaultKind.known() + ")");
        }
        double value = kind.defaultValue();
        if (valueText != null) {
            if (Double.isNaN(value)) {
                throw bad(text, kind.wire() + " takes no value");
            }
            try {
                value = Double.parseDouble(valueText);
            } catch (NumberFormatException e) {
                throw bad(text, "'" + valueText + "' is not a number");
            }
            if (!Double.isFinite(value) || Math.abs(value) > 1000) {
                throw bad(text, "the value must be a number from -1000 to 1000");
            }
        }
        FaultInjection f = of(kind, 0, seconds);
        if (targetText == null) {
            return new FaultInjection(kind, f.chamber(), f.output(), value, seconds);
        }
        return switch (kind.target()) {
            case NONE -> throw bad(text, kind.wire() + " concerns no chamber or output");
            case CHAMBER -> new FaultInjection(kind, chamber(text, targetText, chambers), null, value, seconds);
            case OUTPUT -> new FaultInjection(kind, -1, output(text, targetText, chambers), value, seconds);
        };
    }

    private static Output output(String text, String target, List<String> chambers) {
        switch (target) {
            case "pump":
                return Output.PUMP;
            case "motor":
                return Output.MOTOR;
            case "vent":
                return Output.VENT;
            default:
                int colon = target.indexOf(':');
                String what = colon < 0 ? target : target.substring(0, colon);
                if ((what.equals("inlet") || what.equals("exhaust")) && colon > 0) {
                    int c = chamber(text, target.substring(colon + 1), chambers);
                    return what.equals("inlet") ? Output.inlet(c) : Output.exhaust(c);
                }
                throw bad(text, "no output '" + target + "' (outputs: pump, motor, vent, inlet:CHAMBER, exhaust:CHAMBER)");
        }
    }

    private static int chamber(String text, String name, List<String> chambers) {
        int chamber = chambers.indexOf(name);
        if (chamber < 0) {
            try {
                chamber = Integer.parseInt(name) - 1;
            } catch (NumberFormatException e) {
                chamber = -1;
            }
        }
        if (chamber < 0 || chamber >= chambers.size()) {
            throw bad(text, "no chamber '" + name + "' (chambers: " + String.join(", ", chambers) + ")");
        }
        return chamber;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("--fault '" + text + "': " + why);
    }
}
