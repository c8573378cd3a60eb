package dev.quietlegs.firmware.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits: configuration may lower them, never past the compiled-in ceilings, and never to nothing. */
class LimitsTest {

    private static Limits limits(double maxMmHg, double marginMmHg, double inflatedS, double maxSessionS) {
        return new Limits(maxMmHg, marginMmHg, inflatedS, maxSessionS, 0.25);
    }

    @Test
    void everyLimitMayBeAtItsCeilingOrJustAboveNothing() {
        assertThat(limits(80, 10, 170, 7200)).isNotNull();
        assertThat(limits(Double.MIN_VALUE, 10, Double.MIN_VALUE, Double.MIN_VALUE)).isNotNull();
        assertThat(Limits.CEILING_MMHG).isEqualTo(80);
        assertThat(Limits.CEILING_INFLATED_S).isEqualTo(170);
        assertThat(Limits.CEILING_SESSION_S).isEqualTo(7200);
    }

    @ParameterizedTest(name = "max {0} mmHg")
    @ValueSource(doubles = {0, -0.0, -60, 80.000000000001, Double.POSITIVE_INFINITY, Double.NaN})
    void aMaximumPressureOfNothingOrAboveTheCeilingIsRefused(double max) {
        assertThatThrownBy(() -> limits(max, 10, 90, 4500)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max " + max + " mmHg is not within the ceiling 80.0");
    }

    @Test
    void theCeilingsAreExact() {
        assertThatThrownBy(() -> limits(Math.nextUp(80.0), 10, 90, 4500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits(60, 10, Math.nextUp(170.0), 4500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limits(60, 10, 90, Math.nextUp(7200.0))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "inflated {0} s")
    @ValueSource(doubles = {0, -1, 170.5, 180, Double.NaN})
    void aTimeInflatedOfNothingOrAboveTheCeilingIsRefused(double inflatedS) {
        assertThatThrownBy(() -> limits(60, 10, inflatedS, 4500)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inflated limit " + inflatedS + " s is not within 170.0");
    }

    @ParameterizedTest(name = "session {0} s")
    @ValueSource(doubles = {0, -1, 7201, Double.NaN})
    void aSessionLimitOfNothingOrAboveTheCeilingIsRefused(double sessionS) {
        assertThatThrownBy(() -> limits(60, 10, 90, sessionS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session limit " + sessionS + " s is not within 7200.0");
    }

    @Test
    void theTripLevelIsTheMaximumPlusTheMarginButNeverAboveTheCeiling() {
        assertThat(limits(60, 10, 90, 4500).tripMmHg()).isEqualTo(70);
        assertThat(limits(40, 3, 90, 4500).tripMmHg()).isEqualTo(43);
        assertThat(limits(75, 10, 90, 4500).tripMmHg()).isEqualTo(80);
        assertThat(limits(80, 0, 90, 4500).tripMmHg()).isEqualTo(80);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 20.000001, Double.NaN, Double.POSITIVE_INFINITY})
    void aMarginThatWouldMoveOrSwitchOffTheTripIsRefused(double margin) {
        assertThatThrownBy(() -> new Limits(60, margin, 90, 600, 0.25))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("margin");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, 2.000001, Double.NaN, 1e30})
    void aWatchdogThatWouldNeverTripIsRefused(double watchdogS) {
        assertThatThrownBy(() -> new Limits(60, 10, 90, 600, watchdogS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("watchdog");
    }

    @Test
    void theEdgesOfTheMarginAndTheWatchdogAreAllowed() {
        new Limits(60, 0, 90, 600, 2);
        new Limits(60, 20, 90, 600, 1e-3);
    }
}
