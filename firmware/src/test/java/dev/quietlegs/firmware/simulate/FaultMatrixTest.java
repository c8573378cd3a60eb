package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Step;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault the simulator can inject, in every chamber it can concern, in every phase it can
 * happen in, during a whole evening session: each must end in the safe state with a code that
 * names it, every chamber below 15 mmHg within 3 s of detection, and no chamber ever above the
 * absolute ceiling. The worst figures per fault are printed at the end.
 */
class FaultMatrixTest {

    /** Where in a session a fault strikes. */
    enum When { INFLATING, HOLDING, RESTING, PAUSED, TAPERING }

    /** The codes that rightly describe each fault (a stuck sensor read as "no fall" is still caught). */
    static final Map<FaultKind, Set<FaultCode>> EXPECTED = new EnumMap<>(FaultKind.class);

    static {
        EXPECTED.put(FaultKind.LEAK, EnumSet.of(FaultCode.LEAK, FaultCode.NO_RISE));
        EXPECTED.put(FaultKind.HOSE_OFF, EnumSet.of(FaultCode.NO_RISE, FaultCode.LEAK));
        // A chamber that stops emptying at a few mmHg reads like a drifted sensor: the message names both.
        EXPECTED.put(FaultKind.KINKED_HOSE, EnumSet.of(FaultCode.NO_RISE, FaultCode.NO_FALL, FaultCode.LEAK,
                FaultCode.SENSOR_DRIFT));
        EXPECTED.put(FaultKind.INLET_STUCK_OPEN, EnumSet.of(FaultCode.UNCOMMANDED_RISE, FaultCode.LEAK,
                FaultCode.NO_FALL, FaultCode.NO_RISE, FaultCode.OVERPRESSURE));
        EXPECTED.put(FaultKind.INLET_STUCK_CLOSED, EnumSet.of(FaultCode.NO_RISE));
        EXPECTED.put(FaultKind.EXHAUST_STUCK_OPEN, EnumSet.of(FaultCode.NO_RISE, FaultCode.LEAK));
        EXPECTED.put(FaultKind.EXHAUST_STUCK_CLOSED, EnumSet.of(FaultCode.NO_FALL, FaultCode.SENSOR_DRIFT));
        EXPECTED.put(FaultKind.PUMP_STUCK_ON, EnumSet.of(FaultCode.PUMP_STUCK_ON));
        EXPECTED.put(FaultKind.PUMP_DEAD, EnumSet.of(FaultCode.PUMP_NO_PROGRESS, FaultCode.NO_RISE));
        EXPECTED.put(FaultKind.SENSOR_STUCK, EnumSet.of(FaultCode.SENSOR_STUCK, FaultCode.NO_FALL,
                FaultCode.SENSOR_DRIFT, FaultCode.NO_RISE));
        EXPECTED.put(FaultKind.SENSOR_DISCONNECTED, EnumSet.of(FaultCode.SENSOR_UNREADABLE));
        EXPECTED.put(FaultKind.SENSOR_DRIFT, EnumSet.of(FaultCode.SENSOR_DRIFT, FaultCode.SENSOR_OUT_OF_RANGE,
                FaultCode.LEAK));
        EXPECTED.put(FaultKind.SENSOR_NOISY, EnumSet.of(FaultCode.SENSOR_JUMP, FaultCode.SENSOR_OUT_OF_RANGE,
                FaultCode.SENSOR_DRIFT));
        EXPECTED.put(FaultKind.LOOP_STALL, EnumSet.of(FaultCode.LOOP_STALL));
    }

