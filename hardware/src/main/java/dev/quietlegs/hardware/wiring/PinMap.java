package dev.quietlegs.hardware.wiring;

import java.util.List;

/**
 * How the unit is wired to the Raspberry Pi: BCM GPIO numbers, the ADC and its inputs. Lists are
 * per chamber, distal (ankle) first. {@link PinRules#check} says whether a map can be built.
 *
 * @param pwmHz          PWM frequency of the motor and the pump (above hearing by default)
 * @param motorGpio      hardware-PWM pin of the vibration motor's MOSFET
 * @param pumpGpio       hardware-PWM pin of the pump's MOSFET
 * @param inletGpio      per chamber: the normally-closed inlet valve's driver input (high = open)
 * @param exhaustGpio    per chamber: the normally-open exhaust valve's driver input (high = closed)
 * @param ventGpio       the normally-open main vent's driver input (high = closed)
 * @param buttonGpio     the start/stop button, to ground (pressed = low), pulled up
 * @param estopGpio      the emergency stop's sense contact, normally closed to ground (pressed or a
 *                       broken wire = high), pulled up
 * @param lightGpio      the dim status LED
 * @param faultLightGpio the fault LED
 * @param heartbeatGpio  the heartbeat into the dead-man: toggled every tick while every output takes its
 *                       writes; when it stops, the hardware cuts the pump's and the valves' supply
 * @param i2cBus         the I2C bus of the ADC ({@code /dev/i2c-N})
 * @param adcAddress     the ADS1115's address (0x48 with ADDR to ground)
 * @param sensorInputs   per chamber: the ADS1115 input of its pressure sensor
 * @param manifoldInput  the ADS1115 input of the manifold's sensor
 * @param sensorSupplyV  the sensors' supply voltage
 * @param sensorDivider  ADC volts per sensor volt of each input's divider
 * @param pwmChip        {@code /sys/class/pwm/pwmchipN}, or -1 to find the SoC's PWM chip
 * @param debounceMs     how long a button must read the same before it counts
 */
public record PinMap(int pwmHz, int motorGpio, int pumpGpio, List<Integer> inletGpio, List<Integer> exhaustGpio,
        int ventGpio, int buttonGpio, int estopGpio, int lightGpio, int faultLightGpio, int heartbeatGpio, int i2cBus, int adcAddress,
        List<Integer> sensorInputs, int manifoldInput, double sensorSupplyV, double sensorDivider, int pwmChip,
        int debounceMs) {

    public PinMap {
        inletGpio = List.copyOf(inletGpio);
        exhaustGpio = List.copyOf(exhaustGpio);
        sensorInputs = List.copyOf(sensorInputs);
    }

    /** The most chambers one ADS1115 can read besides the manifold. */
    public static final int MAX_CHAMBERS = 3;

    /**
     * The wiring of {@code hardware/README.md} for a cuff of {@code chambers} (1 to 3): the first
     * chambers' pins of the three-chamber unit.
     */
    public static PinMap standard(int chambers) {
        if (chambers < 1 || chambers > MAX_CHAMBERS) {
            throw new IllegalArgumentException("the standard wiring has 1 to 3 chambers, not " + chambers);
        }
        return new PinMap(25_000, 18, 19, List.of(17, 27, 22).subList(0, chambers),
                List.of(23, 24, 25).subList(0, chambers), 26, 5, 6, 13, 16, 20, 1, 0x48,
                List.of(0, 1, 2).subList(0, chambers), 3, 5.0, 0.6667, -1, 30);
    }

    public int chambers() {
        return inletGpio.size();
    }
}
