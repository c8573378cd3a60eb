package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.safety.Cause;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.safety.FaultCode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule a diagnosis is judged by, and the part each kind of fault breaks. No session is run. */
class DiagnosisTest {

    static Fault fault(FaultCode code, Cause... causes) {
        return new Fault(code, "test", 0, 0, List.of(causes));
    }

    @Test
    void rightWhenItNamesTheBrokenPartAloneOrWithOneOther() {
        assertThat(Diagnosis.right(FaultKind.LEAK, fault(FaultCode.LEAK, Cause.LEAK))).isTrue();
        assertThat(Diagnosis.right(FaultKind.LEAK, fault(FaultCode.NO_RISE, Cause.HOSE_OFF, Cause.LEAK))).isTrue();
        assertThat(Diagnosis.right(FaultKind.PIN_WRITE_BLOCKS,
                fault(FaultCode.LOOP_STALL, Cause.FIRMWARE, Cause.OUTPUT_DRIVER))).isTrue();
    }

    @Test
    void wrongWhenItNamesAnotherPartNoneOrTooMany() {
        assertThat(Diagnosis.right(FaultKind.EXHAUST_STUCK_OPEN, fault(FaultCode.NO_RISE, Cause.HOSE_OFF, Cause.LEAK)))
                .isFalse();
        assertThat(Diagnosis.right(FaultKind.LEAK, fault(FaultCode.SELF_TEST_FAILED))).isFalse();
        assertThat(Diagnosis.right(FaultKind.LEAK,
                fault(FaultCode.NO_RISE, Cause.HOSE_OFF, Cause.LEAK, Cause.EXHAUST_VALVE))).as("three suspects")
                .isFalse();
    }

    @Test
    void aDeadProcessIsNeverDiagnosedAndHasNoCause() {
        assertThat(FaultKind.PROCESS_DEAD.cause()).isEmpty();
        assertThat(Diagnosis.right(FaultKind.PROCESS_DEAD, fault(FaultCode.LOOP_STALL, Cause.FIRMWARE))).isFalse();
    }

    @Test
    void everyOtherKindNamesThePartItBreaks() {
        assertThat(Arrays.stream(FaultKind.values()).filter(k -> k != FaultKind.PROCESS_DEAD))
                .allMatch(k -> k.cause().isPresent());
        assertThat(FaultKind.KINKED_HOSE.cause()).contains(Cause.HOSE_KINKED);
        assertThat(FaultKind.INLET_STUCK_CLOSED.cause()).contains(Cause.INLET_VALVE);
        assertThat(FaultKind.EXHAUST_STUCK_OPEN.cause()).contains(Cause.EXHAUST_VALVE);
        assertThat(FaultKind.VENT_STUCK_CLOSED.cause()).contains(Cause.MAIN_VENT);
        assertThat(FaultKind.PUMP_DEAD.cause()).contains(Cause.PUMP);
        assertThat(FaultKind.SENSOR_SWAP.cause()).contains(Cause.CHAMBER_SENSOR);
        assertThat(FaultKind.MANIFOLD_GAIN.cause()).contains(Cause.MANIFOLD_SENSOR);
        assertThat(FaultKind.SESSION_FREEZE.cause()).contains(Cause.FIRMWARE);
        assertThat(FaultKind.PIN_WRITE_FAILS.cause()).contains(Cause.OUTPUT_DRIVER);
    }

    @Test
    void aDiagnosisReadsAsItsCodeAndCauses() {
        assertThat(Diagnosis.named(fault(FaultCode.NO_RISE, Cause.HOSE_OFF, Cause.LEAK))).isEqualTo(
                "no-rise: hose-off+leak");
        assertThat(Diagnosis.named(fault(FaultCode.SELF_TEST_FAILED))).isEqualTo("self-test-failed: none");
    }
}