    /** A kinked hose throttles the way out too: its bound is IEC 80601-2-30's 30 s, not our 3 s. */
    static final double VENT_BOUND_S = 3.0;
    static final double KINKED_VENT_BOUND_S = 30.0;

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);
    private static final Map<FaultKind, double[]> WORST = new EnumMap<>(FaultKind.class);

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (FaultKind kind : FaultKind.values()) {
            for (When when : When.values()) {
                if (kind.perChamber()) {
                    for (int ch = 0; ch < UNIT.chambers(); ch++) {
                        out.add(Arguments.of(kind, when, ch));
                    }
                } else {
                    out.add(Arguments.of(kind, when, -1));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} while {1}, chamber {2}")
    @MethodSource("cells")
    void everyFaultEndsVentedWithItsCode(FaultKind kind, When when, int chamber) {
        int watched = chamber < 0 ? 1 : chamber;
        Simulation sim = new Simulation(UNIT, PROGRAMS, PROGRAMS.find("evening").orElseThrow(), null, 1);
        switch (when) {
            case INFLATING -> sim.inject(kind, chamber, (s, t) -> running(s, 100) && s.stepOf(watched) == Step.INFLATE);
            case HOLDING -> sim.inject(kind, chamber, (s, t) -> running(s, 100) && s.stepOf(watched) == Step.HOLD);
            case RESTING -> sim.inject(kind, chamber, (s, t) -> running(s, 100) && allRest(s));
            case PAUSED -> {
                sim.command(Command.of(Command.Kind.PAUSE, "test"), (s, t) -> running(s, 100) && s.stepOf(watched) == Step.HOLD);
                sim.inject(kind, chamber, (s, t) -> s != null && s.phase() == Phase.PAUSED && s.elapsedS() > 100
                        && t > pausedAt(s, t) + 5);
                sim.command(Command.of(Command.Kind.RESUME, "test"), (s, t) -> s != null && s.phase() == Phase.PAUSED
                        && t > pausedAt(s, t) + 30);
            }
            case TAPERING -> sim.inject(kind, chamber, (s, t) -> s != null && s.phase() == Phase.TAPERING
                    && s.elapsedS() > 1000 && s.stepOf(watched) == Step.INFLATE);
        }
        Summary r = sim.run();
        String cell = kind.wire() + " while " + when + " (chamber " + chamber + ")";

        assertThat(r.injected()).as(cell + ": injected").hasSize(1);
        if (r.fault() == null) {
            fail(cell + ": not detected; session ended " + r.finalPhase().wire());
        }
        assertThat(EXPECTED.get(kind)).as(cell + ": code").contains(r.fault().code());
        if (kind.perChamber() && r.fault().chamber() >= 0 && kind != FaultKind.INLET_STUCK_OPEN) {
            assertThat(r.fault().chamber()).as(cell + ": chamber named").isEqualTo(chamber);
        }
        assertThat(r.finalPhase()).isEqualTo(Phase.FAULT);
        assertThat(r.detectionS()).as(cell + ": detected after injection").isGreaterThanOrEqualTo(0);
        double bound = kind == FaultKind.KINKED_HOSE ? KINKED_VENT_BOUND_S : VENT_BOUND_S;
        assertThat(r.ventS()).as(cell + ": every chamber below 15 mmHg after detection, s").isLessThanOrEqualTo(bound);
        assertThat(r.maxMmHg()).as(cell + ": highest pressure").isLessThanOrEqualTo(Limits.CEILING_MMHG)
                .isLessThanOrEqualTo(UNIT.maxMmHg() + UNIT.marginMmHg());
        // the outputs are in the safe state
        var board = sim.board();
        assertThat(board.pumpDuty()).isZero();
        assertThat(board.motorDuty()).isZero();
        assertThat(board.plant().mainVentDriven()).isTrue();
        for (int i = 0; i < UNIT.chambers(); i++) {
            assertThat(board.plant().exhaustDriven(i)).isTrue();
            assertThat(board.plant().chamberMmHg(i)).isLessThan(Limits.INFLATED_MMHG);
        }
        synchronized (WORST) {
            double[] w = WORST.computeIfAbsent(kind, k -> new double[3]);
            w[0] = Math.max(w[0], r.detectionS());
            w[1] = Math.max(w[1], r.ventS());
            w[2] = Math.max(w[2], r.maxMmHg());
        }
    }

    private static boolean running(dev.quietlegs.firmware.therapy.Session s, double afterS) {
        return s != null && s.phase() == Phase.RUNNING && s.elapsedS() > afterS;
    }

    private static boolean allRest(dev.quietlegs.firmware.therapy.Session s) {
        for (int i = 0; i < UNIT.chambers(); i++) {
            if (s.stepOf(i) != Step.REST) {
                return false;
            }
        }
        return true; // after every chamber's release (release lasts 2 s, then rest)
    }

    private static double pausedSince = Double.NaN;
    private static dev.quietlegs.firmware.therapy.Session pausedSession;

    /** When the given session entered its pause, tracked across calls. */
    private static synchronized double pausedAt(dev.quietlegs.firmware.therapy.Session s, double t) {
        if (pausedSession != s || Double.isNaN(pausedSince) || t < pausedSince) {
            pausedSession = s;
            pausedSince = t;
        }
        return pausedSince;
    }

    @AfterAll
    static void printWorstFigures() {
        StringBuilder sb = new StringBuilder("\nFault matrix, worst over chambers and phases:\n");
        sb.append(String.format(Locale.ROOT, "%-22s %12s %14s %12s%n", "fault", "detection s", "vent below 15 s", "max mmHg"));
        WORST.forEach((k, w) -> sb.append(String.format(Locale.ROOT, "%-22s %12.2f %14.2f %12.1f%n", k.wire(), w[0], w[1], w[2])));
        System.out.print(sb);
    }
}
