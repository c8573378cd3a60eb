package dev.quietlegs.firmware.cli;

/** A mistake on the command line: one line for the person, exit code 2. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
