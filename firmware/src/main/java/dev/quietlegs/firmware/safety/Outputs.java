package dev.quietlegs.firmware.safety;

import java.util.Arrays;

/** What the supervisor last wrote to the pins: what the pump and valves are doing right now. */
final class Outputs {

    double pump;
    double motor;
    boolean vent = true;
    final boolean[] inlet;
    final boolean[] exhaust;

    Outputs(int chambers) {
        inlet = new boolean[chambers];
        exhaust = new boolean[chambers];
        Arrays.fill(exhaust, true);
    }

    boolean filling(int i) {
        return inlet[i] && pump >= 0.3;
    }

    boolean venting(int i) {
        return exhaust[i] && !inlet[i];
    }
}
