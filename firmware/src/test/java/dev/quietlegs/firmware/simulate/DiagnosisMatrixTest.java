package dev.quietlegs.firmware.simulate;

import static dev.quietlegs.firmware.simulate.DiagnosisTest.fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.firmware.safety.Cause;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.simulate.FaultSweep.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The confusion matrix's arithmetic, on faults made by hand. No session is run. */
class DiagnosisMatrixTest {

    private static DiagnosisMatrix leaks() {
        DiagnosisMatrix m = new DiagnosisMatrix();
        m.add(FaultKind.LEAK, fault(FaultCode.LEAK, Cause.LEAK, Cause.EXHAUST_VALVE));
        m.add(FaultKind.LEAK, fault(FaultCode.NO_RISE, Cause.HOSE_OFF, Cause.LEAK));
        m.add(FaultKind.LEAK, fault(FaultCode.SELF_TEST_FAILED));
        m.add(FaultKind.LEAK, fault(FaultCode.SELF_TEST_FAILED));
        m.add(FaultKind.SENSOR_SWAP, fault(FaultCode.UNCOMMANDED_RISE, Cause.INLET_VALVE));
        return m;
    }

    @Test
    void aCellCountsInTheColumnOfEveryCauseItNamed() {
        DiagnosisMatrix.Row leak = leaks().rows().get(0);
        assertThat(leak.kind()).isEqualTo(FaultKind.LEAK);
        assertThat(leak.detected()).isEqualTo(4);
        assertThat(leak.named(Cause.LEAK)).isEqualTo(2);
        assertThat(leak.named(Cause.EXHAUST_VALVE)).isEqualTo(1);
        assertThat(leak.named(Cause.HOSE_OFF)).isEqualTo(1);
        assertThat(leak.named(Cause.PUMP)).isZero();
        assertThat(leak.none()).isEqualTo(2);
    }

    @Test
    void rightSharesPerKindAndOverall() {
        DiagnosisMatrix m = leaks();
        assertThat(m.rows()).extracting(DiagnosisMatrix.Row::kind).containsExactly(FaultKind.LEAK,
                FaultKind.SENSOR_SWAP);
        assertThat(m.rows().get(0).right()).isEqualTo(2);
        assertThat(m.rows().get(0).rightShare()).isCloseTo(0.5, within(1e-12));
        assertThat(m.rows().get(1).rightShare()).isZero();
        assertThat(m.detected()).isEqualTo(5);
        assertThat(m.right()).isEqualTo(2);
        assertThat(m.rightShare()).isCloseTo(0.4, within(1e-12));
        assertThat(new DiagnosisMatrix().rightShare()).isNaN();
    }

    @Test
    void theWrongDiagnosesComeMostFrequentFirst() {
        assertThat(leaks().rows().get(0).wrong()).containsExactly(Map.entry("self-test-failed: none", 2));
        assertThat(leaks().rows().get(1).wrong()).containsExactly(Map.entry("uncommanded-rise: inlet-valve", 1));
    }

    @Test
    void aDeadProcessIsLeftOut() {
        DiagnosisMatrix m = new DiagnosisMatrix();
        m.add(FaultKind.PROCESS_DEAD, fault(FaultCode.LOOP_STALL, Cause.FIRMWARE));
        assertThat(m.rows()).isEmpty();
        assertThat(m.detected()).isZero();
    }

    @Test
    void onlyDetectedCellsCount() {
        var cell = new FaultSweep.Cell(FaultInjection.of(FaultKind.LEAK, 0, 0), FaultSweep.Stage.RUNNING, 2);
        var leak = fault(FaultCode.LEAK, Cause.LEAK);
        List<FaultSweep.Outcome> outcomes = List.of(outcome(cell, Result.DETECTED, leak),
                outcome(cell, Result.OWN_FAULT_DUE, leak), outcome(cell, Result.LATCHED_BEFORE, leak),
                outcome(cell, Result.MISSED, null));
        DiagnosisMatrix m = DiagnosisMatrix.of(outcomes);
        assertThat(m.detected()).isEqualTo(1);
        assertThat(m.right()).isEqualTo(1);
    }

    private static FaultSweep.Outcome outcome(FaultSweep.Cell cell, Result r, dev.quietlegs.firmware.safety.Fault f) {
        return new FaultSweep.Outcome(cell, r, f, 1, 1, 1, 40, -10, 15, 40);
    }
}
