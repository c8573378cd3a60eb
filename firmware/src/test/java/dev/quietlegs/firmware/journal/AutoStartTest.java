package dev.quietlegs.firmware.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.Schedule;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.VirtualClock;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.simulate.Commissioner;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.hardware.port.Button;
import dev.quietlegs.hardware.port.StatusLight;
import dev.quietlegs.hardware.sim.PlantParameters;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in auto-start against the real control loop on the simulated board, in virtual time:
 * the wall clock is a fixed evening plus the loop's virtual nanoseconds.
 */
class AutoStartTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final UnitConfig PLAIN = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(PLAIN);
    /** Commissioned once, on the plant as shipped: the cuff on a leg. */
    private static final UnitConfig COMMISSIONED = Commissioner.commissioned(PLAIN, PROGRAMS);
    /** 20:30 on a December evening: the onset at 21:30 with the default hour's lead. */
    private static final Instant EVENING = ZonedDateTime.of(2026, 12, 3, 20, 30, 0, 0, ZONE).toInstant();
    private static final Schedule ON = new Schedule(LocalTime.of(21, 30), Duration.ofMinutes(60), true, true, null);
    private static final Schedule OFF_TODAY = new Schedule(LocalTime.of(21, 30), Duration.ofMinutes(60), true, false, null);

    private final VirtualClock clock = new VirtualClock();
    private final EventQueue events = new EventQueue(1024);
    private final List<Event> seen = new ArrayList<>();
    private final List<AutoStart.Said> said = new ArrayList<>();
    private SimulatedBoard board;
    private ControlLoop loop;
    private AutoStart auto;
    private Boolean synced = true;
    private final List<SessionRecord> sessions = new ArrayList<>();

    private long zeroAt;

    /** A unit on which a person started a session (the cuff on the leg) earlier in the afternoon. */
    private void unit(UnitConfig unit, Schedule schedule) {
        board = new SimulatedBoard(unit.plant(), clock::nanos);
        loop = new ControlLoop(unit, board, clock, PROGRAMS, events);
        auto = new AutoStart(schedule, ZONE, AutoStart.Unit.of(loop), said::add);
        startedByHand();
    }

    /** A session a person starts and stops once it runs; the wall clock is then 20:30 again. */
    private void startedByHand() {
        loop.submit(Command.start(null, "console"));
        for (int i = 0; i < 30 * PLAIN.loopRateHz() && loop.snapshot().phase() != Phase.RUNNING; i++) {
            clock.advance(loop.periodNanos());
            loop.tick();
        }
        loop.submit(Command.of(Command.Kind.STOP, "console"));
        for (int i = 0; i < 10 * PLAIN.loopRateHz(); i++) {
            clock.advance(loop.periodNanos());
            loop.tick();
        }
        while (events.poll() != null) {
            // the afternoon's session is not this test's
        }
        zeroAt = clock.nanos();
    }

    private Instant wall() {
        return EVENING.plusNanos(clock.nanos() - zeroAt);
    }

    /** Runs the loop for {@code seconds}, the auto-start checked every second as the journal's thread does. */
    private void run(double seconds) {
        long ticks = Math.round(seconds * PLAIN.loopRateHz());
        for (long i = 0; i < ticks; i++) {
            clock.advance(loop.periodNanos());
            loop.tick();
            Event e;
            while ((e = events.poll()) != null) {
                seen.add(e);
                auto.accept(e);
            }
            if (i % PLAIN.loopRateHz() == 0) {
                auto.check(wall(), clock.nanos(), synced, sessions, List.of());
            }
        }
    }

    private List<String> kinds() {
        return said.stream().map(AutoStart.Said::kind).toList();
    }

    private boolean inflated() {
        return seen.stream().anyMatch(e -> e instanceof Event.PhaseChange p && p.to() == Phase.STARTING);
    }

    @Test
    void announcesPulsesTheLightThenStartsTheDefaultProgramWhoseSelfTestRunsFirst() {
        unit(COMMISSIONED, ON);
        run(1);
        assertThat(kinds()).containsExactly("announced");
        assertThat(said.get(0).message()).isEqualTo(
                "starting the evening program in 60 s: press the button, type stop or send cmd/stop to cancel");
        List<Double> brightness = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            run(0.1);
            brightness.add(board.lightBrightness());
        }
        assertThat(board.lightSignal()).isEqualTo(StatusLight.Signal.READY);
        assertThat(brightness.stream().mapToDouble(d -> d).max().orElseThrow()).isGreaterThan(0.15);
        assertThat(brightness.stream().mapToDouble(d -> d).min().orElseThrow()).isLessThan(0.07);
        assertThat(inflated()).as("nothing moves during the minute").isFalse();
        run(55);
        assertThat(kinds()).containsExactly("announced");
        run(3);
        assertThat(kinds()).containsExactly("announced", "started");
        run(40);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.RUNNING);
        assertThat(loop.snapshot().program()).isEqualTo("evening");
        assertThat(seen).filteredOn(e -> e instanceof Event.CommandResult).extracting(e -> ((Event.CommandResult) e)
                .command().origin()).containsExactly(ControlLoop.SCHEDULE);
        assertThat(seen).filteredOn(e -> e instanceof Event.PhaseChange).extracting(e -> ((Event.PhaseChange) e).to())
                .startsWith(Phase.STARTING, Phase.RUNNING);
        assertThat(board.lightBrightness()).as("the pulse ended").isEqualTo(0.05);

        // Never twice in an evening: the rest of the window says nothing more.
        loop.submit(Command.of(Command.Kind.STOP, "console"));
        run(600);
        assertThat(kinds()).containsExactly("announced", "started");
    }

    @Test
    void theButtonInTheMinuteCancelsAndNothingInflates() {
        unit(COMMISSIONED, ON);
        run(20);
        board.press(Button.START_STOP);
        run(90);
        assertThat(kinds()).containsExactly("announced", "cancelled");
        assertThat(said.get(1).message()).isEqualTo("the evening program was cancelled (button): nothing inflates");
        assertThat(inflated()).isFalse();
        assertThat(board.pumpDuty()).isZero();
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.IDLE);
    }

    @Test
    void stopTypedOrSentInTheMinuteCancelsAndIsAnsweredAsDone() {
        unit(COMMISSIONED, ON);
        run(30);
        loop.submit(Command.of(Command.Kind.STOP, "mqtt"));
        run(60);
        assertThat(kinds()).containsExactly("announced", "cancelled");
        assertThat(said.get(1).message()).contains("(mqtt)");
        assertThat(seen).filteredOn(e -> e instanceof Event.CommandResult).singleElement()
                .satisfies(e -> assertThat(((Event.CommandResult) e).ok()).isTrue());
        assertThat(inflated()).isFalse();
    }

    @Test
    void offByDefaultAndOutsideTheWindowItDoesNothing() {
        unit(COMMISSIONED, new Schedule(LocalTime.of(21, 30), Duration.ofMinutes(60), true, false, null));
        run(120);
        assertThat(said).isEmpty();
        unit(COMMISSIONED, new Schedule(LocalTime.of(23, 0), Duration.ofMinutes(60), true, true, null));
        run(120); // 20:30: the window opens at 22:00
        assertThat(said).isEmpty();
    }

    private void refusedWith(String why) {
        run(90);
        assertThat(kinds()).containsExactly("refused");
        assertThat(said.get(0).message()).isEqualTo("not starting the evening program: " + why);
        assertThat(seen).filteredOn(e -> e instanceof Event.CommandResult r
                && r.command().origin().equals(ControlLoop.SCHEDULE)).isEmpty();
    }

    @Test
    void refusesWithoutASynchronisedClock() {
        unit(COMMISSIONED, ON);
        synced = null;
        refusedWith("the clock is not synchronised, so the time of day is not known");
    }

    @Test
    void refusesWithoutAFillOnALegToCompareWith() {
        board = new SimulatedBoard(COMMISSIONED.plant(), clock::nanos);
        loop = new ControlLoop(COMMISSIONED, board, clock, PROGRAMS, events);
        auto = new AutoStart(ON, ZONE, AutoStart.Unit.of(loop), said::add);
        zeroAt = clock.nanos();
        refusedWith("no session has been started by hand since the unit started, so there is no fill of the cuff on"
                + " a leg to compare with");
    }

    @Test
    void aVibrationOnlySessionByHandFillsNothingSoItIsNoReference() {
        board = new SimulatedBoard(COMMISSIONED.plant(), clock::nanos);
        loop = new ControlLoop(COMMISSIONED, board, clock, PROGRAMS, events);
        auto = new AutoStart(OFF_TODAY, ZONE, AutoStart.Unit.of(loop), said::add);
        loop.submit(Command.start("vibration", "console"));
        run(20);
        assertThat(loop.snapshot().phase()).isEqualTo(Phase.RUNNING);
        loop.submit(Command.of(Command.Kind.STOP, "console"));
        run(10);
        assertThat(loop.onLegFillsKnown()).isFalse();
        auto = new AutoStart(ON, ZONE, AutoStart.Unit.of(loop), said::add);
        seen.clear();
        zeroAt = clock.nanos();
        refusedWith("no session has been started by hand since the unit started, so there is no fill of the cuff on"
                + " a leg to compare with");
    }

    @Test
    void refusesACuffThatWasNeverCommissioned() {
        unit(PLAIN, ON);
        refusedWith("the cuff is not commissioned: without its profile a cuff that is not on a leg cannot be told"
                + " (run 'quietlegs commission')");
    }

    @Test
    void refusesWithAFaultLatched() {
        unit(COMMISSIONED, ON);
        board.press(Button.EMERGENCY_STOP);
        seen.clear();
        refusedWith("a fault is latched (emergency stop pressed)");
    }

    @Test
    void refusesWhenTheUnitIsNotIdle() {
        unit(COMMISSIONED, ON);
        loop.submit(Command.start("evening", "console"));
        loop.tick();
        refusedWith("the unit is not idle (a session is starting)");
    }

    private static SessionRecord session(Instant start, double minutes) {
        return new SessionRecord(1, start, true, "boot-1", 0, "evening", 1200, minutes * 60, minutes * 60, 0,
                SessionRecord.Outcome.DONE, null, null, null, "passed", 5, 5);
    }

    @Test
    void refusesWhenASessionAlreadyRanThisEvening() {
        unit(COMMISSIONED, ON);
        sessions.add(session(EVENING.minus(Duration.ofHours(5)), 20)); // 15:30 counts for tonight
        refusedWith("a session already ran this evening");
    }

    @Test
    void refusesWithinThirtyMinutesAfterASession() {
        // The onset just after noon: a session that ended ten minutes ago belongs to the night before.
        unit(COMMISSIONED, new Schedule(LocalTime.of(13, 0), Duration.ofMinutes(60), true, true, null));
        Instant noonish = ZonedDateTime.of(2026, 12, 3, 12, 5, 0, 0, ZONE).toInstant();
        sessions.add(session(noonish.minus(Duration.ofMinutes(30)), 20)); // 11:35 to 11:55
        AutoStart a = auto;
        a.check(noonish, 0, true, sessions, List.of());
        assertThat(kinds()).containsExactly("refused");
        assertThat(said.get(0).message()).isEqualTo(
                "not starting the evening program: a session ended 10 min ago (none within 30 min after one)");
    }

    @Test
    void onTheNextEveningItAnnouncesAgain() {
        unit(COMMISSIONED, ON);
        run(2);
        loop.submit(Command.of(Command.Kind.STOP, "console"));
        run(60);
        assertThat(kinds()).containsExactly("announced", "cancelled");
        auto.check(EVENING.plus(Duration.ofDays(1)), clock.nanos(), true, sessions, List.of());
        assertThat(kinds()).containsExactly("announced", "cancelled", "announced");
    }

    /**
     * A cuff that is not on a leg: nothing around the bladder, so it takes more air to reach 10 mmHg
     * (a larger compliance), or, rolled up, less. The fills on the leg come from a session started by
     * hand on the plant as shipped; then the scheduled session runs on a plant whose chambers' compliance
     * is scaled. Within the tolerance it runs; beyond it its self-test fails before any therapy.
     */
    @Test
    void aScheduledSessionRefusesACuffThatFillsUnlikeItDidOnTheLeg() {
        unit(COMMISSIONED, ON);
        double[] onLeg = loop.onLegFillS();
        System.out.printf(Locale.ROOT, "%nFills to 10 mmHg on the leg (a session started by hand): %s s%n",
                java.util.Arrays.toString(onLeg));
        System.out.println("A scheduled start with the chambers' compliance scaled (1.0: the cuff on the leg):");
        for (double scale : new double[] {0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.25, 1.6, 2.0, 2.5, 3.0, 4.0}) {
            PlantParameters p = PLAIN.plant();
            PlantParameters off = new PlantParameters(p.chambers(), p.pumpFreeFlow(), p.pumpMaxMmHg(),
                    p.manifoldCompliance(), p.chamberCompliance() * scale, p.chamberStiffenMmHg(), p.complianceScale(),
                    p.inletK(), p.exhaustK(), p.mainVentK(), p.leakK(), p.reliefMmHg(), p.reliefK(), p.switchMmHg(),
                    p.laminarMmHg(), p.sensorNoiseMmHg(), p.sensorResolutionMmHg(), p.motorTimeConstant(),
                    p.motorStartDuty(), p.stepSeconds(), p.seed());
            said.clear();
            seen.clear();
            clock.advance(Duration.ofDays(2).toNanos()); // another evening each time
            board = new SimulatedBoard(off, clock::nanos);
            loop = new ControlLoop(COMMISSIONED, board, clock, PROGRAMS, events);
            loop.onLegFillS(onLeg);
            loop.submit(Command.start(null, ControlLoop.SCHEDULE));
            long start = clock.nanos();
            while (clock.nanos() - start < 60_000_000_000L && loop.snapshot().phase() != Phase.RUNNING
                    && loop.snapshot().phase() != Phase.FAULT) {
                clock.advance(loop.periodNanos());
                loop.tick();
                Event e;
                while ((e = events.poll()) != null) {
                    seen.add(e);
                }
            }
            Phase phase = loop.snapshot().phase();
            String why = seen.stream().filter(e -> e instanceof Event.PhaseChange c && c.to() == phase)
                    .map(e -> ((Event.PhaseChange) e).why()).findFirst().orElse("");
            System.out.printf(Locale.ROOT, "  compliance x%.2f: %s: %s%n", scale, phase.wire(), why);
            assertThat(seen).as("x" + scale).noneMatch(e -> e instanceof Event.PhaseChange c && c.to() == Phase.RUNNING
                    && phase == Phase.FAULT);
            if (scale >= 0.8 && scale <= 1.25) {
                assertThat(phase).as("x" + scale).isEqualTo(Phase.RUNNING);
            } else {
                assertThat(phase).as("x" + scale).isEqualTo(Phase.FAULT);
                assertThat(loop.latchedFault().code()).isEqualTo(FaultCode.SELF_TEST_FAILED);
                if (scale > 0.3 && scale < 2) { // beyond, the ordinary self-test fails it anyway
                    assertThat(loop.latchedFault().message()).contains("the cuff may not be on a leg");
                }
            }
        }
    }

    @TempDir
    java.nio.file.Path dir;

    @Test
    void theJournalWriterRunsItOnItsThreadAndTellsItsListeners() {
        unit(PLAIN, ON); // not commissioned: refused, with why
        // The writer works in the system's zone: 20:30 there.
        FakeTimebase time = new FakeTimebase(ZonedDateTime.of(2026, 12, 3, 20, 30, 0, 0, ZoneId.systemDefault())
                .toInstant(), true);
        try (Journal j = Journal.open(dir, time)) {
            JournalWriter w = new JournalWriter(j, time, PROGRAMS).schedule(ON, AutoStart.Unit.of(loop));
            List<AutoStart.Said> told = new java.util.concurrent.CopyOnWriteArrayList<>();
            w.onAutoStart(told::add);
            w.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !told.isEmpty());
            w.close();
            assertThat(told).singleElement().satisfies(t -> assertThat(t.kind()).isEqualTo("refused"));
            assertThat(told.get(0).message()).startsWith("not starting the evening program: the cuff is not commissioned");
        }
    }
}
