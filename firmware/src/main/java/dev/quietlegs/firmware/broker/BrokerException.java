package dev.quietlegs.firmware.broker;

/** The embedded broker could not start: one line saying why and what to do. */
public final class BrokerException extends Exception {

    private static final long serialVersionUID = 1L;

    public BrokerException(String message) {
        super(message);
    }
}
