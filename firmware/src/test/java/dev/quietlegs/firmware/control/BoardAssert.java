package dev.quietlegs.firmware.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.hardware.port.Board;

/** Assertions on a board's outputs as read back from it. */
final class BoardAssert {

    private BoardAssert() {
    }

    /** Pump and motor off, every inlet closed, every exhaust and the main vent open. */
    static void assertSafe(Board b) {
        assertThat(b.pump().duty()).as("pump duty").isZero();
        assertThat(b.vibration().duty()).as("motor duty").isZero();
        assertThat(b.valves().mainVentOpen()).as("main vent open").isTrue();
        for (int i = 0; i < b.valves().chambers(); i++) {
            assertThat(b.valves().inletOpen(i)).as("inlet %d open", i).isFalse();
            assertThat(b.valves().exhaustOpen(i)).as("exhaust %d open", i).isTrue();
        }
    }
}
