package dev.quietlegs.firmware.therapy;

/**
 * Brings each pressurised chamber to its target and holds it there, on its own sensor.
 *
 * <p>A chamber below its target by more than {@code topUpBand} fills (inlet open, exhaust closed)
 * until it is within {@code closeLead} of the target; the pump's effort falls linearly over the
 * last {@code slowdownMmHg} so the inlet closes on a slow rise and the target is not overshot. A
 * chamber above its target by more than {@code bleedBand} (the intensity was lowered) bleeds
 * through its exhaust. In between, both valves are closed: the chamber holds. Hysteresis on both
 * sides keeps the valves from chattering on sensor noise.
 */
public final class Regulator {

    /** Tuning of the regulator, in mmHg and pump duty. */
    public record Tuning(double topUpBand, double closeLead, double bleedBand, double bleedTo,
                         double slowdownMmHg, double minPumpDuty) {

        public static Tuning defaults() {
            return new Tuning(1.0, 0.1, 2.0, 0.5, 8.0, 0.35);
        }
    }

    private final Tuning tuning;
    private final boolean[] filling;
    private final boolean[] bleeding;

    public Regulator(int chambers, Tuning tuning) {
        this.tuning = tuning;
        this.filling = new boolean[chambers];
        this.bleeding = new boolean[chambers];
    }

    /**
     * Decides chamber {@code i}'s valves for this tick and returns the pump duty it asks for.
     *
     * @param pressurised whether the chamber should be at {@code target} (else it vents)
     * @param measured    its sensor's reading in mmHg
     */
    public double regulate(int i, boolean pressurised, double measured, double target, Actuation out) {
        if (!pressurised || !(target > 0) || Double.isNaN(measured)) {
            filling[i] = false;
            bleeding[i] = false;
            out.inletOpen(i, false);
            out.exhaustOpen(i, true);
            return 0;
        }
        Tuning t = tuning;
        if (!filling[i] && measured < target - t.topUpBand()) {
            filling[i] = true;
        } else if (filling[i] && measured >= target - t.closeLead()) {
            filling[i] = false;
        }
        if (!bleeding[i] && measured > target + t.bleedBand()) {
            bleeding[i] = true;
        } else if (bleeding[i] && measured <= target + t.bleedTo()) {
            bleeding[i] = false;
        }
        out.inletOpen(i, filling[i]);
        out.exhaustOpen(i, bleeding[i]);
        if (!filling[i]) {
            return 0;
        }
        double effort = (target - measured) / t.slowdownMmHg();
        return Math.max(t.minPumpDuty(), Math.min(1.0, effort));
    }

    /** Forgets the hysteresis, for a fresh start after venting. */
    public void reset() {
        java.util.Arrays.fill(filling, false);
        java.util.Arrays.fill(bleeding, false);
    }
}
