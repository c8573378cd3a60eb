package dev.quietlegs.hardware.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.quietlegs.hardware.port.ValveBank;
import java.util.List;

/**
 * The valves on GPIO outputs through a ULN2803 (high = coil energised). Inlets are normally
 * closed (energised = open); exhausts and the main vent are normally open (energised = closed).
 * So every pin low is the safe state, which is also each pin's initial and shutdown state.
 */
public final class Pi4jValveBank implements ValveBank {

    private final List<DigitalOutput> inlets;
    private final List<DigitalOutput> exhausts;
    private final DigitalOutput vent;
    private final boolean[] inletOpen;
    private final boolean[] exhaustOpen;
    private boolean ventOpen = true;

    public Pi4jValveBank(List<DigitalOutput> inlets, List<DigitalOutput> exhausts, DigitalOutput vent) {
        if (inlets.size() != exhausts.size()) {
            throw new IllegalArgumentException(inlets.size() + " inlets for " + exhausts.size() + " exhausts");
        }
        this.inlets = List.copyOf(inlets);
        this.exhausts = List.copyOf(exhausts);
        this.vent = vent;
        this.inletOpen = new boolean[inlets.size()];
        this.exhaustOpen = new boolean[inlets.size()];
        java.util.Arrays.fill(exhaustOpen, true);
        for (int i = 0; i < inlets.size(); i++) {
            inlets.get(i).low();
            exhausts.get(i).low();
        }
        vent.low();
    }

    @Override
    public int chambers() {
        return inlets.size();
    }

    @Override
    public void setInlet(int chamber, boolean open) {
        if (inletOpen[chamber] != open) {
            inletOpen[chamber] = open;
            inlets.get(chamber).state(open ? DigitalState.HIGH : DigitalState.LOW);
        }
    }

    @Override
    public void setExhaust(int chamber, boolean open) {
        if (exhaustOpen[chamber] != open) {
            exhaustOpen[chamber] = open;
            exhausts.get(chamber).state(open ? DigitalState.LOW : DigitalState.HIGH);
        }
    }

    @Override
    public void setMainVent(boolean open) {
        if (ventOpen != open) {
            ventOpen = open;
            vent.state(open ? DigitalState.LOW : DigitalState.HIGH);
        }
    }

    @Override
    public boolean inletOpen(int chamber) {
        return inletOpen[chamber];
    }

    @Override
    public boolean exhaustOpen(int chamber) {
        return exhaustOpen[chamber];
    }

    @Override
    public boolean mainVentOpen() {
        return ventOpen;
    }
}
