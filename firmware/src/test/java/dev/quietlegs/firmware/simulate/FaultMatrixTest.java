package dev.quietlegs.firmware.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.safety.FaultCode;
import dev.quietlegs.firmware.safety.Limits;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extended fault matrix: every fault the simulator knows, on every chamber or output, injected
 * every 0.5 s over the self-test, over a whole running cycle and a whole tapering cycle, and at
 * three moments of a pause (FaultSweep). Every cell must keep every chamber at or below its target
 * plus the margin (so far below the 80 mmHg ceiling), never hold a chamber above 15 mmHg for more
 * than IEC 80601-2-30's 30 s, be detected and named by one of the codes listed for it, and vent
 * within 3 s of detection. The sweep runs once; each test judges one property of every cell, so a
 * removed check fails the test that names what it guards.
 */
class FaultMatrixTest {

    /**
     * The codes that rightly describe each fault. Where there are several, the firmware cannot tell
     * them apart from its sensors alone (a kinked hose and a stuck exhaust both keep a chamber from
     * emptying), and each message names the candidates. A fault during the self-test is named by it.
     */
    static final Map<FaultKind, Set<FaultCode>> EXPECTED = new EnumMap<>(FaultKind.class);

    static {
        EXPECTED.put(FaultKind.LEAK, EnumSet.of(FaultCode.LEAK, FaultCode.NO_RISE));
        EXPECTED.put(FaultKind.HOSE_OFF, EnumSet.of(FaultCode.NO_RISE, FaultCode.LEAK, FaultCode.SENSOR_DISAGREE));
        EXPECTED.put(FaultKind.KINKED_HOSE, EnumSet.of(FaultCode.SENSOR_DISAGREE, FaultCode.NO_RISE, FaultCode.NO_FALL,
                FaultCode.SENSOR_DRIFT));
        EXPECTED.put(FaultKind.INLET_STUCK_OPEN, EnumSet.of(FaultCode.NO_RISE, FaultCode.LEAK,
                FaultCode.PUMP_STUCK_ON, FaultCode.UNCOMMANDED_RISE, FaultCode.SENSOR_DISAGREE, FaultCode.SENSOR_DRIFT));
        EXPECTED.put(FaultKind.INLET_STUCK_CLOSED, EnumSet.of(FaultCode.SENSOR_DISAGREE, FaultCode.NO_RISE));
        EXPECTED.put(FaultKind.EXHAUST_STUCK_OPEN, EnumSet.of(FaultCode.NO_RISE, FaultCode.LEAK,
                FaultCode.SENSOR_DISAGREE));
        EXPECTED.put(FaultKind.EXHAUST_STUCK_CLOSED, EnumSet.of(FaultCode.NO_FALL, FaultCode.SENSOR_DRIFT));
        EXPECTED.put(FaultKind.VENT_STUCK_CLOSED, EnumSet.of(FaultCode.VENT_STUCK));
        EXPECTED.put(FaultKind.PUMP_STUCK_ON, EnumSet.of(FaultCode.PUMP_STUCK_ON, FaultCode.VENT_STUCK,
                FaultCode.SENSOR_DISAGREE));
        EXPECTED.put(FaultKind.PUMP_DEAD, EnumSet.of(FaultCode.PUMP_NO_PROGRESS, FaultCode.NO_RISE));
        EXPECTED.put(FaultKind.SENSOR_STUCK, EnumSet.of(FaultCode.SENSOR_STUCK, FaultCode.NO_FALL,
                FaultCode.SENSOR_DRIFT, FaultCode.SENSOR_DISAGREE, FaultCode.NO_RISE));
        EXPECTED.put(FaultKind.SENSOR_STUCK_NOISY, EnumSet.of(FaultCode.NO_RISE, FaultCode.SENSOR_DISAGREE,
                FaultCode.NO_FALL, FaultCode.SENSOR_DRIFT));
        EXPECTED.put(FaultKind.SENSOR_DISCONNECTED, EnumSet.of(FaultCode.SENSOR_UNREADABLE));
        EXPECTED.put(FaultKind.SENSOR_DRIFT, EnumSet.of(FaultCode.SENSOR_DRIFT, FaultCode.SENSOR_OUT_OF_RANGE,
                FaultCode.SENSOR_DISAGREE, FaultCode.LEAK, FaultCode.NO_RISE));
        EXPECTED.put(FaultKind.SENSOR_NOISY, EnumSet.of(FaultCode.SENSOR_JUMP, FaultCode.SENSOR_OUT_OF_RANGE,
                FaultCode.SENSOR_DRIFT, FaultCode.NO_FALL));
        EXPECTED.put(FaultKind.SENSOR_GAIN, EnumSet.of(FaultCode.SENSOR_DISAGREE, FaultCode.SENSOR_JUMP,
                FaultCode.NO_RISE));
        EXPECTED.put(FaultKind.SENSOR_OFFSET, EnumSet.of(FaultCode.SENSOR_OUT_OF_RANGE, FaultCode.SENSOR_JUMP));
        EXPECTED.put(FaultKind.SENSOR_SWAP, EnumSet.of(FaultCode.UNCOMMANDED_RISE, FaultCode.SENSOR_JUMP,
                FaultCode.LEAK));
        EXPECTED.put(FaultKind.MANIFOLD_STUCK, EnumSet.of(FaultCode.SENSOR_STUCK, FaultCode.VENT_STUCK,
                FaultCode.SENSOR_DISAGREE));
        EXPECTED.put(FaultKind.MANIFOLD_GAIN, EnumSet.of(FaultCode.SENSOR_DISAGREE));
        EXPECTED.put(FaultKind.MANIFOLD_DISCONNECTED, EnumSet.of(FaultCode.SENSOR_UNREADABLE));
        EXPECTED.put(FaultKind.LOOP_STALL, EnumSet.of(FaultCode.LOOP_STALL));
        // Frozen while STARTING, the self-test keeps filling towards its 10 mmHg: the gate trips at target + margin.
        EXPECTED.put(FaultKind.SESSION_FREEZE, EnumSet.of(FaultCode.SESSION_STUCK, FaultCode.NO_RISE,
                FaultCode.SENSOR_DISAGREE, FaultCode.OVERPRESSURE));
        EXPECTED.put(FaultKind.PROCESS_DEAD, EnumSet.noneOf(FaultCode.class)); // nothing of the software is left
        EXPECTED.put(FaultKind.PIN_WRITE_FAILS, EnumSet.of(FaultCode.OUTPUT_FAILED));
        EXPECTED.put(FaultKind.PIN_WRITE_BLOCKS, EnumSet.of(FaultCode.LOOP_STALL));
    }

