package dev.quietlegs.hardware.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.port.StatusLight.Signal;
import dev.quietlegs.hardware.port.OutputFrame;
import dev.quietlegs.hardware.wiring.PinMap;
import dev.quietlegs.hardware.wiring.PinRules.PwmSoc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The board built from the standard pin map on Pi4J's mock plugin, its pins read back from the mock. */
class Pi4jBoardTest {

    private long nanos;
    private final MockUnit unit = new MockUnit(3, () -> nanos);
    private final Pi4jBoard board = unit.board();

    @AfterEach
    void close() {
        unit.close();
    }

    private boolean high(String id) {
        return unit.pi4j().registry().get(id, DigitalOutput.class).isHigh();
    }

    private Pwm pwm(String id) {
        return unit.pi4j().registry().get(id, Pwm.class);
    }

    /** One loop tick's worth of polling, {@code ms} later. */
    private Button tick(int ms) {
        nanos += ms * 1_000_000L;
        Button first = board.buttons().pollPress();
        Button more = first == null ? null : board.buttons().pollPress();
        if (first != null) {
            assertThat(more).as("one press per button per tick").isNotEqualTo(first);
        }
        while (more != null) {
            more = board.buttons().pollPress();
        }
        return first;
    }

    @Test
    void everyPinStartsInTheSafeStateOnTheWiredGpio() {
        for (String id : new String[] {"inlet-1", "inlet-2", "inlet-3", "exhaust-1", "exhaust-2", "exhaust-3",
                "main-vent", "status-light", "fault-light"}) {
            assertThat(high(id)).as(id).isFalse();
        }
        assertThat(unit.pi4j().registry().get("inlet-2", DigitalOutput.class).address()).isEqualTo(27);
        assertThat(unit.pi4j().registry().get("main-vent", DigitalOutput.class).address()).isEqualTo(26);
        assertThat(pwm("pump").address()).as("GPIO19 is channel 1 on a Pi 4").isEqualTo(1);
        assertThat(pwm("motor").address()).isEqualTo(0);
        assertThat(pwm("pump").isOn()).isFalse();
        assertThat(high("heartbeat")).isFalse();
        assertThat(unit.pi4j().registry().get("heartbeat", DigitalOutput.class).address()).isEqualTo(20);
    }

    @Test
    void theHeartbeatTogglesOncePerCallAndClosingLeavesItStill() {
        DigitalOutput line = unit.pi4j().registry().get("heartbeat", DigitalOutput.class);
        board.heartbeat();
        assertThat(line.isHigh()).isTrue();
        board.heartbeat();
        assertThat(line.isHigh()).isFalse();
        board.heartbeat();
        board.close();
        assertThat(line.isLow()).isTrue();
    }

    @Test
    void pwmRunsAtTheConfiguredInaudibleFrequencyAndTheMotorFromItsSlowestRunningDuty() {
        board.write(new OutputFrame(3).pump(0.42).motor(3 / 7.0));
        assertThat(pwm("pump").dutyCycle()).isEqualTo(42);
        assertThat(pwm("pump").frequency()).isEqualTo(25_000);
        assertThat(pwm("motor").dutyCycle()).isEqualTo(60);
    }

    @Test
    void aValveCommandMovesOnlyItsPin() {
        board.write(new OutputFrame(3).inletOpen(2, true).exhaustOpen(2, false).ventOpen(false));
        assertThat(high("inlet-3") && high("exhaust-3") && high("main-vent")).isTrue();
        assertThat(high("inlet-1") || high("inlet-2") || high("exhaust-1") || high("exhaust-2")).isFalse();
    }

    @Test
    void closingAppliesTheSafeStateAndShutsPi4jDown() {
        board.write(new OutputFrame(3).pump(0.8).motor(0.5).inletOpen(0, true).exhaustOpen(1, false)
                .ventOpen(false));
        board.light().show(Signal.FAULT, 1);
        DigitalOutput inlet = unit.pi4j().registry().get("inlet-1", DigitalOutput.class);
        DigitalOutput exhaust = unit.pi4j().registry().get("exhaust-2", DigitalOutput.class);
        DigitalOutput vent = unit.pi4j().registry().get("main-vent", DigitalOutput.class);
        Pwm pump = pwm("pump");
        board.close();
        assertThat(pump.isOn()).isFalse();
        assertThat(inlet.isLow() && exhaust.isLow() && vent.isLow()).isTrue();
        assertThat(unit.pi4j().isShutdown()).isTrue();
        board.close(); // twice is harmless
    }

