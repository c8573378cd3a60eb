package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.simulate.FaultSweep.Result;
import dev.quietlegs.firmware.simulate.PlantEnvelope.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a sweep injects when, how a cell's result is told, and which plants a sweep across the
 * envelope covers. One healthy session is run, none with a fault.
 */
class FaultSweepCellsTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);

    @Test
    void theLandmarksCatchEachChambersFillTheHoldTheReleaseAndTheRest() {
        FaultSweep sweep = new FaultSweep(UNIT, PROGRAMS, PROGRAMS.find("evening").orElseThrow());
        // evening: 4 s per chamber to inflate, a 4 s hold, all released at 16 s, a 26 s rest
        FaultSweep.Moments m = sweep.landmarks();
        assertThat(m.cycleS()).containsExactly(2.0, 6.0, 10.0, 14.0, 17.0, 29.0);
        assertThat(m.pausedS()).containsExactly(1.0, 5.0, 15.0);
        assertThat(sweep.healthy().fault()).isNull();
        assertThat(m.startingS()).hasSize(FaultSweep.SELF_TEST_LANDMARKS).first().isEqualTo(0.0);
        assertThat(m.startingS().get(m.startingS().size() - 1)).isLessThan(sweep.selfTestS());
        assertThat(m.count()).isEqualTo(6 + 2 * 6 + 3);
        assertThat(sweep.cells(FaultSweep.faults(UNIT), m)).hasSize(FaultSweep.faults(UNIT).size() * m.count());
    }

    @Test
    void everyStepCoversTheWholeSelfTestAndCycle() {
        FaultSweep sweep = new FaultSweep(UNIT, PROGRAMS, PROGRAMS.find("evening").orElseThrow());
        FaultSweep.Moments m = sweep.every(0.5);
        assertThat(m.cycleS()).hasSize(84).last().isEqualTo(41.5);
        assertThat(m.startingS().get(m.startingS().size() - 1)).isCloseTo(sweep.selfTestS(), within(0.5));
    }

    @Test
    void aCellsResultDependsOnWhenWhatLatched() {
        double never = Double.POSITIVE_INFINITY;
        FaultKind leak = FaultKind.LEAK;
        assertThat(Result.of(leak, true, 40, never)).isEqualTo(Result.DETECTED);
        assertThat(Result.of(leak, true, Double.NaN, never)).isEqualTo(Result.MISSED);
        assertThat(Result.of(leak, true, 30, 35.8)).as("sooner than the plant's own").isEqualTo(Result.DETECTED);
        assertThat(Result.of(leak, true, 35.8, 35.8)).as("no sooner").isEqualTo(Result.OWN_FAULT_DUE);
        assertThat(Result.of(leak, false, 5.5, 5.5)).isEqualTo(Result.LATCHED_BEFORE);
        assertThat(Result.of(leak, false, Double.NaN, never)).isEqualTo(Result.NOT_REACHED);
        assertThat(Result.of(FaultKind.PROCESS_DEAD, true, Double.NaN, never)).isEqualTo(Result.HARDWARE_ONLY);
        assertThat(Result.of(FaultKind.PROCESS_DEAD, false, 5.5, 5.5)).isEqualTo(Result.LATCHED_BEFORE);
        assertThat(Result.OWN_FAULT_DUE.injected()).isTrue();
        assertThat(Result.HARDWARE_ONLY.injected()).isTrue();
        assertThat(Result.LATCHED_BEFORE.injected()).isFalse();
    }

    @Test
    void acrossTheEnvelopeTheConfiguredPlantComesFirstThenTheCornersThenRandomPlants() {
        var base = UNIT.plant();
        assertThat(EnvelopeFaultSweep.plants(base, 0, 1)).extracting(Sample::label).containsExactly("base");
        List<Sample> three = EnvelopeFaultSweep.plants(base, 3, 1);
        assertThat(three).extracting(Sample::label).containsExactly("base", "flow- C- ex- in-", "flow+ C- ex- in-",
                "flow- C+ ex- in-");
        List<Sample> eighteen = EnvelopeFaultSweep.plants(base, 18, 1);
        assertThat(eighteen).hasSize(19);
        assertThat(eighteen.subList(17, 19)).extracting(Sample::label).containsExactly("#1", "#2");
        assertThat(eighteen.get(17).describe()).isEqualTo(PlantEnvelope.random(base, 1, 1).get(0).describe());
    }
}
