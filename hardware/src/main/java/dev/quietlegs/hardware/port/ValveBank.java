package dev.quietlegs.hardware.port;

/**
 * The cuff's valve drivers, in terms of air paths rather than coil current. A driver only writes;
 * what the valves hold is remembered once, by the {@link OutputStage}.
 *
 * <p>Each chamber has an inlet (manifold to chamber, normally closed) and an exhaust (chamber to
 * room air, normally open); the manifold has a main vent (normally open). With no power every
 * path to the room is open and the cuff deflates: the hardware's own safe state.
 */
public interface ValveBank {

    int chambers();

    void setInlet(int chamber, boolean open);

    void setExhaust(int chamber, boolean open);

    void setMainVent(boolean open);
}
