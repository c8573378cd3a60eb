package dev.quietlegs.firmware.therapy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegulatorTest {

    private final Regulator.Tuning tuning = Regulator.Tuning.defaults();
    private final Regulator r = new Regulator(2, tuning);
    private final Actuation out = new Actuation(2);

    @Test
    void anEmptyChamberFillsAtFullEffort() {
        double duty = r.regulate(0, true, 0.0, 40, out);
        assertThat(duty).isEqualTo(1.0);
        assertThat(out.inletOpen(0)).isTrue();
        assertThat(out.exhaustOpen(0)).isFalse();
    }

    @Test
    void effortFallsNearTheTargetButNotBelowThePumpsMinimum() {
        double far = r.regulate(0, true, 30, 40, out);
        double near = r.regulate(0, true, 37, 40, out);
        double nearer = r.regulate(0, true, 39.5, 40, out);
        assertThat(far).isEqualTo(1.0);
        assertThat(near).isLessThan(far).isGreaterThan(nearer);
        assertThat(nearer).isEqualTo(tuning.minPumpDuty());
    }

    @Test
    void theInletClosesJustBelowTheTargetAndTheChamberHolds() {
        r.regulate(0, true, 20, 40, out);
        double duty = r.regulate(0, true, 40 - tuning.closeLead(), 40, out);
        assertThat(duty).isZero();
        assertThat(out.inletOpen(0)).isFalse();
        assertThat(out.exhaustOpen(0)).isFalse();
    }

    @Test
    void aHeldChamberIsToppedUpOnlyWhenItHasSunkPastTheBand() {
        r.regulate(0, true, 40, 40, out);
        assertThat(r.regulate(0, true, 40 - tuning.topUpBand() + 0.05, 40, out)).isZero();
        assertThat(r.regulate(0, true, 40 - tuning.topUpBand() - 0.05, 40, out)).isPositive();
        // and keeps filling through the band (hysteresis), not chattering on noise
        assertThat(r.regulate(0, true, 39.5, 40, out)).isPositive();
    }

    @Test
    void aChamberAboveItsTargetBleedsThroughItsExhaustDownToTheTarget() {
        r.regulate(0, true, 40, 40, out);
        r.regulate(0, true, 40, 30, out); // intensity lowered
        assertThat(out.exhaustOpen(0)).isTrue();
        assertThat(out.inletOpen(0)).isFalse();
        r.regulate(0, true, 31, 30, out);
        assertThat(out.exhaustOpen(0)).isTrue();
        r.regulate(0, true, 30.4, 30, out);
        assertThat(out.exhaustOpen(0)).isFalse();
    }

    @Test
    void aChamberThatIsNotPressurisedOrIsBlindVents() {
        r.regulate(1, true, 10, 40, out);
        assertThat(out.inletOpen(1)).isTrue();
        assertThat(r.regulate(1, false, 10, 40, out)).isZero();
        assertThat(out.inletOpen(1)).isFalse();
        assertThat(out.exhaustOpen(1)).isTrue();
        assertThat(r.regulate(1, true, Double.NaN, 40, out)).isZero();
        assertThat(out.inletOpen(1)).isFalse();
        assertThat(out.exhaustOpen(1)).isTrue();
    }
}
