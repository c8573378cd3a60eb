package dev.quietlegs.hardware.pi4j;

import java.util.List;

/** The real board cannot be opened; each problem says what to do about it. */
public final class BoardUnavailableException extends Exception {

    private final List<String> problems;

    public BoardUnavailableException(List<String> problems, Throwable cause) {
        super(String.join("; ", problems), cause);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
