package dev.quietlegs.firmware.therapy;

/** Told of every phase change, on the control thread: it must return at once and not block. */
@FunctionalInterface
public interface SessionListener {

    /** @param why a constant, human reason ("program finished", "stop requested", …) */
    void phaseChanged(Phase from, Phase to, String why);
}
