package dev.quietlegs.firmware.cli;

/**
 * What the command checked failed, and it was said on one line (a commissioning ended before it
 * measured the build): exit code 1, as for a self-test that failed.
 */
final class CheckFailure extends Exception {

    private static final long serialVersionUID = 1L;

    CheckFailure(String message) {
        super(message);
    }
}
