package dev.quietlegs.hardware.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.quietlegs.hardware.port.ValveBank;
import java.util.List;

/**
 * The valves on GPIO outputs through a ULN2803 (high = coil energised). Inlets are normally
 * closed (energised = open); exhausts and the main vent are normally open (energised = closed).
 * So every pin low is the safe state, which is also each pin's initial and shutdown state. Every
 * call writes its pin: what the valves hold is the output stage's to remember.
 */
public final class Pi4jValveBank implements ValveBank {

    private final List<DigitalOutput> inlets;
    private final List<DigitalOutput> exhausts;
    private final DigitalOutput vent;

    public Pi4jValveBank(List<DigitalOutput> inlets, List<DigitalOutput> exhausts, DigitalOutput vent) {
        if (inlets.size() != exhausts.size()) {
            throw new IllegalArgumentException(inlets.size() + " inlets for " + exhausts.size() + " exhausts");
        }
        this.inlets = List.copyOf(inlets);
        this.exhausts = List.copyOf(exhausts);
        this.vent = vent;
    }

    @Override
    public int chambers() {
        return inlets.size();
    }

    @Override
    public void setInlet(int chamber, boolean open) {
        inlets.get(chamber).state(open ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Override
    public void setExhaust(int chamber, boolean open) {
        exhausts.get(chamber).state(open ? DigitalState.LOW : DigitalState.HIGH);
    }

    @Override
    public void setMainVent(boolean open) {
        vent.state(open ? DigitalState.LOW : DigitalState.HIGH);
    }
}
