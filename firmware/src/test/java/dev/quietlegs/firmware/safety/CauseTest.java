package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The parts a fault names: their wire names are stable like the codes', and a fault carries its
 * own list of them. Which parts each code names by default is pinned with the messages in
 * {@code SupervisorTest}.
 */
class CauseTest {

    @Test
    void theWireNamesAreStable() {
        assertThat(Arrays.stream(Cause.values()).map(Cause::wire)).containsExactly("leak", "hose-off", "hose-kinked",
                "inlet-valve", "exhaust-valve", "main-vent", "pump", "chamber-sensor", "manifold-sensor",
                "output-driver", "firmware", "person");
    }

    @ParameterizedTest
    @EnumSource(FaultCode.class)
    void everyCodeNamesAtMostTwoPartsAndOnlyTheSelfTestNone(FaultCode code) {
        List<Cause> causes = Cause.of(code, 0, 1);
        assertThat(causes).hasSizeLessThanOrEqualTo(2).doesNotHaveDuplicates();
        assertThat(causes.isEmpty()).isEqualTo(code == FaultCode.SELF_TEST_FAILED);
    }

    @Test
    void aSensorFaultNamesTheChambersSensorOrTheManifolds() {
        assertThat(Cause.of(FaultCode.SENSOR_STUCK, 0, 20)).containsExactly(Cause.CHAMBER_SENSOR);
        assertThat(Cause.of(FaultCode.SENSOR_STUCK, -1, 20)).containsExactly(Cause.MANIFOLD_SENSOR);
        assertThat(Cause.of(FaultCode.OVERPRESSURE, -1, 85)).containsExactly(Cause.INLET_VALVE, Cause.MANIFOLD_SENSOR);
    }

    @Test
    void aDisagreementNamesTheSensorsWhenTheChamberReadsAboveTheManifoldElseTheWayIn() {
        assertThat(Cause.of(FaultCode.SENSOR_DISAGREE, 1, Double.MIN_VALUE))
                .containsExactly(Cause.CHAMBER_SENSOR, Cause.MANIFOLD_SENSOR);
        assertThat(Cause.of(FaultCode.SENSOR_DISAGREE, 1, 0)).containsExactly(Cause.INLET_VALVE, Cause.HOSE_KINKED);
        assertThat(Cause.of(FaultCode.SENSOR_DISAGREE, 1, -6)).containsExactly(Cause.INLET_VALVE, Cause.HOSE_KINKED);
    }

    @Test
    void aFaultKeepsItsOwnCopyOfItsParts() {
        List<Cause> causes = new ArrayList<>(List.of(Cause.LEAK));
        Fault f = new Fault(FaultCode.LEAK, "leaks", 1, 5, causes);
        causes.add(Cause.PUMP);
        assertThat(f.causes()).containsExactly(Cause.LEAK);
        assertThatThrownBy(() -> f.causes().add(Cause.PUMP)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aFaultGivenNoPartsNamesItsCodesUsualOnes() {
        assertThat(new Fault(FaultCode.NO_FALL, "stuck", 2, 5).causes())
                .containsExactly(Cause.EXHAUST_VALVE, Cause.HOSE_KINKED);
        assertThat(new Fault(FaultCode.SENSOR_DRIFT, "drift", -1, 5).causes()).containsExactly(Cause.MANIFOLD_SENSOR);
    }

    @Test
    void everyCauseSaysInWordsWhatToLookAt() {
        assertThat(java.util.Arrays.stream(Cause.values()).map(Cause::words)).containsExactly(
                "a leak (a hose, a fitting or a seam)",
                "the hose off, or the cuff not on the leg",
                "a kinked or pinched hose",
                "the inlet valve",
                "the exhaust valve",
                "the main vent",
                "the pump",
                "the chamber's pressure sensor or its tube",
                "the manifold's pressure sensor or its tube",
                "an output's driver or its wiring",
                "the firmware",
                "whoever stopped it");
    }

    @Test
    void theirSentenceJoinsThemWithOr() {
        assertThat(Cause.sentence(java.util.List.of(Cause.PUMP, Cause.HOSE_OFF)))
                .isEqualTo("the pump, or the hose off, or the cuff not on the leg");
        assertThat(Cause.sentence(java.util.List.of(Cause.MAIN_VENT))).isEqualTo("the main vent");
    }

    /** A check that trips again every tick while a fault is latched must not allocate its causes each time. */
    @ParameterizedTest
    @EnumSource(FaultCode.class)
    void aCodesCausesAreTheSameListEveryTime(FaultCode code) {
        for (int chamber : new int[] {-1, 0}) {
            for (double value : new double[] {-1, 1}) {
                assertThat(Cause.of(code, chamber, value)).isSameAs(Cause.of(code, chamber, value));
            }
        }
    }

    @Test
    void everyListOfOneOrTwoCausesIsMadeOnceInTheOrderGiven() {
        for (Cause a : Cause.values()) {
            assertThat(Cause.list(a)).containsExactly(a).isSameAs(Cause.list(a));
            for (Cause b : Cause.values()) {
                assertThat(Cause.list(a, b)).isSameAs(Cause.list(a, b))
                        .containsExactlyElementsOf(a == b ? List.of(a) : List.of(a, b));
            }
        }
    }
}
