package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.hardware.pi4j.MockUnit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code selftest} as it runs on a Raspberry Pi: the real-time loop on the Pi4J board (here on
 * Pi4J's mock plugin, the plant behind it). One chamber keeps it to a few seconds.
 */
class SelfTestOnBoardTest {

    private final UnitConfig config = ShippedConfig.unit().withChambers(1);
    private final Unit unit = new Unit(ShippedConfig.dir(), config, ShippedConfig.programs(config));
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private int selfTest(MockUnit board) {
        try {
            return SelfTestCommand.onBoard(unit, board.board(), (now, s, a, p) -> board.afterTick(now), out);
        } finally {
            board.close();
        }
    }

    @Test
    void aWorkingBoardPassesAndTheOutputsEndSafe() {
        MockUnit board = new MockUnit(1, System::nanoTime);
        board.calibrate();
        assertThat(selfTest(board)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("self-test passed in ").contains("on the Pi4J mock board").contains("chamber1 each rose");
        assertThat(board.board().written().isSafe()).as(board.board().written().toString()).isTrue();
    }

    @Test
    void aSilentAdcFailsItWithTheSensorNamed() {
        MockUnit board = new MockUnit(1, System::nanoTime);
        board.calibrate();
        board.breakI2c();
        assertThat(selfTest(board)).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("self-test FAILED on the Pi4J mock board: ")
                .contains("cannot be read");
    }
}
