package dev.quietlegs.hardware.sim;

import java.util.Arrays;

/**
 * The physical constants of the simulated unit. Units: pressure in mmHg above room pressure,
 * air flow in mL/s (free air), compliance in mL per mmHg, time in seconds.
 *
 * <p>An orifice passes {@code k * sqrt(dp)} mL/s; a sharp-edged 1 mm hole (Cd 0.6) passes about
 * 50 mL/s at 50 mmHg, so k is about 7 per mm of bore squared. Below {@code laminarMmHg} the flow is
 * taken as linear, which keeps the model smooth near zero pressure difference.
 *
 * @param pumpFreeFlow        free-air flow of the pump at full duty (12 V diaphragm pump: 60–100)
 * @param pumpMaxMmHg         pressure at which the pump's flow falls to zero (stall: 300–450)
 * @param manifoldCompliance  air in the pump head, manifold and hose, as compliance (0.1–0.3)
 * @param chamberCompliance   a chamber's compliance when flat; it stiffens as it fills (8–15)
 * @param chamberStiffenMmHg  pressure at which the compliance has halved (10–20)
 * @param complianceScale     per chamber, distal first, relative size (ankle smaller, thigh
 *                            larger); empty for all equal
 * @param inletK              orifice constant of each inlet valve (1.3 mm bore: about 12)
 * @param exhaustK            orifice constant of each exhaust valve (1.9 mm: about 25)
 * @param mainVentK           orifice constant of the main vent (1.6 mm: about 18)
 * @param leakK               orifice constant of each chamber's own leak (seams, fittings: 0.05–0.1)
 * @param reliefMmHg          cracking pressure of the mechanical relief valve on the manifold (72:
 *                            with reliefK 40 it holds the manifold below 78 with the pump at full duty)
 * @param reliefK             orifice constant of the relief valve once open
 * @param switchMmHg          the manifold's overpressure switch cuts the pump's supply above this
 *                            and gives it back {@link #SWITCH_HYSTERESIS_MMHG} lower; 0 for none
 * @param laminarMmHg         below this difference orifice flow is linear (1–2)
 * @param sensorNoiseMmHg     standard deviation of sensor noise (0.1–0.3)
 * @param sensorResolutionMmHg quantisation step of a reading (ADS1115 + MPX5050GP: about 0.05)
 * @param motorTimeConstant   spin-up time constant of the vibration motor (0.1–0.3 s)
 * @param motorStartDuty      duty below which the eccentric-mass motor stalls (0.2–0.35)
 * @param stepSeconds         integration step of the plant (1 ms is stable for these values)
 * @param seed                seed of the sensor noise, so every run is repeatable
 */
public record PlantParameters(
        int chambers,
        double pumpFreeFlow,
        double pumpMaxMmHg,
        double manifoldCompliance,
        double chamberCompliance,
        double chamberStiffenMmHg,
        double[] complianceScale,
        double inletK,
        double exhaustK,
        double mainVentK,
        double leakK,
        double reliefMmHg,
        double reliefK,
        double switchMmHg,
        double laminarMmHg,
        double sensorNoiseMmHg,
        double sensorResolutionMmHg,
        double motorTimeConstant,
        double motorStartDuty,
        double stepSeconds,
        long seed) {

    /** The overpressure switch closes again this far below where it opened. */
    public static final double SWITCH_HYSTERESIS_MMHG = 8;

    public PlantParameters {
        if (chambers < 1) {
            throw new IllegalArgumentException("a cuff has at least one chamber, not " + chambers);
        }
        complianceScale = complianceScale == null ? new double[0] : complianceScale.clone();
        if (complianceScale.length != 0 && complianceScale.length != chambers) {
            throw new IllegalArgumentException("compliance scale has " + complianceScale.length
                    + " entries for " + chambers + " chambers");
        }
        if (stepSeconds <= 0 || stepSeconds > 0.005) {
            throw new IllegalArgumentException("plant step must be in (0, 5 ms], not " + stepSeconds);
        }
    }

    /** A 12 V diaphragm pump (about 5 L/min, 400 mmHg stall) and a three-chamber leg cuff. */
    public static PlantParameters legCuff(int chambers) {
        double[] scale = chambers == 3 ? new double[] {0.8, 1.0, 1.3} : new double[0];
        return new PlantParameters(chambers, 80, 400, 0.15, 12, 15, scale, 12, 25, 18, 0.07,
                72, 40, 78, 1.5, 0.2, 0.05, 0.15, 0.25, 0.001, 1);
    }

    public PlantParameters withChambers(int count) {
        return new PlantParameters(count, pumpFreeFlow, pumpMaxMmHg, manifoldCompliance,
                chamberCompliance, chamberStiffenMmHg,
                complianceScale.length == count ? complianceScale : new double[0], inletK, exhaustK,
                mainVentK, leakK, reliefMmHg, reliefK, switchMmHg, laminarMmHg, sensorNoiseMmHg,
                sensorResolutionMmHg, motorTimeConstant, motorStartDuty, stepSeconds, seed);
    }

    /** Relative size of chamber {@code i}. */
    public double scaleOf(int i) {
        return complianceScale.length == 0 ? 1.0 : complianceScale[i];
    }

    @Override
    public double[] complianceScale() {
        return complianceScale.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlantParameters p && toString().equals(p.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "PlantParameters[chambers=" + chambers + ", pump=" + pumpFreeFlow + "mL/s@"
                + pumpMaxMmHg + ", scale=" + Arrays.toString(complianceScale) + ", step="
                + stepSeconds + ", seed=" + seed + "]";
    }
}
