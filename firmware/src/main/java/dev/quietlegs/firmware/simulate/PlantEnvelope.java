package dev.quietlegs.firmware.simulate;

import dev.quietlegs.firmware.commission.CuffProfile;
import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.firmware.therapy.Program;
import dev.quietlegs.hardware.sim.PlantParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The plausible plant envelope: the spread of parts a builder may fit (pump, garment, valves,
 * tubing, vibration motor), and healthy plants sampled from it, each run through whole sessions with
 * no fault injected. Any fault such a session latches is a false fault: a check tuned to one plant.
 *
 * <p>Random plants are drawn with a seeded RNG, log-uniform for flows and compliances (a factor
 * matters, not a difference), uniform for the rest; the {@code 2^4} corners of the main axes (pump
 * flow, garment compliance, exhaust bore, inlet bore), every other part at the base plant's value,
 * are added to them. Sensor offset before zeroing (about ±9 mmHg: ±2.5 % of an MPX5050GP's full
 * scale) and gain (±5 %: a 4.75–5.25 V supply) are part of the envelope but not of
 * {@link PlantParameters}, so they are left out here.
 */
public final class PlantEnvelope {

    // 12 V diaphragm pumps of the "370"/"385" class: 1.5–6 L/min free flow, datasheets' range.
    /** Free-air flow of the weakest plausible pump, mL/s (1.5 L/min). */
    public static final double PUMP_FLOW_MIN_ML_S = 25;
    /** Free-air flow of the strongest plausible pump, mL/s (6 L/min). */
    public static final double PUMP_FLOW_MAX_ML_S = 100;
    /** Stall pressure of the weakest "370" class pump, mmHg. */
    public static final double PUMP_STALL_MIN_MMHG = 250;
    /** Stall pressure of the strongest "385" class pump, mmHg. */
    public static final double PUMP_STALL_MAX_MMHG = 600;

    // Garment chambers: about 100–800 mL of air to reach 40 mmHg, i.e. 4–30 mL/mmHg flat, per chamber
    // (a small ankle chamber of a small garment to the thigh chamber of a large one).
    /** The least compliant plausible chamber, flat, mL/mmHg (about 100 mL to reach 40 mmHg). */
    public static final double CHAMBER_COMPLIANCE_MIN = 4;
    /** The most compliant plausible chamber, flat, mL/mmHg (about 800 mL to reach 40 mmHg). */
    public static final double CHAMBER_COMPLIANCE_MAX = 30;
    /**
     * The ankle chamber relative to the calf's, least and most: a leg's circumference at the ankle
     * is about 0.6 of the calf's; the shipped garment's ankle chamber is 0.8.
     */
    public static final double ANKLE_RATIO_MIN = 0.6;
    /** See {@link #ANKLE_RATIO_MIN}. */
    public static final double ANKLE_RATIO_MAX = 0.9;
    /**
     * The thigh chamber relative to the calf's, least and most: thigh circumference is about 1.5 of
     * the calf's, and its chamber may be longer; the shipped garment's thigh chamber is 1.3.
     */
    public static final double THIGH_RATIO_MIN = 1.1;
    /** See {@link #THIGH_RATIO_MIN}. */
    public static final double THIGH_RATIO_MAX = 1.6;
    /** The calf chamber's range follows: the ankle stays at least 4, the thigh at most 30. */
    public static final double CALF_COMPLIANCE_MIN = CHAMBER_COMPLIANCE_MIN / ANKLE_RATIO_MIN;
    /** See {@link #CALF_COMPLIANCE_MIN}. */
    public static final double CALF_COMPLIANCE_MAX = CHAMBER_COMPLIANCE_MAX / THIGH_RATIO_MAX;

    // Solenoid valves (2/2-way, 12 V, for air): 1.0–2.5 mm orifices in the catalogues.
    /** Smallest plausible valve orifice, mm. */
    public static final double BORE_MIN_MM = 1.0;
    /** Largest plausible valve orifice, mm. */
    public static final double BORE_MAX_MM = 2.5;
    /** Orifice constant per mm of bore squared at this model's scale (sharp edge, Cd 0.6). */
    public static final double K_PER_MM2 = 7;

    // Tubing, fittings and the garment's seams of a healthy cuff.
    /** The fastest loss of a healthy chamber held at {@link #LEAK_AT_MMHG}, mmHg/s (none at best). */
    public static final double LEAK_MAX_MMHG_S = 0.5;
    /** The pressure the leak is stated at, mmHg. */
    public static final double LEAK_AT_MMHG = 40;

