package dev.quietlegs.hardware.port;

import java.util.List;

/**
 * Everything the firmware drives and reads. The simulator and the Pi4J drivers both implement
 * it; the firmware sees nothing else of the hardware.
 */
public interface Board extends AutoCloseable {

    /** The outputs that move air and the motor: one {@link OutputStage#write} per tick. */
    OutputStage outputs();

    /** Writes the frame: see {@link OutputStage#write}. */
    default void write(OutputFrame frame) {
        outputs().write(frame);
    }

    /** What the outputs hold. */
    default OutputFrame written() {
        return outputs().written();
    }

    /** Every output to the safe state, from any thread: see {@link OutputStage#forceSafe}. */
    default List<Output> forceSafe() {
        return outputs().forceSafe();
    }

    /**
     * Toggles the heartbeat line. The loop calls it once a tick, only when every output took that
     * tick's frame; when the toggling stops, the hardware's dead-man cuts the pump's and the valves'
     * supply, whatever the software is doing.
     */
    void heartbeat();

    PressureSensors sensors();

    Buttons buttons();

    StatusLight light();

    /** A short human description ("simulated board", "Raspberry Pi 5 via Pi4J"). */
    String describe();

    /** Releases the hardware, leaving every output in its de-energised (vented, off) state. */
    @Override
    void close();
}
