package dev.quietlegs.firmware.service;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.safety.Fault;
import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.hardware.port.Board;
import dev.quietlegs.hardware.sensor.CalibratedSensors;
import dev.quietlegs.hardware.sensor.SensorCalibration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Service mode: the builder drives one output at a time by hand, watches every sensor, checks the relief
 * valve's side of the limits and calibrates the sensors against a gauge. Every output goes through the
 * control loop and its supervisor as in a session ({@link Step}s are the loop's procedures): the hard
 * limits hold throughout, a fault ends the step with the outputs safe, and whatever ends a step vents.
 *
 * <p>{@link #handle} takes one typed line and answers it at once: what it started or changed, or
 * {@code refused: } and why, with nothing driven. {@link #poll} tells what happened since (a step's
 * outcome, a fault, a button). Both run on the console's thread; the loop runs on its own.
 */
public final class Service {

    /** A gauge reading lower than this makes too coarse a gain. */
    static final double MIN_GAUGE_MMHG = 20;
    static final double DEFAULT_HOLD_S = 15;
    /** A fill stops this far under {@code limits.max_mmhg}, where the gate closes the inlet and bleeds. */
    static final double FILL_BELOW_LIMIT_MMHG = 2;

    static final String HELP = """
            pump DUTY SECONDS        the pump at DUTY % (1-100) for up to 30 s, the main vent open: it hums
            inlet CHAMBER SECONDS    that chamber's inlet valve (normally closed) opened for up to 30 s: it clicks
            exhaust CHAMBER SECONDS  that chamber's exhaust valve (normally open) closed for up to 30 s: it clicks
            motor LEVEL SECONDS      the vibration motor at LEVEL (1-10) for up to 30 s
            manifold MMHG            the pump into the closed manifold (every inlet and the main vent shut) until
                                     it reads MMHG (at most limits.max_mmhg), then vented: the main vent, the
                                     inlets and the relief valve hold below it
            fill CHAMBER MMHG [SECONDS]
                                     the chamber filled to MMHG (at most limits.max_mmhg - 2) and held
                                     (15 s, at most 30) with its inlet open: it and the manifold share
                                     their air, for the gauge
            gauge MMHG               during a fill's hold: what the gauge on the manifold reads; sets the gain of
                                     the manifold's and that chamber's sensors, stores it, uses it at once
            zero                     every valve open to the room: each sensor's zero, stored and used at once
            sensors                  every sensor now: mmHg and the sensor's volts; what the outputs hold
            watch [SECONDS]          the same twice a second (10 s, at most 120), nothing driven
            calibration              the stored zero and gain of each sensor
            stop                     ends the running step (the outputs go safe)
            clear-fault              clears a latched fault once its cause is gone
            button, estop            with --sim: press the simulated start/stop button or emergency stop
            quit                     everything safe, then exit (so do Ctrl-C and end of input)
            CHAMBER is a name (CHAMBERS) or a number from 1.""";

    private final ControlLoop loop;
    private final CalibratedSensors sensors;
    private final Path calibrationFile;
    private final List<String> names;
    private final Limits limits;
    private final EventQueue events;
    private final Monitor monitor;
    private Step step;
    private boolean reported = true;

    /**
     * @param board  the board the loop drives, its sensors calibrated by {@code sensors}
     * @param events the loop's event queue: the service reads it
     */
    public Service(ControlLoop loop, Board board, CalibratedSensors sensors, Path calibrationFile, EventQueue events) {
        if (board.sensors() != sensors) {
            throw new IllegalArgumentException("the board must read through the calibrated sensors");
        }
        this.loop = loop;
        this.sensors = sensors;
        this.calibrationFile = calibrationFile;
        this.names = loop.unit().chamberNames();
        this.limits = loop.unit().limits();
        this.events = events;
        this.monitor = new Monitor(board);
        loop.observe(monitor);
    }

    public static String help(List<String> chamberNames) {
        return HELP.replace("CHAMBERS", String.join(", ", chamberNames));
    }

    /** Whether a step is running (or waiting for its first tick). */
    public synchronized boolean stepRunning() {
        return step != null && !step.ended();
    }

    /** One typed line: the answer, a line or more, starting {@code refused:} when nothing was done. */
    public synchronized String handle(String line) {
        String[] w = line.trim().toLowerCase(Locale.ROOT).split("\\s+");
        try {
            return switch (w[0]) {
                case "" -> "";
                case "help", "?" -> help(names);
                case "sensors", "status" -> readings();
                case "calibration" -> calibration();
                case "stop" -> stop();
                case "clear-fault" -> {
                    args(w, 0, 0);
                    loop.submit(Command.of(Command.Kind.CLEAR_FAULT, "service"));
                    yield "asked the loop to clear the fault";
                }
                case "pump" -> {
                    args(w, 2, 2);
                    double duty = number(w[1], "the duty", 1, 100, " %");
                    double s = seconds(w[2]);
                    yield start(new Drive(Drive.Output.PUMP, -1, duty / 100, s, String.format(Locale.ROOT,
                            "the pump at %.0f %% for %s s, the main vent open, every inlet shut", duty, fmt(s))),
                            ": listen for its hum");
                }
                case "inlet", "exhaust" -> {
                    args(w, 2, 2);
                    int c = chamber(w[1]);
                    double s = seconds(w[2]);
                    boolean inlet = w[0].equals("inlet");
                    yield start(new Drive(inlet ? Drive.Output.INLET : Drive.Output.EXHAUST, c, 0, s,
                            String.format(Locale.ROOT, "the %s %s valve %s for %s s (board.%s_gpio, entry %d)",
                                    names.get(c), w[0], inlet ? "open" : "closed", fmt(s), w[0], c + 1)),
                            ": listen for its click (and again when it lets go)");
                }
                case "motor" -> {
                    args(w, 2, 2);
                    int level = (int) number(w[1], "the level", 1, 10, "");
                    if (level != number(w[1], "the level", 1, 10, "")) {
                        throw new Refusal("the level is a whole number from 1 to 10");
                    }
                    double s = seconds(w[2]);
                    yield start(new Drive(Drive.Output.MOTOR, -1, level / 10.0, s, String.format(Locale.ROOT,
                            "the vibration motor at level %d for %s s", level, fmt(s))), "");
                }
                case "vent" -> throw new Refusal("the supervisor opens the main vent whenever the pump is off and"
                        + " no inlet is open, so it cannot be closed on its own; 'manifold 30' closes it with the pump"
                        + " running: the manifold rises only if it closes");
                case "manifold" -> {
                    args(w, 1, 1);
                    double cap = limits.maxMmHg();
                    double mmHg = number(w[1], "the limit", 5, Double.POSITIVE_INFINITY, " mmHg");
                    if (mmHg > cap) {
                        throw new Refusal(String.format(Locale.ROOT, "%s mmHg is above what the supervisor lets a"
                                + " closed manifold reach (limits.max_mmhg, %.0f mmHg; its trip level is %.0f, the"
                                + " ceiling %.0f): the relief valve (72 mmHg) is set on the bench with a hand bulb"
                                + " (hardware/README, test C); here, check that it does not open below %.0f",
                                fmt(mmHg), cap, limits.tripMmHg(), Limits.CEILING_MMHG, cap));
                    }
                    yield start(new Pressurise(mmHg, cap), ": watch the gauge on the manifold's tee");
                }
                case "fill" -> {
                    args(w, 2, 3);
                    int c = chamber(w[1]);
                    // at limits.max_mmhg the gate bleeds a chamber: a hold there would only chatter
                    double mmHg = number(w[2], "the pressure", 5, limits.maxMmHg() - FILL_BELOW_LIMIT_MMHG,
                            " mmHg (" + fmt(FILL_BELOW_LIMIT_MMHG) + " under limits.max_mmhg)");
                    double s = w.length > 3 ? number(w[3], "the hold", 1, Fill.MAX_HOLD_S, " s") : DEFAULT_HOLD_S;
                    yield start(new Fill(c, names.get(c), mmHg, s), ": once it holds, type 'gauge' and what the"
                            + " gauge on the manifold reads");
                }
                case "gauge" -> gauge(w);
                case "zero" -> {
                    args(w, 0, 0);
                    yield start(new Zero(names), ": leave the cuff and the gauge open to the room");
                }
                default -> throw new Refusal("unknown command '" + w[0] + "' (type help)");
            };
        } catch (Refusal r) {
            return "refused: " + r.getMessage();
        }
    }

    /** What happened since the last call: a step's end, a fault, a command's answer, the button. */
    public synchronized List<String> poll() {
        List<String> news = new ArrayList<>();
        Event e;
        while ((e = events.poll()) != null) {
            switch (e) {
                case Event.FaultRaised f -> news.add("FAULT " + f.fault().code().wire() + ": " + f.fault().message()
                        + " (the outputs are safe; 'clear-fault' once the cause is gone)");
                case Event.CommandResult r -> {
                    if (r.command().origin().equals("service") || !r.ok()) {
                        news.add(r.command().kind().wire() + (r.ok() ? ": done" : " refused: " + r.error()));
                    }
                }
                case Event.PhaseChange p -> {
                    if (p.from() == Phase.IDLE && p.to() == Phase.STARTING) {
                        loop.submit(Command.of(Command.Kind.STOP, "service"));
                        news.add("the start/stop button was pressed (its wiring works); service mode starts no"
                                + " session: stopped it");
                    }
                }
            }
        }
        if (step != null && step.ended() && !reported) {
            reported = true;
            news.add((step.succeeded() ? "done: " : "ENDED: ") + step.outcome());
            if (step instanceof Zero z && z.means() != null) {
                news.add(zeroed(z.means()));
            }
        }
        return news;
    }

    /** Every sensor now, one line. */
    public String readings() {
        Monitor.Readings r = monitor.read();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.mmHg().length; i++) {
            sb.append(i == 0 ? "" : "  ").append(i < names.size() ? names.get(i) : CalibrationFile.MANIFOLD)
                    .append(String.format(Locale.ROOT, " %5.1f mmHg %5.3f V", r.mmHg()[i], r.volts()[i]));
        }
        Fault f = loop.latchedFault();
        return sb.append("  | ").append(r.outputs()).append(f == null ? "" : "  | FAULT " + f.code().wire()).toString();
    }

    public String calibration() {
        SensorCalibration c = sensors.calibration();
        StringBuilder sb = new StringBuilder("calibration (").append(calibrationFile).append("):");
        for (int i = 0; i <= names.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%n  %-9s zero %+.2f mmHg  gain %.4f",
                    i < names.size() ? names.get(i) : CalibrationFile.MANIFOLD, c.zero(i), c.gain(i)));
        }
        return sb.toString();
    }

    private String stop() {
        if (!stepRunning()) {
            return "nothing is running; every output is safe";
        }
        loop.submit(Command.of(Command.Kind.STOP, "service"));
        return "stopping " + step.what();
    }

    private String start(Step s, String hint) {
        if (stepRunning()) {
            throw new Refusal("still running: " + step.what() + " ('stop' ends it)");
        }
        Fault f = loop.latchedFault();
        if (f != null) {
            throw new Refusal("a fault is latched (" + f.message() + "): 'clear-fault' first");
        }
        if (loop.snapshot().phase().active()) {
            throw new Refusal("a session is " + loop.snapshot().phase().wire());
        }
        if (!loop.run(s)) {
            throw new Refusal("the loop is still ending the last step: try again");
        }
        step = s;
        reported = false;
        return "started: " + s.what() + hint;
    }

    private String gauge(String[] w) {
        args(w, 1, 1);
        double gauge = number(w[1], "the gauge's reading", MIN_GAUGE_MMHG, Limits.CEILING_MMHG, " mmHg");
        if (!(step instanceof Fill fill) || !stepRunning()) {
            throw new Refusal("no pressure is held: 'fill CHAMBER MMHG' first, then type what the gauge reads while"
                    + " it holds");
        }
        double[] settled = fill.settled();
        if (Double.isNaN(settled[0]) || Double.isNaN(settled[1])) {
            throw new Refusal("the fill has not settled yet: wait until it holds for a second");
        }
        int c = fill.chamber();
        int m = names.size();
        SensorCalibration old = sensors.calibration();
        double gc = old.gain(c) * gauge / settled[0];
        double gm = old.gain(m) * gauge / settled[1];
        String why = implausible(names.get(c), settled[0], gauge, gc);
        if (why == null) {
            why = implausible(CalibrationFile.MANIFOLD, settled[1], gauge, gm);
        }
        if (why != null) {
            throw new Refusal(why + "; nothing stored");
        }
        SensorCalibration next = old.with(c, old.zero(c), gc).with(m, old.zero(m), gm);
        store(next);
        return String.format(Locale.ROOT, "the gauge reads %s mmHg; the %s sensor read %.2f: gain %.4f -> %.4f; the"
                + " manifold's read %.2f: gain %.4f -> %.4f; stored in %s, used from now on", fmt(gauge), names.get(c),
                settled[0], old.gain(c), gc, settled[1], old.gain(m), gm, calibrationFile);
    }

    private static String implausible(String sensor, double read, double gauge, double gain) {
        if (gain >= SensorCalibration.MIN_GAIN && gain <= SensorCalibration.MAX_GAIN) {
            return null;
        }
        return String.format(Locale.ROOT, "the %s sensor reads %.1f mmHg where the gauge reads %s: a gain of %.2f is"
                + " beyond any MPX5050GP on a 5 V supply within 5 %% (%.2f to %.2f): is the gauge on the manifold's"
                + " tee, the divider 10k over 20k, the sensor's supply 5 V?", sensor, read, fmt(gauge), gain,
                SensorCalibration.MIN_GAIN, SensorCalibration.MAX_GAIN);
    }

    /** After a {@link Zero}: each sensor's new zero, stored and applied, or why not. */
    private String zeroed(double[] means) {
        SensorCalibration old = sensors.calibration();
        SensorCalibration next = old;
        StringBuilder sb = new StringBuilder("zero:");
        for (int i = 0; i < means.length; i++) {
            String name = i < names.size() ? names.get(i) : CalibrationFile.MANIFOLD;
            if (Double.isNaN(means[i])) {
                return "not stored: the " + name + " sensor cannot be read (its wiring, the ADS1115's address)";
            }
            // The reading is gain × (raw − zero): the raw value at the room's pressure is the new zero.
            double zero = old.zero(i) + means[i] / old.gain(i);
            if (!(Math.abs(zero) <= SensorCalibration.MAX_ZERO_MMHG)) {
                return String.format(Locale.ROOT, "not stored: the %s sensor reads %.1f mmHg open to the room: is the"
                        + " cuff empty, the sensor powered, its divider right?", name, zero);
            }
            next = next.with(i, zero, old.gain(i));
            sb.append(String.format(Locale.ROOT, " %s %+.2f", name, zero));
        }
        try {
            store(next);
        } catch (Refusal r) {
            return "not stored: " + r.getMessage();
        }
        return sb.append(" mmHg; stored in ").append(calibrationFile).append(", used from now on").toString();
    }

    /** Writes {@code c} and applies what the file now says (its figures rounded as written). */
    private void store(SensorCalibration c) {
        SensorCalibration written;
        try {
            CalibrationFile.write(calibrationFile, c, names, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            written = CalibrationFile.read(calibrationFile, names);
        } catch (IOException e) {
            throw new Refusal("cannot write " + calibrationFile + " (" + e.getMessage() + ")");
        } catch (ConfigException e) {
            throw new Refusal("the file written does not read back: " + e.getMessage());
        }
        sensors.apply(written);
    }

    // ---- words ----

    private int chamber(String word) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(word) || word.equals(String.valueOf(i + 1))) {
                return i;
            }
        }
        throw new Refusal("no chamber '" + word + "' (the chambers: " + String.join(", ", names) + ", or 1 to "
                + names.size() + ")");
    }

    private static double seconds(String word) {
        return number(word, "the time", 0.5, Drive.MAX_S, " s");
    }

    private static double number(String word, String what, double min, double max, String unit) {
        double v;
        try {
            v = Double.parseDouble(word);
        } catch (NumberFormatException e) {
            throw new Refusal(what + " '" + word + "' is not a number");
        }
        if (!(v >= min && v <= max)) {
            throw new Refusal(what + " " + word + " is outside " + fmt(min)
                    + (Double.isInfinite(max) ? " and up" : " to " + fmt(max)) + unit);
        }
        return v;
    }

    private static void args(String[] w, int min, int max) {
        int n = w.length - 1;
        if (n < min || n > max) {
            throw new Refusal("'" + w[0] + "' takes " + (min == max ? String.valueOf(min) : min + " to " + max)
                    + " argument" + (max == 1 ? "" : "s") + " (type help)");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** A request that is refused, with why; nothing was driven. */
    private static final class Refusal extends RuntimeException {
        Refusal(String why) {
            super(why, null, false, false);
        }
    }

    /** Waits (at most {@code timeoutMs}) for the loop's first readings, so 'sensors' never shows a NaN. */
    public boolean awaitReadings(long timeoutMs) throws InterruptedException {
        return monitor.awaitFirstTick(timeoutMs);
    }
}
