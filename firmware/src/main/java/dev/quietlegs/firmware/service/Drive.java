package dev.quietlegs.firmware.service;

import dev.quietlegs.hardware.port.OutputFrame;
import java.util.Locale;

/**
 * One output driven by hand for a bounded time, everything else safe: the pump at a duty against the
 * open main vent, one inlet opened, one exhaust closed, or the motor at a level. How the builder checks
 * the wiring pin by pin: each valve clicks, the pump hums, the motor buzzes.
 */
final class Drive extends Step {

    enum Output { PUMP, INLET, EXHAUST, MOTOR }

    /** No step drives an output longer than this: long enough to find it with a meter, short enough to forget. */
    static final double MAX_S = 30;

    private final Output output;
    private final int chamber;
    private final double amount;
    private final double seconds;
    private double highest;

    /**
     * @param amount the pump's duty or the motor's power, 0–1 (ignored for the valves)
     */
    Drive(Output output, int chamber, double amount, double seconds, String what) {
        super(what);
        if (!(seconds > 0 && seconds <= MAX_S)) {
            throw new IllegalArgumentException("seconds " + seconds);
        }
        this.output = output;
        this.chamber = chamber;
        this.amount = amount;
        this.seconds = seconds;
    }

    @Override
    public double holdS() {
        return 0; // it inflates nothing: a chamber above 15 mmHg meanwhile is the supervisor's to vent
    }

    @Override
    Result drive(double s, double[] p, double manifold, OutputFrame out, double[] targets) {
        if (manifold > highest) {
            highest = manifold;
        }
        if (s >= seconds) {
            return finish(true, done());
        }
        switch (output) {
            case PUMP -> out.pump(amount); // against the open main vent, every inlet shut
            case INLET -> out.inletOpen(chamber, true);
            case EXHAUST -> out.exhaustOpen(chamber, false);
            case MOTOR -> out.motor(amount);
        }
        return Result.RUNNING;
    }

    private String done() {
        String base = what() + ": done";
        if (output != Output.PUMP) {
            return base;
        }
        String rose = String.format(Locale.ROOT, "; the manifold rose to %.1f mmHg against the open main vent", highest);
        return highest < 0.5 && amount >= 0.5
                ? base + rose + ": no air from the pump (its wiring, Q5 and the pressure switch PS1, the pump itself,"
                        + " or the manifold's sensor)"
                : base + rose;
    }
}
