package dev.quietlegs.firmware.therapy;

/**
 * Sequential compression as a function of time: for a moment of the cycle, what each chamber
 * does. Pure and allocation-free: the same inputs always give the same step.
 */
public final class Sequencer {

    private final Compression c;

    public Sequencer(Compression compression) {
        this.c = compression;
    }

    public Compression compression() {
        return c;
    }

    /** Index of the cycle under way {@code seconds} after compression began. */
    public long cycleAt(double seconds) {
        return (long) Math.floor(seconds / c.cycleS());
    }

    /** Seconds into the cycle under way. */
    public double intoCycle(double seconds) {
        return seconds - cycleAt(seconds) * c.cycleS();
    }

    /** The step of the chamber at {@code position} (0 = distal), {@code t} seconds into a cycle. */
    public Step stepAt(int position, double t) {
        double start = position * c.inflateS();
        if (t < start) {
            return Step.REST;
        }
        if (t < start + c.inflateS()) {
            return Step.INFLATE;
        }
        double release = c.releaseAtS(position);
        if (t < release) {
            return Step.HOLD;
        }
        return t < c.pressurisedS() + Math.min(c.restS(), 2.0) ? Step.RELEASE : Step.REST;
    }
}
