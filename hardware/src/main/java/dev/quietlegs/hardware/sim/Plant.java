package dev.quietlegs.hardware.sim;

/**
 * The pneumatics and the motor of the unit as a lumped physical model, integrated in fixed steps.
 *
 * <pre>
 *   pump ──► manifold ──inlet i──► chamber i ──exhaust i──► room
 *              │  └──relief (mechanical)──► room      └──leak──► room
 *              └──main vent──► room
 * </pre>
 *
 * Two circuits act without the software: the dead-man's supply switch (while it is off, every valve
 * is de-energised and the pump and the motor stop: {@link #setDriverSupply}) and the manifold's overpressure
 * switch, which cuts the pump above {@link PlantParameters#switchMmHg()}.
 *
 * Each volume obeys {@code C(p) dp/dt = sum of flows in}; the pump's flow scales with its duty and
 * falls linearly with the back-pressure; valves are orifices. Pressures never fall below room
 * pressure because every exit leads to the room. Everything is primitive arrays: a step allocates
 * nothing, so the simulator can run inside the allocation-free control loop.
 */
public final class Plant {

    private final PlantParameters p;
    private final int n;

    // state
    private final double[] chamber;
    private double manifold;
    private double motorSpeed;
    private double time;

    // inputs (what the valves and drivers are doing)
    private double pumpDuty;
    private double motorDuty;
    private final boolean[] inlet;
    private final boolean[] exhaust;
    private boolean mainVent = true;

    // faults the simulator can be told to have (see PlantFault)
    private final double[] extraLeakK;
    private final double[] hose;      // conductance factor of each chamber's hose, 1 when clear
    private final int[] inletStuck;   // -1 none, 0 stuck closed, 1 stuck open
    private final int[] exhaustStuck;
    private int pumpStuck = -1;       // -1 none, 0 dead, 1 stuck on
    private int ventStuck = -1;       // -1 none, 0 stuck closed, 1 stuck open

    // the circuits beside the software
    private boolean supply = true;    // the valve and pump drivers' 12 V, switched by the dead-man
    private boolean switchOpen;       // the overpressure switch has cut the pump

    private final double[] inflow;    // scratch

    public Plant(PlantParameters parameters) {
        this.p = parameters;
        this.n = parameters.chambers();
        this.chamber = new double[n];
        this.inlet = new boolean[n];
        this.exhaust = new boolean[n];
        java.util.Arrays.fill(exhaust, true);
        this.extraLeakK = new double[n];
        this.hose = new double[n];
        java.util.Arrays.fill(hose, 1.0);
        this.inletStuck = new int[n];
        this.exhaustStuck = new int[n];
        java.util.Arrays.fill(inletStuck, -1);
        java.util.Arrays.fill(exhaustStuck, -1);
        this.inflow = new double[n];
    }

    public PlantParameters parameters() {
        return p;
    }

    public int chambers() {
        return n;
    }

    // ---- inputs ----

    public void setPumpDuty(double duty) {
        pumpDuty = clamp01(duty);
    }

    public void setMotorDuty(double duty) {
        motorDuty = clamp01(duty);
    }

    public void setInlet(int i, boolean open) {
        inlet[i] = open;
    }

    public void setExhaust(int i, boolean open) {
        exhaust[i] = open;
    }

    public void setMainVent(boolean open) {
        mainVent = open;
    }

    /**
     * The drivers' 12 V supply. Off: every valve falls to its de-energised state (inlets closed,
     * exhausts and the main vent open), and the pump and the motor stop, stuck driver or not.
     */
    public void setDriverSupply(boolean on) {
        supply = on;
    }

    public boolean driverSupply() {
        return supply;
    }

    /** Whether the overpressure switch has cut the pump. */
    public boolean overpressureSwitchOpen() {
        return switchOpen;
    }

    // ---- faults ----

    /** Adds a leak to chamber {@code i}: a hole of the given orifice constant (hose off: about 30). */
    public void addLeak(int i, double k) {
        extraLeakK[i] += k;
    }

    /**
     * A kinked hose to chamber {@code i}: air between the chamber and its valves passes only
     * {@code factor} of its usual flow, both ways (a kink rarely seals completely; 0.05 is severe).
     */
    public void kinkHose(int i, double factor) {
        hose[i] = factor;
    }

