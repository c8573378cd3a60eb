package dev.quietlegs.firmware.therapy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequencerTest {

    // 3 chambers, 4 s slots, 4 s hold, 26 s rest: the evening program's cycle of 42 s.
    private final Compression all = new Compression(new int[] {0, 1, 2}, 40, 5, 55, 4, 4,
            Compression.Release.ALL, 0, 26);
    private final Compression distalFirst = new Compression(new int[] {0, 1, 2}, 40, 5, 55, 4, 5,
            Compression.Release.DISTAL_FIRST, 1, 25);

    @Test
    void chambersInflateOneAfterAnotherFromTheAnkleUp() {
        Sequencer s = new Sequencer(all);
        assertThat(s.stepAt(0, 0.0)).isEqualTo(Step.INFLATE);
        assertThat(s.stepAt(1, 0.0)).isEqualTo(Step.REST);
        assertThat(s.stepAt(2, 0.0)).isEqualTo(Step.REST);

        assertThat(s.stepAt(0, 4.0)).isEqualTo(Step.HOLD);
        assertThat(s.stepAt(1, 4.0)).isEqualTo(Step.INFLATE);
        assertThat(s.stepAt(2, 4.0)).isEqualTo(Step.REST);

        assertThat(s.stepAt(0, 8.5)).isEqualTo(Step.HOLD);
        assertThat(s.stepAt(1, 8.5)).isEqualTo(Step.HOLD);
        assertThat(s.stepAt(2, 8.5)).isEqualTo(Step.INFLATE);

        assertThat(s.stepAt(2, 12.0)).isEqualTo(Step.HOLD);
        assertThat(s.stepAt(0, 15.99)).isEqualTo(Step.HOLD);
    }

    @Test
    void releaseAllLetsEveryChamberGoAtOnceThenTheyRest() {
        Sequencer s = new Sequencer(all);
        for (int pos = 0; pos < 3; pos++) {
            assertThat(s.stepAt(pos, 16.0)).isEqualTo(Step.RELEASE);
            assertThat(s.stepAt(pos, 30.0)).isEqualTo(Step.REST);
            assertThat(s.stepAt(pos, 41.99)).isEqualTo(Step.REST);
        }
        assertThat(all.pressurisedS()).isEqualTo(16.0);
        assertThat(all.cycleS()).isEqualTo(42.0);
    }

    @Test
    void distalFirstReleasesTheAnkleFirstThenEachChamberAStaggerLater() {
        Sequencer s = new Sequencer(distalFirst);
        // inflation ends at 12 s, hold to 17 s
        assertThat(s.stepAt(0, 17.0)).isEqualTo(Step.RELEASE);
        assertThat(s.stepAt(1, 17.0)).isEqualTo(Step.HOLD);
        assertThat(s.stepAt(2, 17.0)).isEqualTo(Step.HOLD);
        assertThat(s.stepAt(1, 18.0)).isEqualTo(Step.RELEASE);
        assertThat(s.stepAt(2, 18.5)).isEqualTo(Step.HOLD);
        assertThat(s.stepAt(2, 19.0)).isEqualTo(Step.RELEASE);
        assertThat(distalFirst.pressurisedS()).isEqualTo(19.0);
        assertThat(distalFirst.cycleS()).isEqualTo(44.0);
    }

    @Test
    void cyclesRepeatWithTheirPeriod() {
        Sequencer s = new Sequencer(all);
        assertThat(s.cycleAt(41.9)).isZero();
        assertThat(s.cycleAt(42.0)).isEqualTo(1);
        assertThat(s.intoCycle(42.0 + 5)).isEqualTo(5.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(s.stepAt(1, s.intoCycle(42 * 7 + 5.0))).isEqualTo(Step.INFLATE);
    }

    @Test
    void targetsFallFromTheAnkleUpAndScaleWithIntensityWithinTheProgramMaximum() {
        assertThat(all.targetMmHg(0, 5)).isEqualTo(40.0);
        assertThat(all.targetMmHg(1, 5)).isEqualTo(35.0);
        assertThat(all.targetMmHg(2, 5)).isEqualTo(30.0);
        assertThat(all.targetMmHg(0, 1)).isEqualTo(24.0, org.assertj.core.api.Assertions.within(1e-9));
        // level 10 would be 60 mmHg at the ankle: the program's max of 55 caps it
        assertThat(all.targetMmHg(0, 10)).isEqualTo(55.0);
        assertThat(all.targetMmHg(2, 10)).isEqualTo(45.0, org.assertj.core.api.Assertions.within(1e-9));
    }
}
