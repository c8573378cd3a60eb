package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.safety.Cause;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.safety.FaultCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault event a phone receives names the parts to look at, by their stable wire names. */
class PayloadsTest {

    private final Payloads payloads = new Payloads(List.of("ankle", "calf", "thigh"));

    @Test
    void aFaultEventNamesItsChamberAndThePartsToLookAt() {
        Fault f = new Fault(FaultCode.NO_RISE, "the calf chamber did not rise", 1, 5,
                List.of(Cause.HOSE_OFF, Cause.EXHAUST_VALVE));
        assertThat(payloads.events(new Event.FaultRaised(5, f))).containsExactly(
                "{\"type\":\"fault\",\"code\":\"no-rise\",\"message\":\"the calf chamber did not rise\","
                        + "\"chamber\":\"calf\",\"causes\":[\"hose-off\",\"exhaust-valve\"]}");
    }

    @Test
    void aFaultOfNoChamberNamesNone() {
        Fault f = new Fault(FaultCode.EMERGENCY_STOP, "emergency stop pressed", -1, 5);
        assertThat(payloads.events(new Event.FaultRaised(5, f))).containsExactly(
                "{\"type\":\"fault\",\"code\":\"emergency-stop\",\"message\":\"emergency stop pressed\","
                        + "\"chamber\":null,\"causes\":[\"person\"]}");
    }
}
