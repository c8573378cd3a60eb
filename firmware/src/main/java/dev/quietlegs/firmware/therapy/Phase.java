package dev.quietlegs.firmware.therapy;

import java.util.Locale;

/** Where a session is. The cuff is vented in every phase but running and tapering. */
public enum Phase {
    IDLE, STARTING, RUNNING, PAUSED, TAPERING, STOPPING, DONE, FAULT;

    /** A session is under way: a new start is refused. */
    public boolean active() {
        return this == STARTING || this == RUNNING || this == PAUSED || this == TAPERING || this == STOPPING;
    }

    /** The therapy drives the cuff and motor: everything else is vented and still. */
    public boolean delivering() {
        return this == RUNNING || this == TAPERING;
    }

    /** The name used on the wire and in summaries: {@code running}, {@code done}, … */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
