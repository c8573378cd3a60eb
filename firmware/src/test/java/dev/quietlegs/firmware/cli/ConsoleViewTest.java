package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.Snapshot;
import dev.quietlegs.firmware.therapy.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a person reads at the bedside: units, no negative zero, the self-test as what it is, what changed. */
class ConsoleViewTest {

    private static final List<String> CHAMBERS = List.of("ankle", "calf", "thigh");

    private static Snapshot snapshot(Phase phase, double[] pressures, double[] targets) {
        return new Snapshot(1, 0, phase, "evening", 0, 1200, 0, 6, 5, pressures, targets, 0, 0, -1, null);
    }

    @Test
    void theStatusLineHasUnitsAndNoNegativeOrMinusZeroPressures() {
        String line = ConsoleView.statusLine(snapshot(Phase.RUNNING, new double[] {-0.04, -0.3, 40.2},
                new double[] {0, 0, 40}), CHAMBERS);
        assertThat(line).contains("20:00 left", "40.2/40 mmHg", "vibration  0.0 of 10")
                .matches(".*ankle\\s+0\\.0\\s+calf\\s+0\\.0\\s+thigh.*").doesNotContain("-");
    }

    @Test
    void whileStartingItSaysSelfTestNotTheTimeLeftAndAnUnreadableSensorShowsAsDashes() {
        String line = ConsoleView.statusLine(snapshot(Phase.STARTING, new double[] {3.3, Double.NaN, 0},
                new double[] {10, 0, 0}), CHAMBERS);
        assertThat(line).startsWith("starting evening     self-test").doesNotContain("left", "NaN")
                .matches(".*calf\\s+---\\s+thigh.*");
    }

    @Test
    void everyCommandIsAcknowledgedWithWhatChanged() {
        assertThat(ConsoleView.what(Command.level(Command.Kind.VIBRATION, 3, "console"))).isEqualTo("vibration 3 of 10");
        assertThat(ConsoleView.what(Command.level(Command.Kind.INTENSITY, 7, "mqtt"))).isEqualTo("intensity 7 of 10");
        assertThat(ConsoleView.what(Command.start(null, "button"))).isEqualTo("start the default program");
        assertThat(ConsoleView.what(Command.start("repeat", "mqtt"))).isEqualTo("start repeat");
        assertThat(ConsoleView.what(Command.of(Command.Kind.STOP, "mqtt"))).isEqualTo("stop");
    }

    @Test
    void theConsolesHelpSaysWhatEachTypedCommandDoesOneLineEach() throws UsageException {
        List<String> words = ConsoleView.HELP.lines().map(l -> l.split("\\s+")[0]).toList();
        assertThat(words).containsExactly("start", "stop", "pause", "resume", "vibration", "intensity", "clear-fault",
                "button", "estop", "status", "programs", "diary", "help", "quit");
        assertThat(ConsoleView.HELP.lines()).allSatisfy(l -> assertThat(l).matches("\\S.{15}  \\S.+"));
        // each of them that goes to the control loop parses as its example says
        for (String typed : List.of("start", "start repeat", "stop", "pause", "resume", "vibration 0", "intensity 10",
                "clear-fault")) {
            assertThat(ConsoleView.parse(typed)).as(typed).isNotNull();
        }
    }
}
