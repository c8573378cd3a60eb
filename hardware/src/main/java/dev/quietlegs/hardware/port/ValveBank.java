package dev.quietlegs.hardware.port;

/**
 * The cuff's valves, in terms of air paths rather than coil current.
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

    boolean inletOpen(int chamber);

    boolean exhaustOpen(int chamber);

    boolean mainVentOpen();
}
