package dev.quietlegs.firmware.therapy;

/**
 * The vibration part of a program.
 *
 * @param level   0–10, the level the person feels at full strength (changeable during a session)
 * @param pattern continuous, or pulsed on/off
 */
public record Vibration(int level, Pattern pattern, double onS, double offS) {

    public enum Pattern { CONTINUOUS, PULSE }

    /** Whether the motor runs at {@code seconds} into the running session, per the pattern. */
    public boolean onAt(double seconds) {
        if (pattern == Pattern.CONTINUOUS) {
            return true;
        }
        double period = onS + offS;
        return seconds % period < onS;
    }
}