    public void stickInlet(int i, boolean open) {
        inletStuck[i] = open ? 1 : 0;
    }

    public void stickExhaust(int i, boolean open) {
        exhaustStuck[i] = open ? 1 : 0;
    }

    public void stickVent(boolean open) {
        ventStuck = open ? 1 : 0;
    }

    /** The pump runs at full power whatever it is told ({@code true}) or not at all. */
    public void stickPump(boolean on) {
        pumpStuck = on ? 1 : 0;
    }

    /** What the inlet's driver is told (energised = open), whatever the valve really does. */
    public boolean inletDriven(int i) {
        return inlet[i];
    }

    public boolean exhaustDriven(int i) {
        return exhaust[i];
    }

    public boolean mainVentDriven() {
        return mainVent;
    }

    // ---- outputs ----

    public double chamberMmHg(int i) {
        return chamber[i];
    }

    public double manifoldMmHg() {
        return manifold;
    }

    /** Motor speed as a fraction of its full speed. */
    public double motorSpeed() {
        return motorSpeed;
    }

    /** What the pump really does: its driver's duty, a stuck pump's, nothing without supply. */
    public double effectivePumpDuty() {
        if (!supply || switchOpen) {
            return 0;
        }
        return pumpStuck < 0 ? pumpDuty : pumpStuck;
    }

    public double seconds() {
        return time;
    }

    /** Advances the model by {@code seconds}, in steps no longer than the configured one. */
    public void advance(double seconds) {
        double h = p.stepSeconds();
        while (seconds > 1e-12) {
            double dt = Math.min(h, seconds);
            step(dt);
            seconds -= dt;
        }
    }

    private void step(double dt) {
        if (p.switchMmHg() > 0) {
            switchOpen = switchOpen ? manifold > p.switchMmHg() - PlantParameters.SWITCH_HYSTERESIS_MMHG
                    : manifold > p.switchMmHg();
        }
        double pump = effectivePumpDuty() * p.pumpFreeFlow() * Math.max(0.0, 1.0 - manifold / p.pumpMaxMmHg());
        double toChambers = 0;
        for (int i = 0; i < n; i++) {
            double pc = chamber[i];
            double q = 0;
            if (inletStuck[i] == 1 || (inletStuck[i] < 0 && inlet[i] && supply)) {
                q += orifice(p.inletK() * hose[i], manifold - pc);
            }
            toChambers += q;
            if (exhaustStuck[i] == 1 || (exhaustStuck[i] < 0 && (exhaust[i] || !supply))) {
                q -= orifice(p.exhaustK() * hose[i], pc);
            }
            inflow[i] = q - orifice(p.leakK() + extraLeakK[i], pc);
        }
        double out = toChambers
                + (ventStuck == 1 || (ventStuck < 0 && (mainVent || !supply)) ? orifice(p.mainVentK(), manifold) : 0)
                + (manifold > p.reliefMmHg() ? orifice(p.reliefK(), manifold - p.reliefMmHg()) : 0)
                + orifice(p.leakK(), manifold);
        manifold = flush(manifold + dt * (pump - out) / p.manifoldCompliance());
        for (int i = 0; i < n; i++) {
            double c = p.chamberCompliance() * p.scaleOf(i) / (1.0 + chamber[i] / p.chamberStiffenMmHg());
            chamber[i] = flush(chamber[i] + dt * inflow[i] / c);
        }
        double drive = supply && motorDuty >= p.motorStartDuty() ? motorDuty : 0.0;
        motorSpeed = flush(motorSpeed + (drive - motorSpeed) * (dt / (p.motorTimeConstant() + dt)));
        time += dt;
    }

    /**
     * Clamps at room pressure, and to exactly zero below a nano-mmHg: a vented volume decays
     * exponentially and would otherwise sink into subnormal doubles, which are very slow on x86.
     */
    private static double flush(double v) {
        return v < 1e-9 ? 0.0 : v;
    }

    /** Flow through an orifice for a pressure difference, signed, linear below the laminar limit. */
    private double orifice(double k, double dp) {
        double a = Math.abs(dp);
        double lam = p.laminarMmHg();
        double q = a >= lam ? k * Math.sqrt(a) : k * a / Math.sqrt(lam);
        return dp < 0 ? -q : q;
    }

    private static double clamp01(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
