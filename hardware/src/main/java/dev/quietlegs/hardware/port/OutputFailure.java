package dev.quietlegs.hardware.port;

import java.util.List;

/**
 * Some outputs did not take a write (a driver threw). Every other output of the frame was still
 * written, and those that failed are written again next time, whatever they were asked.
 */
public final class OutputFailure extends RuntimeException {

    private final transient List<Output> failed;

    public OutputFailure(List<Output> failed, Throwable first) {
        super("the " + failed + " output" + (failed.size() == 1 ? "" : "s") + " did not take a write: "
                + (first.getMessage() == null ? first.getClass().getSimpleName() : first.getMessage()), first);
        this.failed = List.copyOf(failed);
    }

    public List<Output> failed() {
        return failed;
    }
}
