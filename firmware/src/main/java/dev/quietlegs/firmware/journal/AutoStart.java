package dev.quietlegs.firmware.journal;

import dev.quietlegs.firmware.config.Schedule;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.therapy.Phase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;

/**
 * The opt-in auto-start ({@code auto_start: on}): at the reminder's time it announces the evening
 * program, waits a minute for a cancel (the button, {@code stop} typed or sent), then starts it
 * through the ordinary command path as {@link ControlLoop#SCHEDULE}, whose self-test then also
 * requires the cuff to fill as it did in the last session a person started (on a leg). At most one decision a night; every
 * refusal is said with why. Runs on the journal writer's thread, never the loop's.
 */
public final class AutoStart {

    public static final Duration ANNOUNCE = Duration.ofSeconds(60);
    /** No auto-start this soon after a session ended: the legs have just had one. */
    public static final Duration AFTER_SESSION = Duration.ofMinutes(30);
    /** The announcement's pulse: quicker than the reminder's, so it reads as "something is about to happen". */
    static final long ANNOUNCE_PULSE_NANOS = 1_500_000_000L;

    /** What it needs of the unit. */
    public interface Unit {
        /** Why a session cannot start now (not idle, a fault latched), or null when the unit is idle. */
        String busy();

        /** Whether the cuff has a commissioned profile to compare the self-test's fills with. */
        boolean commissioned();

        /** Whether a session a person started has shown how the cuff fills on a leg. */
        boolean onLegKnown();

        void announce(boolean on);

        /** Still announced: false once a cancel (or a session started by hand) has taken it back. */
        boolean announced();

        void pulse(long periodNanos, long forNanos);

        /** Submits the start; false when the unit refused to queue it. */
        boolean start(String program);

        /** The unit's own control loop. */
        static Unit of(ControlLoop loop) {
            return new Unit() {
                @Override
                public String busy() {
                    if (loop.latchedFault() != null) {
                        return "a fault is latched (" + loop.latchedFault().message() + ")";
                    }
                    Phase p = loop.snapshot().phase();
                    return p.active() ? "the unit is not idle (a session is " + p.wire() + ")"
                            : loop.procedureRunning() ? "the unit is not idle (commissioning is running)" : null;
                }

                @Override
                public boolean commissioned() {
                    return loop.unit().thresholds().profiled();
                }

                @Override
                public boolean onLegKnown() {
                    return loop.onLegFillsKnown();
                }

                @Override
                public void announce(boolean on) {
                    loop.announce(on);
                }

                @Override
                public boolean announced() {
                    return loop.announced();
                }

                @Override
                public void pulse(long periodNanos, long forNanos) {
                    loop.pulse(periodNanos, forNanos);
                }

                @Override
                public boolean start(String program) {
                    return loop.submit(Command.start(program, ControlLoop.SCHEDULE));
                }
            };
        }
    }

    /** What it says: {@code kind} is {@code announced}, {@code started}, {@code cancelled} or {@code refused}. */
    public record Said(String kind, String message) {
    }

    private final Schedule schedule;
    private final ZoneId zone;
    private final Unit unit;
    private final Consumer<Said> said;
    private LocalDate decidedFor;
    private long announcedAt = Long.MIN_VALUE;
    private String cancelledBy;

    public AutoStart(Schedule schedule, ZoneId zone, Unit unit, Consumer<Said> said) {
        this.schedule = schedule;
        this.zone = zone;
        this.unit = unit;
        this.said = said;
    }

    /** The unit's events, on the same thread: who stopped, when a stop cancels the announcement. */
    public void accept(Event e) {
        if (announcedAt != Long.MIN_VALUE && e instanceof Event.CommandResult r && r.ok()
                && r.command().kind() == Command.Kind.STOP) {
            cancelledBy = r.command().origin();
        }
    }

    /** Whether an announcement's minute is running. */
    public boolean announcing() {
        return announcedAt != Long.MIN_VALUE;
    }

    /** Called every second or so with the wall clock, the monotonic clock and the journal. */
    public void check(Instant now, long mono, Boolean synced, List<SessionRecord> sessions, List<DiaryEntry> diary) {
        if (!schedule.autoStart()) {
            return;
        }
        if (announcing()) {
            minute(now, mono, synced, sessions);
            return;
        }
        LocalDate tonight = Adherence.night(now, zone);
        if (tonight.equals(decidedFor)) {
            return;
        }
        Instant[] window = Reminder.window(schedule, diary, tonight, zone);
        if (window == null || now.isBefore(window[0]) || !now.isBefore(window[1])) {
            return;
        }
        decidedFor = tonight; // whatever happens next: never twice in an evening
        String why = refusal(now, synced, sessions, tonight);
        if (why != null) {
            say("refused", "not starting the evening program: " + why);
            return;
        }
        announcedAt = mono;
        cancelledBy = null;
        unit.announce(true);
        unit.pulse(ANNOUNCE_PULSE_NANOS, ANNOUNCE.toNanos());
        say("announced", "starting the evening program in " + ANNOUNCE.toSeconds()
                + " s: press the button, type stop or send cmd/stop to cancel");
    }

    private void minute(Instant now, long mono, Boolean synced, List<SessionRecord> sessions) {
        if (!unit.announced()) {
            end();
            String by = cancelledBy != null ? " (" + cancelledBy + ")" : "";
            say("cancelled", unit.busy() != null ? "the evening program was not started by the schedule: "
                    + unit.busy() : "the evening program was cancelled" + by + ": nothing inflates");
            return;
        }
        if (mono - announcedAt < ANNOUNCE.toNanos()) {
            return;
        }
        end();
        String why = refusal(now, synced, sessions, decidedFor);
        if (why != null) {
            say("refused", "not starting the evening program: " + why);
        } else if (unit.start(schedule.program())) {
            say("started", "starting the evening program: the self-test comes first, and checks the cuff fills as"
                    + " it did on the leg");
        } else {
            say("refused", "not starting the evening program: the unit did not take the command");
        }
    }

    private void end() {
        announcedAt = Long.MIN_VALUE;
        unit.announce(false);
        unit.pulse(1, 0);
    }

    /** Why it may not start now, or null. */
    private String refusal(Instant now, Boolean synced, List<SessionRecord> sessions, LocalDate tonight) {
        if (!Boolean.TRUE.equals(synced)) {
            return "the clock is not synchronised, so the time of day is not known";
        }
        String busy = unit.busy();
        if (busy != null) {
            return busy;
        }
        if (!unit.commissioned()) {
            return "the cuff is not commissioned: without its profile a cuff that is not on a leg cannot be told"
                    + " (run 'quietlegs commission')";
        }
        if (!unit.onLegKnown()) {
            return "no session has been started by hand since the unit started, so there is no fill of the cuff on"
                    + " a leg to compare with";
        }
        for (SessionRecord s : sessions) {
            Duration since = Duration.between(s.endedAt(), now);
            if (!since.isNegative() && since.compareTo(AFTER_SESSION) < 0) {
                return "a session ended " + since.toMinutes() + " min ago (none within "
                        + AFTER_SESSION.toMinutes() + " min after one)";
            }
        }
        for (SessionRecord s : sessions) {
            if (Adherence.night(s.startedAt(), zone).equals(tonight)) {
                return "a session already ran this evening";
            }
        }
        return null;
    }

    private void say(String kind, String message) {
        said.accept(new Said(kind, message));
    }
}
