package dev.quietlegs.firmware.journal;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.firmware.therapy.Vibration;

/**
 * Turns the unit's events into journal rows: a row when a session starts, updated at each phase
 * change and every {@code progressNanos} while it delivers, finished when it ends. Who stopped it
 * comes from the stop command's answer, which follows the phase change it caused.
 * Runs on one thread (the journal writer's or a simulation's): not thread-safe.
 */
public final class SessionRecorder {

    private final Journal journal;
    private final Timebase time;
    private final ProgramCatalog programs;
    private final long progressNanos;

    private SessionRecord current;
    /** The session that ended last, until the command that ended it is known. */
    private SessionRecord ended;
    private Fault lastFault;
    private long startNanos;
    private long deliveringSince = -1;
    private double deliveredS;
    private long lastWrite;

    public SessionRecorder(Journal journal, Timebase time, ProgramCatalog programs, long progressNanos) {
        this.journal = journal;
        this.time = time;
        this.programs = programs;
        this.progressNanos = progressNanos;
    }

    /** The session under way, as last written, or {@code null}. */
    public SessionRecord current() {
        return current;
    }

    public void accept(Event e) {
        switch (e) {
            case Event.PhaseChange pc -> phase(pc);
            case Event.FaultRaised f -> lastFault = f.fault();
            case Event.CommandResult r -> command(r);
        }
    }

    /** Called now and then with the monotonic time: a delivering session's row is brought up to date. */
    public void tick(long nowNanos) {
        if (current != null && nowNanos - lastWrite >= progressNanos) {
            write(nowNanos, current.outcome());
        }
    }

    /**
     * The unit is shutting down with a session under way (the loop has already vented): the row says
     * so, with what it delivered, instead of being found in progress at the next start.
     */
    public void shutdown(long nowNanos) {
        if (current != null) {
            finish(nowNanos, SessionRecord.Outcome.INTERRUPTED, null, null, "the unit was shut down during the session");
        }
    }

    private void phase(Event.PhaseChange pc) {
        long at = pc.atNanos();
        if (pc.to() == Phase.STARTING) {
            begin(pc, at);
            return;
        }
        if (current == null) {
            return; // a session that began before the journal did
        }
        if (pc.from().delivering() && !pc.to().delivering()) {
            deliveredS += (at - deliveringSince) / 1e9;
            deliveringSince = -1;
        }
        if (pc.to().delivering() && deliveringSince < 0) {
            deliveringSince = at;
        }
        if (pc.from() == Phase.STARTING && pc.to() == Phase.RUNNING) {
            current = with(current, "passed", null, null, null, current.outcome());
        }
        switch (pc.to()) {
            case PAUSED -> {
                current = new SessionRecord(current.id(), current.startedAt(), current.clockSynced(), current.boot(),
                        current.startMonoNanos(), current.program(), current.plannedS(), current.durationS(),
                        current.deliveredS(), current.pauses() + 1, current.outcome(), null, null, null,
                        current.selfTest(), current.vibration(), current.intensity());
                write(at, SessionRecord.Outcome.IN_PROGRESS);
            }
            case DONE -> finish(at, SessionRecord.Outcome.DONE, null, null, pc.why());
            case STOPPING -> finish(at, SessionRecord.Outcome.STOPPED, null, null, pc.why());
            case FAULT -> {
                Fault f = lastFault;
                boolean selfTest = f != null && f.code() == FaultCode.SELF_TEST_FAILED;
                if (selfTest) {
                    current = with(current, "failed", null, null, null, current.outcome());
                }
                String by = f != null && f.code() == FaultCode.EMERGENCY_STOP ? "emergency-stop" : null;
                finish(at, SessionRecord.Outcome.FAULT, by, f == null ? null : f.code().wire(),
                        f == null ? pc.why() : f.message());
            }
            case IDLE -> finish(at, SessionRecord.Outcome.NOT_STARTED, null, null, pc.why());
            default -> write(at, SessionRecord.Outcome.IN_PROGRESS);
        }
    }

    private void begin(Event.PhaseChange pc, long at) {
        Program p = pc.program() == null ? null : programs.find(pc.program()).orElse(null);
        startNanos = at;
        deliveredS = 0;
        deliveringSince = -1;
        lastFault = null;
        ended = null;
        SessionRecord r = new SessionRecord(0, time.wallAt(at), time.synced(), time.boot(), at, pc.program(),
                p == null ? 0 : p.durationS(), 0, 0, 0, SessionRecord.Outcome.IN_PROGRESS, null, null, null, "not-run",
                p == null ? 0 : p.vibration().map(Vibration::level).orElse(0), p == null ? 0 : p.intensity());
        current = journal.insert(r);
        lastWrite = at;
    }

    private void command(Event.CommandResult r) {
        Command c = r.command();
        if (!r.ok()) {
            return;
        }
        if (c.kind() == Command.Kind.STOP && ended != null && ended.outcome() == SessionRecord.Outcome.STOPPED
                && ended.stoppedBy() == null) {
            ended = with(ended, ended.selfTest(), c.origin(), ended.faultCode(), ended.reason(), ended.outcome());
            journal.update(ended);
        } else if (current != null && (c.kind() == Command.Kind.VIBRATION || c.kind() == Command.Kind.INTENSITY)) {
            int vibration = c.kind() == Command.Kind.VIBRATION ? c.level() : current.vibration();
            int intensity = c.kind() == Command.Kind.INTENSITY ? c.level() : current.intensity();
            current = new SessionRecord(current.id(), current.startedAt(), current.clockSynced(), current.boot(),
                    current.startMonoNanos(), current.program(), current.plannedS(), current.durationS(),
                    current.deliveredS(), current.pauses(), current.outcome(), null, null, null, current.selfTest(),
                    vibration, intensity);
        }
    }

    private void finish(long at, SessionRecord.Outcome outcome, String by, String code, String reason) {
        current = with(current, current.selfTest(), by, code, reason, outcome);
        write(at, outcome);
        ended = current;
        current = null;
    }

    private void write(long at, SessionRecord.Outcome outcome) {
        double delivered = deliveredS + (deliveringSince >= 0 ? (at - deliveringSince) / 1e9 : 0);
        current = new SessionRecord(current.id(), current.startedAt(), current.clockSynced(), current.boot(),
                current.startMonoNanos(), current.program(), current.plannedS(), (at - startNanos) / 1e9, delivered,
                current.pauses(), outcome, current.stoppedBy(), current.faultCode(), current.reason(), current.selfTest(),
                current.vibration(), current.intensity());
        journal.update(current);
        lastWrite = at;
    }

    private static SessionRecord with(SessionRecord r, String selfTest, String by, String code, String reason,
                                      SessionRecord.Outcome outcome) {
        return new SessionRecord(r.id(), r.startedAt(), r.clockSynced(), r.boot(), r.startMonoNanos(), r.program(),
                r.plannedS(), r.durationS(), r.deliveredS(), r.pauses(), outcome, by, code, reason, selfTest, r.vibration(),
                r.intensity());
    }
}
