package dev.quietlegs.firmware.simulate;

import java.util.List;

/**
 * One fault to inject: its kind, the chamber (index; for pump and loop faults -1) and when, in
 * simulated seconds from the start command. Written {@code KIND[:CHAMBER]@SECONDS} on the command
 * line, the chamber by name or 1-based number (default: the first, the ankle).
 */
public record FaultInjection(FaultKind kind, int chamber, double atS) {

    /** Parses {@code KIND[:CHAMBER]@SECONDS}; throws with a one-line reason. */
    public static FaultInjection parse(String text, List<String> chambers) {
        int at = text.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("--fault '" + text + "': write KIND[:CHAMBER]@SECONDS, e.g. leak@300");
        }
        String head = text.substring(0, at);
        double seconds;
        try {
            seconds = Double.parseDouble(text.substring(at + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--fault '" + text + "': '" + text.substring(at + 1) + "' is not a time in seconds");
        }
        if (!(seconds >= 0 && seconds <= 24 * 3600)) {
            throw new IllegalArgumentException("--fault '" + text + "': the time must be 0 to 86400 s");
        }
        String kindText = head;
        String chamberText = null;
        int colon = head.indexOf(':');
        if (colon >= 0) {
            kindText = head.substring(0, colon);
            chamberText = head.substring(colon + 1);
        }
        FaultKind kind = FaultKind.fromWire(kindText);
        if (kind == null) {
            throw new IllegalArgumentException("--fault '" + text + "': unknown fault '" + kindText + "' (known: "
                    + FaultKind.known() + ")");
        }
        int chamber = kind.perChamber() ? 0 : -1;
        if (chamberText != null) {
            if (!kind.perChamber()) {
                throw new IllegalArgumentException("--fault '" + text + "': " + kind.wire() + " concerns no chamber");
            }
            chamber = chambers.indexOf(chamberText);
            if (chamber < 0) {
                try {
                    chamber = Integer.parseInt(chamberText) - 1;
                } catch (NumberFormatException e) {
                    chamber = -1;
                }
            }
            if (chamber < 0 || chamber >= chambers.size()) {
                throw new IllegalArgumentException("--fault '" + text + "': no chamber '" + chamberText + "' (chambers: "
                        + String.join(", ", chambers) + ")");
            }
        }
        return new FaultInjection(kind, chamber, seconds);
    }
}
