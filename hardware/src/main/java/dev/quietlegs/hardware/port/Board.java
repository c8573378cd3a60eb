package dev.quietlegs.hardware.port;

/**
 * Everything the firmware drives and reads. The simulator and the Pi4J drivers both implement
 * it; the firmware sees nothing else of the hardware.
 */
public interface Board extends AutoCloseable {

    PwmOutput vibration();

    PwmOutput pump();

    ValveBank valves();

    PressureSensors sensors();

    Buttons buttons();

    StatusLight light();

    /** A short human description ("simulated board", "Raspberry Pi 5 via Pi4J"). */
    String describe();

    /** Releases the hardware, leaving every output in its de-energised (vented, off) state. */
    @Override
    void close();
}
