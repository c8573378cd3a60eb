package dev.quietlegs.firmware.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.quietlegs.firmware.config.Schedule;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.VirtualClock;
import dev.quietlegs.hardware.port.StatusLight;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reminder an hour before the usual onset, in virtual time, minute by minute through evenings. */
class ReminderTest {

    @TempDir
    Path dir;

    private static Instant at(String t) {
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    }

    /** Reports of the onset, each the morning after its night. */
    private static List<DiaryEntry> onsets(String... nightAndTime) {
        List<DiaryEntry> out = new ArrayList<>();
        for (String s : nightAndTime) {
            String[] p = s.split(" ");
            String morning = java.time.LocalDate.parse(p[0]).plusDays(1) + "T07:00";
            out.add(DiaryEntry.parse(("morning sleep=5 falling=5 night=5 onset=" + p[1]).split(" ")).at(at(morning), true));
        }
        return out;
    }

    /** Every minute from 12:00 on {@code night} to 12:00 the day after: the times a reminder came. */
    private static List<String> evening(Reminder r, String night, Boolean synced, List<SessionRecord> sessions,
                                        List<DiaryEntry> diary) {
        List<String> came = new ArrayList<>();
        for (Instant t = at(night + "T12:00"); t.isBefore(at(night + "T12:00").plus(Duration.ofDays(1)));
             t = t.plus(Duration.ofMinutes(1))) {
            String text = r.check(t, synced, sessions, diary);
            if (text != null) {
                came.add(t + " " + text);
            }
        }
        return came;
    }

    @Test
    void anHourBeforeTheMedianOfTheLastReportsOnceANight() {
        // median of 21:00, 21:30, 22:00, 23:30 is 21:45
        List<DiaryEntry> diary = onsets("2026-11-01 21:00", "2026-11-02 23:30", "2026-11-03 21:30", "2026-11-04 22:00");
        Reminder r = new Reminder(ZoneOffset.UTC);
        assertThat(evening(r, "2026-11-05", true, List.of(), diary)).singleElement().asString()
                .startsWith("2026-11-05T20:45:00Z your legs usually get restless around 21:45");
        assertThat(evening(r, "2026-11-06", true, List.of(), diary)).hasSize(1); // the next night again
    }

    @Test
    void anOnsetAfterMidnightIsRemindedTheEveningBefore() {
        List<DiaryEntry> diary = onsets("2026-11-01 00:30", "2026-11-02 00:20", "2026-11-03 00:40");
        assertThat(evening(new Reminder(ZoneOffset.UTC), "2026-11-04", true, List.of(), diary)).singleElement().asString()
                .startsWith("2026-11-04T23:30:00Z");
    }

    @Test
    void noReminderOnceTonightsSessionBeganWithoutEnoughReportsOrWithAClockNotYetSynchronised() {
        List<DiaryEntry> diary = onsets("2026-11-01 21:00", "2026-11-02 21:30", "2026-11-03 22:00");
        SessionRecord tonight = new SessionRecord(1, at("2026-11-05T19:30"), true, "b", 0, "evening", 1200, 0, 0, 0,
                SessionRecord.Outcome.IN_PROGRESS, null, null, null, "not-run", 6, 5);
        assertThat(evening(new Reminder(ZoneOffset.UTC), "2026-11-05", true, List.of(tonight), diary)).isEmpty();
        assertThat(evening(new Reminder(ZoneOffset.UTC), "2026-11-05", false, List.of(), diary)).isEmpty();
        assertThat(evening(new Reminder(ZoneOffset.UTC), "2026-11-05", null, List.of(), diary)).isEmpty();
        assertThat(evening(new Reminder(ZoneOffset.UTC), "2026-11-05", true, List.of(), diary.subList(0, 2))).isEmpty();
        // reports older than 14 nights do not count
        assertThat(evening(new Reminder(ZoneOffset.UTC), "2026-11-25", true, List.of(), diary)).isEmpty();
    }

    @Test
    void theUnitsWriterTellsItsListenersWhenTheReminderIsDue() {
        FakeTimebase time = new FakeTimebase(Instant.parse("2026-11-05T20:50:00Z"), true);
        try (Journal j = Journal.open(dir, time)) {
            onsets("2026-11-01 21:00", "2026-11-02 21:30", "2026-11-03 22:00").forEach(j::add);
            JournalWriter w = new JournalWriter(j, time, ShippedConfig.programs(ShippedConfig.unit()));
            List<String> told = new CopyOnWriteArrayList<>();
            w.onReminder(told::add);
            w.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> !told.isEmpty());
            w.close();
            assertThat(told).singleElement().asString().contains("around 21:30");
        }
    }

    @Test
    void theSchedulesOnsetAndLeadTimeNeedNoReportsAndReminderOffSilencesIt() {
        Schedule s = new Schedule(java.time.LocalTime.of(22, 0), Duration.ofMinutes(45), true, false, null);
        assertThat(evening(new Reminder(ZoneOffset.UTC, s), "2026-11-05", true, List.of(), List.of())).singleElement()
                .asString().isEqualTo("2026-11-05T21:15:00Z your legs usually get restless around 22:00: a session now"
                        + " gives them 45 minutes' start");
        Schedule off = new Schedule(java.time.LocalTime.of(22, 0), Duration.ofMinutes(45), false, false, null);
        assertThat(evening(new Reminder(ZoneOffset.UTC, off), "2026-11-05", true, List.of(), List.of())).isEmpty();
    }

    @Test
    void theReminderPulsesTheStatusLightThroughTheLoop() {
        UnitConfig unit = ShippedConfig.unit();
        VirtualClock clock = new VirtualClock();
        SimulatedBoard board = new SimulatedBoard(unit.plant(), clock::nanos);
        ControlLoop loop = new ControlLoop(unit, board, clock, ShippedConfig.programs(unit), new EventQueue(64));
        FakeTimebase time = new FakeTimebase(Instant.parse("2026-11-05T20:50:00Z"), true);
        try (Journal j = Journal.open(dir, time)) {
            onsets("2026-11-01 21:00", "2026-11-02 21:30", "2026-11-03 22:00").forEach(j::add);
            JournalWriter w = new JournalWriter(j, time, ShippedConfig.programs(unit))
                    .schedule(Schedule.defaults(), AutoStart.Unit.of(loop));
            List<String> told = new CopyOnWriteArrayList<>();
            w.onReminder(told::add);
            loop.tick();
            assertThat(board.lightBrightness()).isEqualTo(0.05);
            w.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> !told.isEmpty());
            w.close();
            List<Double> seen = new ArrayList<>();
            for (int i = 0; i < 800; i++) { // 8 s: two of the pulse's 4 s breaths
                clock.advance(loop.periodNanos());
                loop.tick();
                seen.add(board.lightBrightness());
            }
            assertThat(board.lightSignal()).isEqualTo(StatusLight.Signal.READY);
            assertThat(seen.stream().mapToDouble(d -> d).max().orElseThrow()).isEqualTo(0.24, within(1e-9));
            assertThat(seen.stream().mapToDouble(d -> d).min().orElseThrow()).isEqualTo(0.03, within(1e-9));
            for (long t = 0; t < JournalWriter.REMINDER_PULSE_FOR_NANOS; t += loop.periodNanos()) {
                clock.advance(loop.periodNanos());
                loop.tick();
            }
            assertThat(board.lightBrightness()).as("after ten minutes, back to the ready glow").isEqualTo(0.05);
        }
    }
}