    @Test
    void theSafeStateCanBeDrivenFromAFreshProcessWithoutTheRestOfTheBoard() {
        Context pi4j = Pi4J.newContextBuilder().add(MockPwmProvider.newInstance(),
                MockDigitalOutputProvider.newInstance()).build();
        try {
            Pi4jBoard.driveSafe(pi4j, PinMap.standard(3), PwmSoc.RP1);
            assertThat(pi4j.registry().all()).hasSize(9);
            for (String id : new String[] {"inlet-1", "inlet-3", "exhaust-2", "main-vent"}) {
                assertThat(pi4j.registry().get(id, DigitalOutput.class).isLow()).as(id).isTrue();
            }
            assertThat(pi4j.registry().get("pump", Pwm.class).isOn()).isFalse();
            assertThat(pi4j.registry().get("pump", Pwm.class).address()).as("GPIO19 on a Pi 5").isEqualTo(3);
        } finally {
            pi4j.shutdown();
        }
    }

    @Test
    void aPressCountsOnceAfterTheDebounceAndABounceDoesNot() {
        assertThat(tick(10)).isNull();
        unit.setButton(true); // a 10 ms blip: contact bounce
        assertThat(tick(10)).isNull();
        unit.setButton(false);
        assertThat(tick(10)).isNull();
        assertThat(tick(40)).isNull();

        unit.setButton(true);
        assertThat(tick(10)).isNull();
        assertThat(tick(10)).isNull();
        assertThat(tick(10)).isNull();
        assertThat(tick(10)).isEqualTo(Button.START_STOP); // 30 ms stable
        assertThat(tick(10)).isNull(); // held: still one press
        assertThat(tick(500)).isNull();
        unit.setButton(false);
        assertThat(tick(10)).isNull();
        assertThat(tick(40)).isNull();
    }

    @Test
    void theEmergencyStopIsHeldUntilReleased() {
        tick(10);
        unit.setEmergencyStop(true);
        tick(10);
        assertThat(tick(30)).isEqualTo(Button.EMERGENCY_STOP);
        assertThat(board.buttons().emergencyStopHeld()).isTrue();
        assertThat(tick(100)).isNull();
        unit.setEmergencyStop(false);
        tick(10);
        tick(30);
        assertThat(board.buttons().emergencyStopHeld()).isFalse();
    }

    @Test
    void theGreenLightIsOnWhenReadyAndTheRedOneOnAFault() {
        board.light().show(Signal.READY, 0.05);
        assertThat(high("status-light")).isTrue();
        assertThat(high("fault-light")).isFalse();
        board.light().show(Signal.FAULT, 0.6);
        assertThat(high("status-light")).isFalse();
        assertThat(high("fault-light")).isTrue();
        board.light().show(Signal.ACTIVE, 0);
        assertThat(high("status-light") || high("fault-light")).isFalse();
    }

    @Test
    void calibrationRemovesEachSensorsOffsetAndReadingsFollowThePlant() {
        unit.calibrate();
        for (int i = 0; i < 40; i++) { // ten rounds of four inputs, 10 ms apart
            nanos += 10_000_000L;
            board.sensors().sample();
            unit.afterTick(nanos);
        }
        for (int c = 0; c < 3; c++) {
            assertThat(board.sensors().readMmHg(c)).as("chamber %d", c).isCloseTo(0, within(0.8));
        }
        assertThat(board.sensors().readManifoldMmHg()).isCloseTo(0, within(0.8));
    }

    @Test
    void aCuffStillFullAtStartUpIsNotTakenAsZero() {
        unit.plant().setDriverSupply(true); // filled before this start, by hand
        unit.plant().setMainVent(false);
        unit.plant().setExhaust(1, false);
        unit.plant().setInlet(1, true);
        unit.plant().setPumpDuty(1);
        unit.plant().advance(3);
        unit.plant().setPumpDuty(0);
        unit.plant().setInlet(1, false);
        assertThat(unit.plant().chamberMmHg(1)).isGreaterThan(20);
        assertThatThrownBy(unit::calibrate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chamber 2 (ADS1115 input 1)").hasMessageContaining("is the cuff empty");
    }

    @Test
    void anI2cFailureMakesTheReadingUnreadable() {
        unit.calibrate();
        unit.breakI2c();
        for (int i = 0; i < 8; i++) {
            nanos += 10_000_000L;
            board.sensors().sample();
            unit.afterTick(nanos);
        }
        assertThat(board.sensors().readMmHg(0)).isNaN();
        assertThat(board.sensors().readManifoldMmHg()).isNaN();
    }
}