    // Eccentric-mass vibration motors (coin and cylinder ERMs at 3–5 V through the driver).
    /** Lowest duty at which a plausible motor starts. */
    public static final double MOTOR_START_MIN = 0.15;
    /** Highest duty a plausible motor needs to start. */
    public static final double MOTOR_START_MAX = 0.4;

    /**
     * The envelope's one joint bound: every chamber reaches 40 mmHg from empty within this with the
     * pump to itself ({@link CuffProfile#FILL_40_MAX_S}: what commissioning measures). Weak pumps
     * and large chambers each lie within their ranges, but not always together.
     */
    public static final double FILL_40_MAX_S = CuffProfile.FILL_40_MAX_S;
    /** The gate holds the manifold below a fed chamber's target plus this (the shipped margin). */
    static final double MARGIN_MMHG = 10;
    /** The corners lie this share of {@link #FILL_40_MAX_S} inside the edge. */
    static final double EDGE_MARGIN = 0.97;

    private static final double EPS = 1e-9;

    /** The axes a plant varies on, as a position from 0 (low end) to 1 (high end) of the envelope. */
    public enum Axis {
        PUMP_FLOW("pump flow", true), PUMP_STALL("pump stall", false), COMPLIANCE("calf compliance", true),
        INLET_BORE("inlet bore", false), EXHAUST_BORE("exhaust bore", false), VENT_BORE("vent bore", false),
        LEAK("leak", false), MOTOR_START("motor start", false);

        private final String label;
        private final boolean logScale;

        Axis(String label, boolean logScale) {
            this.label = label;
            this.logScale = logScale;
        }

        public String label() {
            return label;
        }

        /** Where {@code s} lies on this axis: 0 at the envelope's low end, 1 at its high end. */
        public double position(Sample s) {
            return switch (this) {
                case PUMP_FLOW -> at(s.pumpFlowMlS(), PUMP_FLOW_MIN_ML_S, PUMP_FLOW_MAX_ML_S);
                case PUMP_STALL -> at(s.pumpStallMmHg(), PUMP_STALL_MIN_MMHG, PUMP_STALL_MAX_MMHG);
                case COMPLIANCE -> at(s.calfCompliance(), CALF_COMPLIANCE_MIN, CALF_COMPLIANCE_MAX);
                case INLET_BORE -> at(s.inletBoreMm(), BORE_MIN_MM, BORE_MAX_MM);
                case EXHAUST_BORE -> at(s.exhaustBoreMm(), BORE_MIN_MM, BORE_MAX_MM);
                case VENT_BORE -> at(s.ventBoreMm(), BORE_MIN_MM, BORE_MAX_MM);
                case LEAK -> at(s.leakMmHgS(), 0, LEAK_MAX_MMHG_S);
                case MOTOR_START -> at(s.motorStartDuty(), MOTOR_START_MIN, MOTOR_START_MAX);
            };
        }

        private double at(double v, double lo, double hi) {
            return logScale ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
        }
    }

    /**
     * One healthy plant of the envelope, with the parts' figures it was made from.
     *
     * @param label          {@code #N} for a random plant, or which corner, e.g. {@code flow- C+ ex- in+}
     * @param calfCompliance the calf chamber's compliance when flat, mL/mmHg (the middle chamber)
     * @param ankleRatio     the ankle (distal) chamber relative to the calf's
     * @param thighRatio     the thigh (proximal) chamber relative to the calf's
     * @param leakMmHgS      how fast the smallest chamber held at 40 mmHg loses pressure
     */
    public record Sample(String label, double pumpFlowMlS, double pumpStallMmHg, double calfCompliance,
                         double ankleRatio, double thighRatio, double inletBoreMm, double exhaustBoreMm,
                         double ventBoreMm, double leakMmHgS, double motorStartDuty, PlantParameters plant) {

        public boolean corner() {
            return !label.startsWith("#");
        }

        /** The parts in one line, for people. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "pump %.0f mL/s@%.0f, C %.1f×[%.2f,1,%.2f] mL/mmHg,"
                    + " bores in %.2f ex %.2f vent %.2f mm, leak %.2f mmHg/s, motor start %.2f", pumpFlowMlS,
                    pumpStallMmHg, calfCompliance, ankleRatio, thighRatio, inletBoreMm, exhaustBoreMm, ventBoreMm,
                    leakMmHgS, motorStartDuty);
        }
    }

    /** What one healthy plant did in one program's whole session. */
    public record Outcome(Sample sample, String program, Phase finalPhase, Fault fault, double faultS,
                          double sessionS, long wallMs) {

        public boolean done() {
            return finalPhase == Phase.DONE && fault == null;
        }
    }

    private PlantEnvelope() {
    }

    /** Orifice constant of a bore, mm. */
    public static double kOfBore(double mm) {
        return K_PER_MM2 * mm * mm;
    }

    /** Bore of an orifice constant, mm. */
    public static double boreOfK(double k) {
        return Math.sqrt(k / K_PER_MM2);
    }

    /** Relative size of each of {@code n} chambers, distal first: ankle ratio, 1 in the middle, thigh ratio. */
    static double[] scale(int n, double ankle, double thigh) {
        if (n == 1) {
            return new double[0];
        }
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double x = (double) i / (n - 1);
            s[i] = x <= 0.5 ? ankle + (1 - ankle) * x / 0.5 : 1 + (thigh - 1) * (x - 0.5) / 0.5;
        }
        return s;
    }

