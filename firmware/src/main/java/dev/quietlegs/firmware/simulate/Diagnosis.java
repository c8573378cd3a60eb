package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.safety.Cause;
import dev.quietlegs.firmware.safety.Fault;
import java.util.stream.Collectors;

/**
 * Whether a latched fault sends the person to the part that was broken. It is right when the
 * broken part is among the causes it names and it names at most two: a check that cannot tell two
 * parts apart may name both (its message says how to tell them), but a list of every suspect sends
 * nobody anywhere.
 */
public final class Diagnosis {

    /** The most causes a right diagnosis names. */
    public static final int MAX_CAUSES = 2;

    private Diagnosis() {
    }

    /** Whether {@code fault} rightly names the part {@code injected} broke; never for a dead process. */
    public static boolean right(FaultKind injected, Fault fault) {
        return fault.causes().size() <= MAX_CAUSES && injected.cause().filter(fault.causes()::contains).isPresent();
    }

    /** The causes a fault names, in its order, as one word: {@code leak+exhaust-valve}, or {@code none}. */
    public static String causes(Fault fault) {
        return fault.causes().isEmpty() ? "none"
                : fault.causes().stream().map(Cause::wire).collect(Collectors.joining("+"));
    }

    /** What the firmware said, code and causes: {@code no-rise: hose-off+leak}. */
    public static String named(Fault fault) {
        return fault.code().wire() + ": " + causes(fault);
    }
}
