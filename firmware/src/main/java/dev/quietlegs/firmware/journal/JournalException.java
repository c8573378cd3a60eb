package dev.quietlegs.firmware.journal;

/** The journal cannot be opened or written: the message says what and where. */
public final class JournalException extends RuntimeException {
    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
