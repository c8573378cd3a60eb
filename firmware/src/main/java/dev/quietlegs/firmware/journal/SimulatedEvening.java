package dev.quietlegs.firmware.journal;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.simulate.Summary;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import java.time.Instant;
import java.util.Map;

/**
 * A simulated session into a journal, as the unit would write it: its phase changes (and its fault)
 * replayed as the loop's events through the same recorder, the virtual clock's zero at {@code start}.
 */
public final class SimulatedEvening {

    private SimulatedEvening() {
    }

    public static SessionRecord record(Journal journal, Summary summary, Program program, Instant start) {
        long[] now = {0};
        Timebase time = Timebase.fixed(start, () -> now[0]);
        SessionRecorder recorder = new SessionRecorder(journal, time, new ProgramCatalog(Map.of(program.name(), program),
                program.name()), Long.MAX_VALUE);
        Phase from = Phase.IDLE;
        SessionRecord last = null;
        for (Summary.PhaseMark m : summary.phases()) {
            long at = Math.round(m.atS() * 1e9);
            now[0] = at;
            if (m.phase() == Phase.FAULT && summary.fault() != null) {
                recorder.accept(new Event.FaultRaised(summary.fault().atNanos(), summary.fault()));
            }
            recorder.accept(new Event.PhaseChange(at, from, m.phase(), m.why(), program.name()));
            last = recorder.current() != null ? recorder.current() : last;
            from = m.phase();
        }
        recorder.shutdown(now[0]); // a simulation cut off with the session under way
        if (last == null) {
            throw new IllegalStateException("the simulated session never started");
        }
        long id = last.id();
        return journal.sessions().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
    }
}
