package dev.quietlegs.firmware.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.therapy.Phase;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's events, in the order the loop sends them, become the rows a person would expect. */
class SessionRecorderTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private FakeTimebase time;
    private Journal journal;
    private SessionRecorder recorder;

    @BeforeEach
    void open() {
        time = new FakeTimebase(Instant.parse("2026-11-03T21:00:00Z"), true);
        journal = Journal.open(dir, time);
        recorder = new SessionRecorder(journal, time, PROGRAMS, 15 * S);
    }

    @AfterEach
    void close() {
        journal.close();
    }

    private void phase(long atS, Phase from, Phase to, String why) {
        time.mono = atS * S;
        recorder.accept(new Event.PhaseChange(atS * S, from, to, why, "evening"));
    }

    private void command(long atS, Command c) {
        recorder.accept(new Event.CommandResult(atS * S, c, null));
    }

    private SessionRecord only() {
        assertThat(journal.sessions()).hasSize(1);
        return journal.sessions().get(0);
    }

    @Test
    void aWholeSessionWithAPauseCountsOnlyTheTherapyTimeAndEndsDone() {
        phase(100, Phase.IDLE, Phase.STARTING, "start requested");
        assertThat(only().outcome()).isEqualTo(SessionRecord.Outcome.IN_PROGRESS);
        assertThat(only().startedAt()).isEqualTo(Instant.parse("2026-11-03T21:01:40Z"));
        assertThat(only().selfTest()).isEqualTo("not-run");
        phase(113, Phase.STARTING, Phase.RUNNING, "self-test passed, therapy begins");
        assertThat(only().selfTest()).isEqualTo("passed");
        command(200, Command.level(Command.Kind.VIBRATION, 3, "mqtt"));
        command(210, Command.level(Command.Kind.INTENSITY, 7, "console"));
        phase(413, Phase.RUNNING, Phase.PAUSED, "pause requested"); // 300 s delivered
        phase(533, Phase.PAUSED, Phase.RUNNING, "resumed"); // 120 s paused
        phase(1133, Phase.RUNNING, Phase.TAPERING, "taper begins");
        phase(1433, Phase.TAPERING, Phase.DONE, "program finished");
        SessionRecord r = only();
        assertThat(r.outcome()).isEqualTo(SessionRecord.Outcome.DONE);
        assertThat(r.deliveredS()).isEqualTo(1200.0);
        assertThat(r.durationS()).isEqualTo(1333.0);
        assertThat(r.pauses()).isEqualTo(1);
        assertThat(r.plannedS()).isEqualTo(1200.0);
        assertThat(r.vibration()).isEqualTo(3);
        assertThat(r.intensity()).isEqualTo(7);
        assertThat(r.stoppedBy()).isNull();
        assertThat(r.clockSynced()).isTrue();
    }

    @Test
    void aStopIsCreditedToWhoeverSentItWhoseAnswerFollowsThePhaseChange() {
        phase(0, Phase.IDLE, Phase.STARTING, "start requested");
        phase(12, Phase.STARTING, Phase.RUNNING, "self-test passed, therapy begins");
        phase(312, Phase.RUNNING, Phase.STOPPING, "stop requested");
        command(312, Command.of(Command.Kind.STOP, "button"));
        phase(315, Phase.STOPPING, Phase.IDLE, "stopped and vented");
        SessionRecord r = only();
        assertThat(r.outcome()).isEqualTo(SessionRecord.Outcome.STOPPED);
        assertThat(r.stoppedBy()).isEqualTo("button");
        assertThat(r.deliveredS()).isEqualTo(300.0);
        // a later refused stop, or one of the next session, does not rewrite it
        recorder.accept(new Event.CommandResult(400 * S, Command.of(Command.Kind.STOP, "mqtt"), "no session to stop (idle)"));
        assertThat(only().stoppedBy()).isEqualTo("button");
    }

    @Test
    void aFailedSelfTestIsAFaultWithItsCodeAndNoTherapy() {
        phase(0, Phase.IDLE, Phase.STARTING, "start requested");
        recorder.accept(new Event.FaultRaised(9 * S, new Fault(FaultCode.SELF_TEST_FAILED, "self-test failed: calf does"
                + " not hold pressure", 1, 9 * S)));
        phase(9, Phase.STARTING, Phase.FAULT, "self-test failed");
        SessionRecord r = only();
        assertThat(r.outcome()).isEqualTo(SessionRecord.Outcome.FAULT);
        assertThat(r.faultCode()).isEqualTo(FaultCode.SELF_TEST_FAILED.wire());
        assertThat(r.selfTest()).isEqualTo("failed");
        assertThat(r.deliveredS()).isZero();
        assertThat(r.reason()).contains("calf");
    }

    @Test
    void whileDeliveringTheRowIsBroughtUpToDateSoAPowerCutLosesAtMostOneInterval() {
        phase(0, Phase.IDLE, Phase.STARTING, "start requested");
        phase(10, Phase.STARTING, Phase.RUNNING, "self-test passed, therapy begins");
        time.mono = 20 * S;
        recorder.tick(time.mono); // 10 s since the last write: not yet
        assertThat(only().deliveredS()).isZero();
        time.mono = 26 * S;
        recorder.tick(time.mono);
        assertThat(only().deliveredS()).isEqualTo(16.0);
        assertThat(only().outcome()).isEqualTo(SessionRecord.Outcome.IN_PROGRESS);
        // the unit stops (power cut): a report opened meanwhile changes nothing; the unit's next start
        // finds it and says so, with what was delivered
        journal.close();
        journal = Journal.open(dir, time);
        assertThat(only().outcome()).isEqualTo(SessionRecord.Outcome.IN_PROGRESS);
        assertThat(journal.recoverInterrupted()).isEqualTo(1);
        assertThat(only().outcome()).isEqualTo(SessionRecord.Outcome.INTERRUPTED);
        assertThat(only().deliveredS()).isEqualTo(16.0);
    }

    @Test
    void aShutdownDuringASessionIsRecordedAsSuch() {
        phase(0, Phase.IDLE, Phase.STARTING, "start requested");
        phase(10, Phase.STARTING, Phase.RUNNING, "self-test passed, therapy begins");
        recorder.shutdown(70 * S);
        assertThat(only().outcome()).isEqualTo(SessionRecord.Outcome.INTERRUPTED);
        assertThat(only().reason()).contains("shut down");
        assertThat(only().deliveredS()).isEqualTo(60.0);
    }

    @Test
    void aStartThatNeverVentedIsNotStartedAndAnEmergencyStopIsAFaultByTheButton() {
        phase(0, Phase.IDLE, Phase.STARTING, "start requested");
        phase(45, Phase.STARTING, Phase.IDLE, "cuff did not vent before the start");
        assertThat(only().outcome()).isEqualTo(SessionRecord.Outcome.NOT_STARTED);
        phase(100, Phase.IDLE, Phase.STARTING, "start requested");
        phase(112, Phase.STARTING, Phase.RUNNING, "self-test passed, therapy begins");
        recorder.accept(new Event.FaultRaised(150 * S, new Fault(FaultCode.EMERGENCY_STOP, "emergency stop pressed", -1,
                150 * S)));
        phase(150, Phase.RUNNING, Phase.FAULT, "emergency stop pressed");
        SessionRecord r = journal.sessions().get(1);
        assertThat(r.outcome()).isEqualTo(SessionRecord.Outcome.FAULT);
        assertThat(r.stoppedBy()).isEqualTo("emergency-stop");
        assertThat(r.deliveredS()).isEqualTo(38.0);
    }
}
