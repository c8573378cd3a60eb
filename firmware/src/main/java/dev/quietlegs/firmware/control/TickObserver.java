package dev.quietlegs.firmware.control;

import dev.quietlegs.firmware.therapy.Actuation;
import dev.quietlegs.firmware.therapy.Session;

/** Sees every tick after the actuators were written: simulations record traces with it. */
@FunctionalInterface
public interface TickObserver {

    /** Called on the loop thread; must not block. Do not call the session's commands. */
    void afterTick(long now, Session session, Actuation requested, double[] pressures);
}
