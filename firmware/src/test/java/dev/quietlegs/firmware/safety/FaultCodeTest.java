package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fault codes on the wire: phones and logs key on them, so they are pinned here one by one. */
class FaultCodeTest {

    @Test
    void theWireCodesAreStable() {
        assertThat(Arrays.stream(FaultCode.values()).map(FaultCode::wire)).containsExactly(
                "overpressure", "inflated-too-long", "session-too-long",
                "sensor-unreadable", "sensor-out-of-range", "sensor-stuck", "sensor-jump", "sensor-drift",
                "sensor-disagree",
                "no-rise", "no-fall", "uncommanded-rise", "leak", "low-pressure", "pump-stuck-on", "vent-stuck", "pump-no-progress",
                "loop-stall", "session-stuck", "loop-late", "output-failed", "software-error",
                "emergency-stop", "self-test-failed");
    }

    @ParameterizedTest
    @EnumSource(FaultCode.class)
    void everyCodeReadsBackFromTheWire(FaultCode code) {
        assertThat(FaultCode.fromWire(code.wire())).isSameAs(code);
    }

    @Test
    void theWireIsReadWhateverItsCase() {
        assertThat(FaultCode.fromWire("Loop-Stall")).isSameAs(FaultCode.LOOP_STALL);
        assertThat(FaultCode.fromWire("OVERPRESSURE")).isSameAs(FaultCode.OVERPRESSURE);
    }

    @Test
    void anUnknownCodeIsRefused() {
        assertThatThrownBy(() -> FaultCode.fromWire("overheat")).isInstanceOf(IllegalArgumentException.class);
    }
}