    /** The compliance, at {@link #LEAK_AT_MMHG}, of the smallest chamber of a plant. */
    private static double smallestAt40(PlantParameters p) {
        double least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.chambers(); i++) {
            least = Math.min(least, p.chamberCompliance() * p.scaleOf(i));
        }
        return least / (1 + LEAK_AT_MMHG / p.chamberStiffenMmHg());
    }

    /** How fast the plant's smallest chamber loses pressure when held at 40 mmHg, mmHg/s. */
    public static double leakMmHgS(PlantParameters p) {
        return p.leakK() * Math.sqrt(LEAK_AT_MMHG) / smallestAt40(p);
    }

    /** A plant of the parts given, everything else as {@code base}. */
    public static Sample plant(PlantParameters base, String label, double flow, double stall, double calf,
                               double ankle, double thigh, double inletBore, double exhaustBore, double ventBore,
                               double leakMmHgS, double motorStart) {
        int n = base.chambers();
        PlantParameters shaped = new PlantParameters(n, flow, stall, base.manifoldCompliance(), calf,
                base.chamberStiffenMmHg(), scale(n, ankle, thigh), kOfBore(inletBore), kOfBore(exhaustBore),
                kOfBore(ventBore), 0, base.reliefMmHg(), base.reliefK(), base.switchMmHg(), base.laminarMmHg(),
                base.sensorNoiseMmHg(), base.sensorResolutionMmHg(), base.motorTimeConstant(), motorStart,
                base.stepSeconds(), base.seed());
        double leakK = leakMmHgS * smallestAt40(shaped) / Math.sqrt(LEAK_AT_MMHG);
        PlantParameters p = new PlantParameters(n, flow, stall, base.manifoldCompliance(), calf,
                base.chamberStiffenMmHg(), scale(n, ankle, thigh), kOfBore(inletBore), kOfBore(exhaustBore),
                kOfBore(ventBore), leakK, base.reliefMmHg(), base.reliefK(), base.switchMmHg(), base.laminarMmHg(),
                base.sensorNoiseMmHg(), base.sensorResolutionMmHg(), base.motorTimeConstant(), motorStart,
                base.stepSeconds(), base.seed());
        return new Sample(label, flow, stall, calf, ankle, thigh, inletBore, exhaustBore, ventBore, leakMmHgS,
                motorStart, p);
    }

    /** The base plant itself as a sample: its parts read back from its constants. */
    public static Sample of(PlantParameters base) {
        int n = base.chambers();
        double ankle = base.scaleOf(0) / base.scaleOf(n / 2);
        double thigh = base.scaleOf(n - 1) / base.scaleOf(n / 2);
        return new Sample("base", base.pumpFreeFlow(), base.pumpMaxMmHg(),
                base.chamberCompliance() * base.scaleOf(n / 2), ankle, thigh, boreOfK(base.inletK()),
                boreOfK(base.exhaustK()), boreOfK(base.mainVentK()), leakMmHgS(base), base.motorStartDuty(), base);
    }

    /**
     * Seconds for chamber {@code i} of {@code p} to reach {@code mmHg} from empty with the pump to
     * itself, as commissioning fills it (the gate easing the pump off as the manifold nears the
     * target plus the margin); infinite beyond a minute. Physics only, no firmware: fast enough to
     * search the envelope's edge.
     */
    public static double fillS(PlantParameters p, int i, double mmHg) {
        dev.quietlegs.hardware.sim.Plant plant = new dev.quietlegs.hardware.sim.Plant(p);
        plant.setMainVent(false);
        plant.setExhaust(i, false);
        plant.setInlet(i, true);
        double cap = mmHg + MARGIN_MMHG;
        double dt = 0.01;
        for (double t = 0; t < 60; t += dt) {
            if (plant.chamberMmHg(i) >= mmHg) {
                return t;
            }
            plant.setPumpDuty(Math.max(0, Math.min(1, (cap - plant.manifoldMmHg()) / 3)));
            plant.advance(dt);
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Whether every chamber of {@code p} reaches 40 mmHg within {@link #FILL_40_MAX_S}. */
    public static boolean deliverable(PlantParameters p) {
        return deliverable(p, 1);
    }

    private static boolean deliverable(PlantParameters p, double share) {
        for (int i = 0; i < p.chambers(); i++) {
            if (!(fillS(p, i, 40) <= share * FILL_40_MAX_S)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code n} random healthy plants drawn with {@code seed}, everything not in the envelope as
     * {@code base}: parts drawn from their ranges, kept when the build is {@link #deliverable}.
     */
    public static List<Sample> random(PlantParameters base, int n, long seed) {
        Random rng = new Random(seed);
        List<Sample> out = new ArrayList<>(n);
        while (out.size() < n) {
            int i = out.size();
            double flow = logUniform(rng, PUMP_FLOW_MIN_ML_S, PUMP_FLOW_MAX_ML_S);
            double stall = uniform(rng, PUMP_STALL_MIN_MMHG, PUMP_STALL_MAX_MMHG);
            double calf = logUniform(rng, CALF_COMPLIANCE_MIN, CALF_COMPLIANCE_MAX);
            double ankle = uniform(rng, ANKLE_RATIO_MIN, ANKLE_RATIO_MAX);
            double thigh = uniform(rng, THIGH_RATIO_MIN, THIGH_RATIO_MAX);
            double inlet = uniform(rng, BORE_MIN_MM, BORE_MAX_MM);
            double exhaust = uniform(rng, BORE_MIN_MM, BORE_MAX_MM);
            double vent = uniform(rng, BORE_MIN_MM, BORE_MAX_MM);
            double leak = uniform(rng, 0, LEAK_MAX_MMHG_S);
            double motor = uniform(rng, MOTOR_START_MIN, MOTOR_START_MAX);
            Sample s = plant(base, "#" + (i + 1), flow, stall, calf, ankle, thigh, inlet, exhaust, vent, leak, motor);
            if (deliverable(s.plant())) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The 16 corners of the main axes: pump flow, garment compliance (every chamber at its least or
     * its most: the ankle and thigh ratios follow), exhaust bore and inlet bore; the other parts as
     * {@code base}. The corners of the deliverable envelope: the largest garment is the largest the
     * strongest pump fills in time through the widest inlet; the narrowest inlet, the narrowest that
     * pump fills the chosen garment through; the weakest pump, the weakest that fills it through the
     * chosen inlet.
     */
    public static List<Sample> corners(PlantParameters base) {
        Sample b = of(base);
        double cMax = edge(c -> corner(base, b, "", PUMP_FLOW_MAX_ML_S, c, true, BORE_MAX_MM, BORE_MAX_MM),
                CALF_COMPLIANCE_MIN, CALF_COMPLIANCE_MAX, false);
        List<Sample> out = new ArrayList<>(16);
        for (int m = 0; m < 16; m++) {
            boolean flowHi = (m & 1) != 0;
            boolean cHi = (m & 2) != 0;
            boolean exHi = (m & 4) != 0;
            boolean inHi = (m & 8) != 0;
            double calf = cHi ? cMax : CALF_COMPLIANCE_MIN;
            double ex = exHi ? BORE_MAX_MM : BORE_MIN_MM;
            double in = inHi ? BORE_MAX_MM : edge(d -> corner(base, b, "", PUMP_FLOW_MAX_ML_S, calf, cHi, d, ex),
                    BORE_MIN_MM, BORE_MAX_MM, true);
            double flow = flowHi ? PUMP_FLOW_MAX_ML_S : edge(f -> corner(base, b, "", f, calf, cHi, in, ex),
                    PUMP_FLOW_MIN_ML_S, PUMP_FLOW_MAX_ML_S, true);
            String label = "flow" + sign(flowHi) + " C" + sign(cHi) + " ex" + sign(exHi) + " in" + sign(inHi);
            out.add(corner(base, b, label, flow, calf, cHi, in, ex));
        }
        return out;
    }

    private static Sample corner(PlantParameters base, Sample b, String label, double flow, double calf, boolean big,
                                 double in, double ex) {
        return plant(base, label, flow, b.pumpStallMmHg(), calf, big ? ANKLE_RATIO_MAX : ANKLE_RATIO_MIN,
                big ? THIGH_RATIO_MAX : THIGH_RATIO_MIN, in, ex, b.ventBoreMm(), b.leakMmHgS(), b.motorStartDuty());
    }

    /**
     * The edge of the deliverable envelope along one part, between {@code lo} and {@code hi}: the
     * least value that delivers ({@code least}; {@code lo} itself if it does), or the most ({@code hi}
     * if it does). Bisection, to about 0.2 % of the range, rounded to the safe side, with
     * {@link #EDGE_MARGIN} to spare (commissioning through the loop measures a few tens of
     * milliseconds more than the physics alone).
     */
    private static double edge(java.util.function.DoubleFunction<Sample> at, double lo, double hi, boolean least) {
        if (deliverable(at.apply(least ? lo : hi).plant(), EDGE_MARGIN)) {
            return least ? lo : hi;
        }
        double bad = least ? lo : hi;
        double good = least ? hi : lo;
        for (int k = 0; k < 10; k++) {
            double mid = (bad + good) / 2;
            if (deliverable(at.apply(mid).plant(), EDGE_MARGIN)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }

    /** The corners first, then {@code n} random plants. */
    public static List<Sample> plants(PlantParameters base, int n, long seed) {
        List<Sample> all = new ArrayList<>(corners(base));
        all.addAll(random(base, n, seed));
        return all;
    }

    /** Whether a plant lies inside the envelope (the parts it models; within rounding). */
    public static boolean contains(PlantParameters p) {
        if (!within(p.pumpFreeFlow(), PUMP_FLOW_MIN_ML_S, PUMP_FLOW_MAX_ML_S)
                || !within(p.pumpMaxMmHg(), PUMP_STALL_MIN_MMHG, PUMP_STALL_MAX_MMHG)
                || !within(boreOfK(p.inletK()), BORE_MIN_MM, BORE_MAX_MM)
                || !within(boreOfK(p.exhaustK()), BORE_MIN_MM, BORE_MAX_MM)
                || !within(boreOfK(p.mainVentK()), BORE_MIN_MM, BORE_MAX_MM)
                || !within(leakMmHgS(p), 0, LEAK_MAX_MMHG_S)
                || !within(p.motorStartDuty(), MOTOR_START_MIN, MOTOR_START_MAX)) {
            return false;
        }
        double previous = 0;
        for (int i = 0; i < p.chambers(); i++) {
            double c = p.chamberCompliance() * p.scaleOf(i);
            if (!within(c, CHAMBER_COMPLIANCE_MIN, CHAMBER_COMPLIANCE_MAX) || c < previous - EPS) {
                return false; // ankle ≤ calf ≤ thigh
            }
            previous = c;
        }
        return true;
    }

    /** One whole session of {@code program} on the sample's plant, no fault injected. */
    public static Outcome run(UnitConfig unit, ProgramCatalog catalog, Program program, Sample sample) {
        UnitConfig u = unit.plant().equals(sample.plant()) ? unit : unit.withPlant(sample.plant());
        Summary r = new Simulation(u, catalog, program, null, 1).run();
        return new Outcome(sample, program.name(), r.finalPhase(), r.fault(), r.faultS(), r.sessionS(), r.wallMs());
    }

    /** Every program on every plant, on {@code threads} threads; plant by plant, programs in the order given. */
    public static List<Outcome> runAll(UnitConfig unit, ProgramCatalog catalog, List<Program> programs,
                                       List<Sample> samples, int threads) {
        return runAll(unit, catalog, programs, samples, threads, false);
    }

    /**
     * The same; with {@code commissioned}, each plant is commissioned first (in the simulator, as a
     * builder would) and its sessions run with the thresholds of its profile.
     */
    public static List<Outcome> runAll(UnitConfig unit, ProgramCatalog catalog, List<Program> programs,
                                       List<Sample> samples, int threads, boolean commissioned) {
        java.util.Map<Sample, UnitConfig> units = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.Function<Sample, UnitConfig> unitOf = s -> units.computeIfAbsent(s, x -> {
            UnitConfig u = unit.withPlant(x.plant());
            return commissioned ? Commissioner.commissioned(u, catalog) : u;
        });
        record Job(Sample sample, Program program) {
        }
        List<Job> jobs = new ArrayList<>();
        for (Sample s : samples) {
            for (Program p : programs) {
                jobs.add(new Job(s, p));
            }
        }
        return Parallel.map(jobs, threads, j -> run(unitOf.apply(j.sample()), catalog, j.program(), j.sample()),
                "envelope sweep");
    }

    private static String sign(boolean hi) {
        return hi ? "+" : "-";
    }

    private static boolean within(double v, double lo, double hi) {
        return v >= lo - EPS && v <= hi + EPS;
    }

    private static double uniform(Random rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    private static double logUniform(Random rng, double lo, double hi) {
        return lo * Math.exp(Math.log(hi / lo) * rng.nextDouble());
    }
}