    /** Every chamber below 15 mmHg this soon after detection; the hardware's dead-man likewise. */
    static final double VENT_BOUND_S = 3.0;
    /** A kinked hose throttles the way out too: its bound is IEC 80601-2-30's 30 s. */
    static final double KINKED_VENT_BOUND_S = 30.0;
    static final double IEC_INFLATED_S = 30.0;
    static final double STEP_S = 0.5;

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);
    private static List<FaultSweep.Outcome> outcomes;

    @BeforeAll
    static void sweep() {
        FaultSweep sweep = new FaultSweep(UNIT, PROGRAMS, PROGRAMS.find("evening").orElseThrow());
        outcomes = sweep.runAll(sweep.cells(FaultSweep.faults(UNIT), sweep.every(STEP_S)),
                Runtime.getRuntime().availableProcessors()).stream().filter(FaultSweep.Outcome::injected).toList();
        StringBuilder sb = new StringBuilder("\nFault sweep, worst per fault over chambers, phases and moments ("
                + outcomes.size() + " cells):\n");
        sb.append(String.format(Locale.ROOT, "%-22s %9s %7s %10s %7s %9s%n", "fault", "detect s", "vent s",
                "above15 s", "peak", "over t+m"));
        for (FaultSweep.Figures f : FaultSweep.figures(outcomes)) {
            sb.append(String.format(Locale.ROOT, "%-22s %9.2f %7.2f %10.2f %7.1f %9.1f%n", f.kind().wire(),
                    f.worstDetectionS(), f.worstVentS(), f.worstInflatedS(), f.worstPeakMmHg(),
                    Math.max(-99, f.worstOverTargetMmHg())));
        }
        DiagnosisMatrix diagnoses = DiagnosisMatrix.of(outcomes);
        sb.append(String.format(Locale.ROOT, "diagnosis right (printed, not judged yet): %.1f %% of %d detected"
                + " cells%n", 100 * diagnoses.rightShare(), diagnoses.detected()));
        System.out.print(sb);
    }

    private static String name(FaultSweep.Outcome o) {
        return o.cell().fault().describe(UNIT.chamberNames()) + " " + o.cell().stage() + " at " + o.cell().atS() + " s"
                + (o.fault() == null ? "" : " (" + o.fault().code().wire() + ": " + o.fault().message() + ")");
    }

    private static List<String> failing(java.util.function.Predicate<FaultSweep.Outcome> ok) {
        List<String> bad = new ArrayList<>();
        for (FaultSweep.Outcome o : outcomes) {
            if (!ok.test(o)) {
                bad.add(name(o));
            }
        }
        return bad.size() > 20 ? bad.subList(0, 20) : bad;
    }

    @Test
    void everyKindOnEveryChamberAndOutputIsSweptInEveryPhase() {
        int chamberKinds = (int) java.util.Arrays.stream(FaultKind.values()).filter(FaultKind::perChamber).count();
        assertThat(outcomes.stream().map(o -> o.cell().fault()).distinct().count())
                .isEqualTo(FaultSweep.faults(UNIT).size())
                .isGreaterThanOrEqualTo(chamberKinds * UNIT.chambers());
        for (FaultSweep.Stage stage : FaultSweep.Stage.values()) {
            assertThat(outcomes).as("cells injected while " + stage).anyMatch(o -> o.cell().stage() == stage);
        }
    }

    @Test
    void noChamberIsEverAboveItsTargetPlusTheMarginLetAloneTheCeiling() {
        assertThat(failing(o -> o.peakMmHg() <= Limits.CEILING_MMHG)).as("above 80 mmHg").isEmpty();
        assertThat(failing(o -> o.overTargetMmHg() <= 0)).as("above target + margin").isEmpty();
    }

    @Test
    void noChamberStaysAbove15MmHgForMoreThan30Seconds() {
        assertThat(failing(o -> o.inflatedS() <= IEC_INFLATED_S)).isEmpty();
    }

    @Test
    void everyFaultTheSoftwareCanSeeIsDetectedAndNamedByItsOwnCode() {
        assertThat(failing(o -> o.cell().fault().kind() == FaultKind.PROCESS_DEAD || o.fault() != null))
                .as("not detected").isEmpty();
        assertThat(failing(o -> o.fault() == null || o.fault().code() == FaultCode.SELF_TEST_FAILED
                && o.cell().stage() == FaultSweep.Stage.STARTING
                || EXPECTED.get(o.cell().fault().kind()).contains(o.fault().code()))).as("named wrongly").isEmpty();
    }

    @Test
    void aFaultOfOneChamberNamesThatChamber() {
        Set<FaultKind> neighbours = EnumSet.of(FaultKind.SENSOR_SWAP, FaultKind.INLET_STUCK_OPEN);
        assertThat(failing(o -> !o.cell().fault().kind().perChamber() || neighbours.contains(o.cell().fault().kind())
                || o.fault() == null || o.fault().chamber() < 0 || o.fault().chamber() == o.cell().fault().chamber()))
                .isEmpty();
    }

    @Test
    void everyChamberIsBelow15MmHgWithin3SecondsOfDetectionOrOfTheSoftwareDying() {
        assertThat(failing(o -> o.fault() == null || Double.isNaN(o.ventS())
                || o.ventS() <= (o.cell().fault().kind() == FaultKind.KINKED_HOSE ? KINKED_VENT_BOUND_S : VENT_BOUND_S)))
                .as("after detection").isEmpty();
        Set<FaultKind> hardware = EnumSet.of(FaultKind.PROCESS_DEAD, FaultKind.PIN_WRITE_BLOCKS);
        assertThat(failing(o -> !hardware.contains(o.cell().fault().kind()) || o.releasedS() <= VENT_BOUND_S))
                .as("by the dead-man alone").isEmpty();
    }
}
