package dev.quietlegs.hardware.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one place frames become pin writes: what is written, in which order, and what is remembered. */
class OutputStageTest {

    /** Drivers that record every write, and throw while told to. */
    private final List<String> writes = new ArrayList<>();
    private final List<String> failing = new ArrayList<>();

    private void write(String what) {
        String name = what.substring(0, what.indexOf('='));
        if (failing.contains(name)) {
            throw new IllegalStateException("bus error on " + name);
        }
        writes.add(what);
    }

    private final PwmOutput pump = d -> write("pump=" + d);
    private final PwmOutput motor = d -> write("motor=" + d);
    private final ValveBank valves = new ValveBank() {
        @Override
        public int chambers() {
            return 2;
        }

        @Override
        public void setInlet(int chamber, boolean open) {
            write("inlet" + chamber + "=" + open);
        }

        @Override
        public void setExhaust(int chamber, boolean open) {
            write("exhaust" + chamber + "=" + open);
        }

        @Override
        public void setMainVent(boolean open) {
            write("vent=" + open);
        }
    };
    private final OutputStage stage = new OutputStage(pump, motor, valves, 0.3);

    @BeforeEach
    void firstWriteSetsEveryPin() {
        stage.write(new OutputFrame(2));
        assertThat(writes).containsExactly("exhaust0=true", "exhaust1=true", "vent=true", "inlet0=false",
                "inlet1=false", "pump=0.0", "motor=0.0");
        writes.clear();
    }

    @Test
    void onlyWhatChangedIsWrittenAndTheWaysOutBeforeTheWayInAndThePump() {
        stage.write(new OutputFrame(2));
        assertThat(writes).isEmpty();
        stage.write(new OutputFrame(2).exhaustOpen(1, false).ventOpen(false).inletOpen(1, true).pump(0.5));
        assertThat(writes).containsExactly("exhaust1=false", "vent=false", "inlet1=true", "pump=0.5");
        writes.clear();
        stage.write(new OutputFrame(2));
        assertThat(writes).containsExactly("exhaust1=true", "vent=true", "inlet1=false", "pump=0.0");
    }

    @Test
    void onceASecondEveryOutputIsWrittenAgainSoADeadDriverIsFoundWhereNothingChanges() {
        OutputFrame same = new OutputFrame(2);
        for (int i = 1; i < OutputStage.REFRESH_WRITES; i++) {
            stage.write(same);
        }
        assertThat(writes).isEmpty();
        failing.add("motor");
        assertThatThrownBy(() -> stage.write(same)).isInstanceOf(OutputFailure.class).hasMessageContaining("motor");
        assertThat(writes).hasSize(6);
    }

    @Test
    void theMotorsPowerMapsOntoItsRunningDutiesAndZeroIsOff() {
        stage.write(new OutputFrame(2).motor(0.1));
        assertThat(writes).hasSize(1);
        assertThat(Double.parseDouble(writes.get(0).substring(6))).isCloseTo(0.37, within(1e-9));
        assertThat(stage.motorDuty(1)).isEqualTo(1.0);
        assertThat(stage.motorDuty(0)).isZero();
        assertThat(stage.written().motor()).isEqualTo(0.1);
    }

    @Test
    void aFailedWriteNamesItsOutputWritesTheOthersAndIsWrittenAgainUntilItTakes() {
        failing.add("pump");
        OutputFrame fill = new OutputFrame(2).exhaustOpen(0, false).ventOpen(false).inletOpen(0, true).pump(1);
        assertThatThrownBy(() -> stage.write(fill)).isInstanceOf(OutputFailure.class)
                .hasMessageContaining("[pump]").satisfies(e -> assertThat(((OutputFailure) e).failed())
                        .containsExactly(Output.PUMP));
        assertThat(writes).containsExactly("exhaust0=false", "vent=false", "inlet0=true");
        assertThat(stage.written().pump()).as("not remembered").isZero();
        writes.clear();
        OutputFrame safe = new OutputFrame(2);
        assertThatThrownBy(() -> stage.write(safe)).isInstanceOf(OutputFailure.class);
        assertThat(writes).containsExactly("exhaust0=true", "vent=true", "inlet0=false");
        writes.clear();
        failing.clear();
        stage.write(safe);
        assertThat(writes).as("the pump's write is tried again although the frame asks the same 0")
                .containsExactly("pump=0.0");
        writes.clear();
        stage.write(safe);
        assertThat(writes).isEmpty();
    }

    @Test
    void forcingTheSafeStateWritesEveryPinPastFailuresAndTheNextWriteRewritesAll() {
        stage.write(new OutputFrame(2).exhaustOpen(0, false).inletOpen(0, true).pump(1));
        writes.clear();
        failing.add("exhaust1");
        assertThat(stage.forceSafe()).containsExactly(Output.exhaust(1));
        assertThat(writes).containsExactly("exhaust0=true", "vent=true", "inlet0=false", "inlet1=false", "pump=0.0",
                "motor=0.0");
        failing.clear();
        writes.clear();
        stage.write(new OutputFrame(2));
        assertThat(writes).hasSize(7);
    }

    @Test
    void theSafeFrameIsDefinedOnce() {
        OutputFrame f = new OutputFrame(2).pump(0.4).motor(0.2).inletOpen(1, true).exhaustOpen(0, false)
                .ventOpen(false);
        assertThat(f.isSafe()).isFalse();
        assertThat(f.toSafe().isSafe()).isTrue();
        assertThat(new OutputFrame(2).isSafe()).isTrue();
        assertThat(new OutputFrame(2).pump(Double.NaN).pump()).isZero();
        for (OutputFrame unsafe : new OutputFrame[] {new OutputFrame(2).pump(0.01), new OutputFrame(2).motor(0.01),
                new OutputFrame(2).inletOpen(0, true), new OutputFrame(2).exhaustOpen(1, false),
                new OutputFrame(2).ventOpen(false)}) {
            assertThat(unsafe.isSafe()).as(unsafe.toString()).isFalse();
        }
    }
}
