package dev.quietlegs.firmware.cli;

/** The unit could not start (its sensors read wrong, its hardware is busy): one line, exit code 1. */
final class StartFailure extends Exception {

    private static final long serialVersionUID = 1L;

    StartFailure(String message) {
        super(message);
    }
}
