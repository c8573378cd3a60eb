package dev.quietlegs.hardware.port;

import java.util.Locale;

/**
 * One output of the unit, by what it does: the pump, the motor, the main vent, or a chamber's inlet
 * or exhaust. Written {@code pump}, {@code motor}, {@code vent}, {@code inlet:N}, {@code exhaust:N}
 * (N from 1, distal first).
 */
public record Output(Kind kind, int chamber) {

    public enum Kind { PUMP, MOTOR, VENT, INLET, EXHAUST }

    public static final Output PUMP = new Output(Kind.PUMP, -1);
    public static final Output MOTOR = new Output(Kind.MOTOR, -1);
    public static final Output VENT = new Output(Kind.VENT, -1);

    public static Output inlet(int chamber) {
        return new Output(Kind.INLET, chamber);
    }

    public static Output exhaust(int chamber) {
        return new Output(Kind.EXHAUST, chamber);
    }

    public boolean perChamber() {
        return kind == Kind.INLET || kind == Kind.EXHAUST;
    }

    @Override
    public String toString() {
        String k = kind.name().toLowerCase(Locale.ROOT);
        return perChamber() ? k + ":" + (chamber + 1) : k;
    }
}
