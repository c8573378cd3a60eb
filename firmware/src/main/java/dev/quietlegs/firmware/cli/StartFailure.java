package dev.quietlegs.firmware.cli;

/**
 * The unit could not start or the command could not run: its hardware absent, busy or reading
 * wrong, its broker, its state directory locked by another unit, a file it cannot write. One line,
 * exit code 3.
 */
final class StartFailure extends Exception {

    private static final long serialVersionUID = 1L;

    StartFailure(String message) {
        super(message);
    }
}
