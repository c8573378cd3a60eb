package dev.quietlegs.firmware.therapy;

import java.util.Optional;

/**
 * A therapy program: pure data, loaded from {@code config/programs/NAME.yaml}.
 *
 * @param rampUpS   seconds over which vibration and pressures rise at the start
 * @param taperS    seconds at the end over which they fall gently, so sleep is not broken
 *                  (Relaxis tapers over its last 5 minutes)
 * @param intensity the default compression level, 1–10 ({@link Compression#targetMmHg})
 */
public record Program(
        String name,
        String description,
        int durationS,
        double rampUpS,
        double taperS,
        int intensity,
        Optional<Vibration> vibration,
        Optional<Compression> compression) {

    public static final int MIN_LEVEL = 1;
    public static final int MAX_LEVEL = 10;

    /** The same program with another length; ramp and taper shrink to fit if they must. */
    public Program withDuration(int seconds) {
        double taper = Math.min(taperS, seconds / 4.0);
        double ramp = Math.min(rampUpS, seconds / 4.0);
        return new Program(name, description, seconds, ramp, taper, intensity, vibration, compression);
    }

    /** A one-line account of what the program does, for {@code programs}. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        vibration.ifPresent(v -> sb.append("vibration level ").append(v.level())
                .append(v.pattern() == Vibration.Pattern.PULSE
                        ? " pulsed " + fmt(v.onS()) + "/" + fmt(v.offS()) + " s" : "")
                .append(", "));
        compression.ifPresent(c -> sb.append("compression ").append(fmt(c.distalMmHg()))
                .append(c.gradientMmHg() > 0 ? "→" + fmt(c.distalMmHg() - c.gradientMmHg() * (c.chambers().length - 1)) : "")
                .append(" mmHg over ").append(c.chambers().length).append(" chamber")
                .append(c.chambers().length == 1 ? "" : "s")
                .append(", cycle ").append(fmt(c.cycleS())).append(" s, "));
        sb.append("taper ").append(fmt(taperS)).append(" s");
        return sb.toString();
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
