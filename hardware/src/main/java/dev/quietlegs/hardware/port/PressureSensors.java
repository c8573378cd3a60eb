package dev.quietlegs.hardware.port;

/** One gauge pressure sensor per chamber. */
public interface PressureSensors {

    int chambers();

    /**
     * Called once per control tick before the readings: a sensor that converts in the background
     * (an ADC read round-robin) takes its next sample here. Readings between two calls are stable.
     */
    default void sample() {
        // nothing to do for sensors that are always current
    }

    /**
     * The latest reading in mmHg above room pressure, or {@link Double#NaN} when the sensor
     * cannot be read (bus error, disconnected). Never throws: a reading is a fact for the
     * supervisor to judge, not an exception on the control thread.
     */
    double readMmHg(int chamber);

    /**
     * The manifold between the pump and the inlet valves, same contract. It is how the firmware
     * knows the pump works when asked and is still when not (a stuck or dead pump is otherwise
     * invisible while the inlets are closed).
     */
    double readManifoldMmHg();

    /**
     * The sensor's own output in volts (before any divider), for a person checking the wiring with a
     * meter; {@link Double#NaN} where the board has no voltage to give.
     */
    default double volts(int chamber) {
        return Double.NaN;
    }

    /** The manifold sensor's output in volts, same contract. */
    default double manifoldVolts() {
        return Double.NaN;
    }
}
