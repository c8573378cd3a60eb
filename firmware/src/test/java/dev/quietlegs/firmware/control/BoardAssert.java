package dev.quietlegs.firmware.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.sim.SimulatedBoard;

/** Assertions on a board's outputs: what it remembers, and on the simulator the pins themselves. */
public final class BoardAssert {

    private BoardAssert() {
    }

    /**
     * What a latched fault drives: pump and motor off, every exhaust and the main vent open; an
     * inlet may be open too, as the second way out of a chamber still above 5 mmHg.
     */
    public static void assertVenting(SimulatedBoard s) {
        var plant = s.plant();
        assertThat(s.pumpDuty()).as("pump duty on the pin").isZero();
        assertThat(s.motorDuty()).as("motor duty on the pin").isZero();
        assertThat(plant.mainVentDriven()).as("main vent open").isTrue();
        for (int i = 0; i < plant.chambers(); i++) {
            assertThat(plant.exhaustDriven(i)).as("exhaust %d open", i).isTrue();
        }
    }

    /** Pump and motor off, every inlet closed, every exhaust and the main vent open. */
    public static void assertSafe(Board b) {
        assertThat(b.written().isSafe()).as("outputs held: %s", b.written()).isTrue();
        if (b instanceof SimulatedBoard s) {
            assertVenting(s);
            for (int i = 0; i < s.plant().chambers(); i++) {
                assertThat(s.plant().inletDriven(i)).as("inlet %d open", i).isFalse();
            }
        }
    }
}
