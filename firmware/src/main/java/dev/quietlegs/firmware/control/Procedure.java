package dev.quietlegs.firmware.control;

import dev.quietlegs.hardware.port.OutputFrame;

/**
 * A sequence that drives the outputs while no session runs (commissioning), through the same gate
 * as the therapy: the loop hands it each tick's readings, it writes the frame and the chambers'
 * targets, and the supervisor judges and limits what it asks like anything else.
 */
public interface Procedure {

    enum Result { RUNNING, DONE, FAILED }

    /** One tick: judge the readings, write what is wanted into {@code out} and {@code targets}. */
    Result step(long now, double[] pressures, double manifold, OutputFrame out, double[] targets);

    /** The longest it keeps any chamber above 15 mmHg at a stretch, seconds: the gate's bound. */
    double holdS();

    /** It was ended from outside (a fault, a stop, the button), with why; the outputs go safe. */
    void abort(String why);
}
