package dev.quietlegs.firmware.control;

import static dev.quietlegs.firmware.control.BoardAssert.assertSafe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.hardware.pi4j.MockUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The firmware on the Pi4J board, as on a Raspberry Pi, with Pi4J's mock plugin for the pins and
 * the simulated plant behind them: PWM duties and valve pins drive the plant, the ADS1115's
 * conversions are answered from its pressures. Virtual time, so a 20-minute session takes seconds.
 */
class Pi4jBoardSessionTest {

    private final UnitConfig config = ShippedConfig.unit();
    private final ProgramCatalog catalog = ShippedConfig.programs(config);
    private final VirtualClock clock = new VirtualClock();
    private final MockUnit unit = new MockUnit(config.chambers(), clock::nanos);
    private final EventQueue events = new EventQueue(4096);
    private final List<Event> seen = new ArrayList<>();
    private final double[] peak = new double[config.chambers()];
    private ControlLoop loop;

    @AfterEach
    void close() {
        unit.close();
    }

    private ControlLoop start() {
        unit.calibrate();
        loop = new ControlLoop(config, unit.board(), clock, catalog, events);
        loop.observe((now, session, requested, pressures) -> {
            unit.afterTick(now);
            for (int i = 0; i < peak.length; i++) {
                peak[i] = Math.max(peak[i], unit.plant().chamberMmHg(i));
            }
        });
        return loop;
    }

    /** Ticks until {@code done} or {@code maxSeconds}; true when done. */
    private boolean runUntil(BooleanSupplier done, double maxSeconds) {
        long ticks = Math.round(maxSeconds * config.loopRateHz());
        for (long i = 0; i < ticks; i++) {
            clock.advance(loop.periodNanos());
            loop.tick();
            Event e;
            while ((e = events.poll()) != null) {
                seen.add(e);
            }
            if (done.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    private void press(Runnable press, Runnable release) {
        press.run();
        runUntil(() -> false, 0.1);
        release.run();
        runUntil(() -> false, 0.1);
    }


    @Test
    void theBedsideButtonRunsAWholeEveningSessionToDoneThroughThePins() {
        start();
        press(() -> unit.setButton(true), () -> unit.setButton(false));
        assertThat(loop.snapshot().phase()).as(() -> seen.toString()).isIn(Phase.STARTING, Phase.RUNNING);

        assertThat(runUntil(() -> loop.snapshot().phase() == Phase.DONE, 1300)).as("reached done").isTrue();
        assertThat(seen).noneMatch(e -> e instanceof Event.FaultRaised);
        assertThat(loop.snapshot().cycle()).isGreaterThanOrEqualTo(25);
        // Each chamber was filled to near the program's target and never above the limit.
        for (int i = 0; i < peak.length; i++) {
            assertThat(peak[i]).as("peak of chamber %d", i).isBetween(25.0, config.maxMmHg());
        }
        runUntil(() -> false, 5);
        for (int i = 0; i < peak.length; i++) {
            assertThat(unit.plant().chamberMmHg(i)).isLessThan(3);
        }
        assertSafe(unit.board());
    }

    @Test
    void theEmergencyStopPinVentsLatchesAndBlocksClearingWhileHeld() {
        start();
        loop.submit(Command.start("evening", "test"));
        assertThat(runUntil(() -> loop.snapshot().phase() == Phase.RUNNING && unit.plant().chamberMmHg(0) > 20, 120))
                .isTrue();
        press(() -> unit.setEmergencyStop(true), () -> { });
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.FAULT);
        assertThat(loop.snapshot().fault().code()).isEqualTo(FaultCode.EMERGENCY_STOP);
        runUntil(() -> false, 3);
        assertSafe(unit.board());
        assertThat(unit.plant().chamberMmHg(0)).isLessThan(5);

        loop.submit(Command.of(Command.Kind.CLEAR_FAULT, "test"));
        runUntil(() -> false, 0.05);
        assertThat(seen).filteredOn(e -> e instanceof Event.CommandResult).last()
                .satisfies(e -> assertThat(((Event.CommandResult) e).error()).contains("emergency stop is still pressed"));
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.FAULT);

        unit.setEmergencyStop(false);
        runUntil(() -> false, 0.1);
        loop.submit(Command.of(Command.Kind.CLEAR_FAULT, "test"));
        runUntil(() -> false, 0.05);
        assertThat(loop.snapshot().fault()).isNull();
    }

    @Test
    void aDeadI2cBusMidSessionIsASensorFaultAndTheCuffVents() {
        start();
        loop.submit(Command.start("evening", "test"));
        assertThat(runUntil(() -> unit.plant().chamberMmHg(0) > 20, 120)).isTrue();
        unit.breakI2c();
        assertThat(runUntil(() -> loop.snapshot().phase() == Phase.FAULT, 1)).isTrue();
        assertThat(loop.snapshot().fault().code()).isEqualTo(FaultCode.SENSOR_UNREADABLE);
        runUntil(() -> false, 3);
        assertSafe(unit.board());
        for (int i = 0; i < peak.length; i++) {
            assertThat(unit.plant().chamberMmHg(i)).isLessThan(5);
        }
    }
}
