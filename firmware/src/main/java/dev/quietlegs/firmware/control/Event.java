package dev.quietlegs.firmware.control;

import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.therapy.Phase;

/** Something the control loop tells the world: a command's result, a phase change, a fault. */
public sealed interface Event {

    /** Monotonic time of the event, on the loop's clock. */
    long atNanos();

    /** @param error {@code null} when the command was carried out, else why it was refused */
    record CommandResult(long atNanos, Command command, String error) implements Event {
        public boolean ok() {
            return error == null;
        }
    }

    record PhaseChange(long atNanos, Phase from, Phase to, String why, String program) implements Event {
    }

    record FaultRaised(long atNanos, Fault fault) implements Event {
    }
}
