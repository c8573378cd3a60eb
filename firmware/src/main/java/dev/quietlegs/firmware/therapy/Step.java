package dev.quietlegs.firmware.therapy;

/** What one chamber is doing at a moment of the compression cycle. */
public enum Step {
    /** Empty, waiting for its turn or for the next cycle. */
    REST,
    /** Its slot: filling to the target. */
    INFLATE,
    /** Full, held at the target while the chambers above it fill. */
    HOLD,
    /** Released: venting to the room. */
    RELEASE;

    public boolean pressurised() {
        return this == INFLATE || this == HOLD;
    }
}
