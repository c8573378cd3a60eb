package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.therapy.Phase;
import java.util.List;
import java.util.Locale;

/**
 * The result of a simulated session.
 *
 * @param sessionS       therapy seconds delivered (the program's time, pauses excluded)
 * @param simulatedS     simulated seconds from the start command to the end (the vent check included)
 * @param wallMs         wall-clock milliseconds the simulation took
 * @param cycles         compression cycles completed
 * @param orderViolations cycles in which a chamber reached its target before the one below it
 * @param vibration      the vibration level delivered, once a minute
 * @param finalMaxMmHg   the highest chamber pressure 3 s after the session ended
 * @param fault          the first fault the supervisor latched, or {@code null}
 * @param faultS         when it was detected, simulated seconds
 * @param detectionS     from the first injected fault to its detection
 * @param ventS          from detection until every chamber was below 15 mmHg
 * @param releasedS      from the first injected fault until every chamber was below 15 mmHg for
 *                       good (0 when none was above it after the injection; NaN without a fault)
 * @param maxMmHg        the highest pressure any chamber reached, at any time
 */
public record Summary(String program, Phase finalPhase, double sessionS, double simulatedS, long wallMs, long ticks,
                      int loopRateHz, int cycles, int orderViolations, List<ChamberStats> chambers,
                      List<VibrationSample> vibration, double finalMaxMmHg, List<PhaseMark> phases,
                      List<Simulation.Injected> injected, Fault fault, double faultS, double detectionS,
                      double ventS, double releasedS, double maxMmHg, List<String> chamberNames) {

    /** The delivered vibration level at a moment of the session. */
    public record VibrationSample(double atS, double level) {
    }

    /** When the session entered a phase, in simulated seconds from the start command. */
    public record PhaseMark(double atS, Phase phase, String why) {
    }

    public String toJson() {
        Json j = new Json().begin()
                .field("program", program)
                .field("final_phase", finalPhase.wire())
                .field("session_s", sessionS, 3)
                .field("simulated_s", simulatedS, 3)
                .field("wall_ms", wallMs)
                .field("ticks", ticks)
                .field("loop_rate_hz", loopRateHz)
                .field("cycles", cycles)
                .field("order_violations", orderViolations)
                .field("final_max_mmhg", finalMaxMmHg, 2)
                .field("max_mmhg", maxMmHg, 2);
        j.key("faults_injected").beginArray();
        for (Simulation.Injected f : injected) {
            j.begin().field("kind", f.kind().wire()).field("chamber", f.chamber() < 0 ? null : chamberNames.get(f.chamber()))
                    .field("at_s", f.atS(), 3).end();
        }
        j.endArray();
        j.key("fault");
        if (fault == null) {
            j.nullValue();
        } else {
            j.begin().field("code", fault.code().wire()).field("message", fault.message())
                    .field("chamber", fault.chamber() < 0 ? null : chamberNames.get(fault.chamber()))
                    .field("at_s", faultS, 3).end();
        }
        j.field("detection_s", detectionS, 3).field("vent_s", ventS, 3).field("released_s", releasedS, 3);
        j.key("chambers").beginArray();
        for (ChamberStats c : chambers) {
            j.begin().field("name", c.name()).field("cycles", c.cycles()).field("reached", c.reached())
                    .field("peak_mmhg", c.peakMmHg(), 2).field("max_overshoot_mmhg", c.maxOvershootMmHg(), 2)
                    .field("hold_mae_mmhg", c.holdMaeMmHg(), 3).field("mean_reach_s", c.meanReachS(), 3)
                    .field("max_reach_s", c.maxReachS(), 3).end();
        }
        j.endArray();
        j.key("vibration").beginArray();
        for (VibrationSample v : vibration) {
            j.begin().field("at_s", v.atS(), 1).field("level", v.level(), 2).end();
        }
        j.endArray();
        j.key("phases").beginArray();
        for (PhaseMark p : phases) {
            j.begin().field("at_s", p.atS(), 3).field("phase", p.phase().wire()).field("why", p.why()).end();
        }
        j.endArray();
        return j.end().toString();
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "program        %s%n", program));
        sb.append(String.format(Locale.ROOT, "final phase    %s%n", finalPhase.wire()));
        sb.append(String.format(Locale.ROOT, "session        %.1f s of therapy, %.1f s simulated, %d ticks at %d Hz%n",
                sessionS, simulatedS, ticks, loopRateHz));
        sb.append(String.format(Locale.ROOT, "wall clock     %d ms (%.0fx real time)%n", wallMs,
                wallMs == 0 ? Double.POSITIVE_INFINITY : simulatedS * 1000 / wallMs));
        sb.append(String.format(Locale.ROOT, "cycles         %d completed, %d out of ankle-to-thigh order%n",
                cycles, orderViolations));
        if (!chambers.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%-10s %7s %10s %10s %10s %10s %10s%n",
                    "chamber", "reached", "peak mmHg", "overshoot", "hold MAE", "reach s", "max reach"));
            for (ChamberStats c : chambers) {
                sb.append(String.format(Locale.ROOT, "%-10s %3d/%-3d %10.1f %10.2f %10.2f %10.2f %10.2f%n",
                        c.name(), c.reached(), c.cycles(), c.peakMmHg(), c.maxOvershootMmHg(), c.holdMaeMmHg(),
                        c.meanReachS(), c.maxReachS()));
            }
        }
        sb.append("vibration      ");
        for (VibrationSample v : vibration) {
            sb.append(String.format(Locale.ROOT, "%.0f'=%.1f ", v.atS() / 60, v.level()));
        }
        sb.append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "after the end  highest chamber %.1f mmHg (highest ever %.1f mmHg)%n",
                finalMaxMmHg, maxMmHg));
        for (Simulation.Injected f : injected) {
            sb.append(String.format(Locale.ROOT, "injected       %s%s at %.2f s%n", f.kind().wire(),
                    f.chamber() < 0 ? "" : " (" + chamberNames.get(f.chamber()) + ")", f.atS()));
        }
        if (fault != null) {
            sb.append(String.format(Locale.ROOT, "fault          %s at %.2f s: %s%n", fault.code().wire(), faultS,
                    fault.message()));
            sb.append(String.format(Locale.ROOT, "               detected %.2f s after injection, every chamber below"
                    + " 15 mmHg %.2f s after detection%n", detectionS, ventS));
        } else if (!injected.isEmpty()) {
            sb.append("fault          none detected by the software\n");
        }
        if (!injected.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "released       every chamber below 15 mmHg for good %.2f s after"
                    + " the injection%n", releasedS));
        }
        return sb.toString();
    }
}
