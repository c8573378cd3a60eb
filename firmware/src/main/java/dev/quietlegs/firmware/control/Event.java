package dev.quietlegs.firmware.control;

import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.therapy.Phase;

/** Something the control loop tells the world: a command's result, a phase change, a fault. */
public sealed interface Event {

    /** Monotonic time of the event, on the loop's clock. */
    long atNanos();

    /**
     * A command and, once the loop has taken it, its answer. Made by whoever submits the command,
     * completed by the loop: so the loop allocates nothing to answer a command. The event queue's
     * hand-over publishes the completed fields to the reader.
     */
    final class CommandResult implements Event {
        private final Command command;
        private long atNanos;
        private String error;

        CommandResult(Command command) {
            this.command = command;
        }

        /** @param error {@code null} when the command was carried out, else why it was refused */
        public CommandResult(long atNanos, Command command, String error) {
            this(command);
            complete(atNanos, error);
        }

        void complete(long at, String why) {
            this.atNanos = at;
            this.error = why;
        }

        @Override
        public long atNanos() {
            return atNanos;
        }

        public Command command() {
            return command;
        }

        /** {@code null} when the command was carried out, else why it was refused. */
        public String error() {
            return error;
        }

        public boolean ok() {
            return error == null;
        }

        @Override
        public String toString() {
            return "CommandResult[atNanos=" + atNanos + ", command=" + command + ", error=" + error + "]";
        }
    }

    record PhaseChange(long atNanos, Phase from, Phase to, String why, String program) implements Event {
    }

    record FaultRaised(long atNanos, Fault fault) implements Event {
    }
}
