package dev.quietlegs.hardware.wiring;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a Raspberry Pi's 40-pin header allows: which pins exist, which have hardware PWM, which are taken. */
public final class PinRules {

    private PinRules() {
    }

    /** The chip that drives the header's PWM pins, which numbers their channels differently. */
    public enum PwmSoc {
        /** Pi 3, 4, Zero 2 (BCM283x/2711): two channels; GPIO12 and 18 share channel 0, 13 and 19 channel 1. */
        BCM,
        /** Pi 5 (RP1): four channels, GPIO12, 13, 18, 19 = channels 0, 1, 2, 3. */
        RP1;

        /** The PWM channel of {@code gpio}, or -1 when it has none. */
        public int channel(int gpio) {
            return switch (gpio) {
                case 12 -> 0;
                case 13 -> 1;
                case 18 -> this == RP1 ? 2 : 0;
                case 19 -> this == RP1 ? 3 : 1;
                default -> -1;
            };
        }
    }

    /** A key of the {@code board} section and what is wrong with it. */
    public record Problem(String key, String message) {
    }

    /**
     * The first thing that keeps {@code map} from being built for a cuff of {@code chambers}, or
     * empty when it can be. The rules are the stricter BCM ones, so one map works on a Pi 4 and a Pi 5.
     */
    public static Optional<Problem> check(PinMap map, int chambers) {
        if (chambers > PinMap.MAX_CHAMBERS) {
            return problem("sensor_inputs", "one ADS1115 reads %d chambers and the manifold; this cuff has %d chambers",
                    PinMap.MAX_CHAMBERS, chambers);
        }
        Optional<Problem> p = perChamber("inlet_gpio", map.inletGpio(), chambers, "inlet valve")
                .or(() -> perChamber("exhaust_gpio", map.exhaustGpio(), chambers, "exhaust valve"))
                .or(() -> perChamber("sensor_inputs", map.sensorInputs(), chambers, "pressure sensor"));
        if (p.isPresent()) {
            return p;
        }
        Map<Integer, String> taken = new HashMap<>();
        if (map.i2cBus() == 1) {
            taken.put(2, "I2C bus 1's SDA");
            taken.put(3, "I2C bus 1's SCL");
        }
        taken.put(0, "the HAT ID EEPROM's ID_SD");
        taken.put(1, "the HAT ID EEPROM's ID_SC");
        p = pin("motor_gpio", map.motorGpio(), taken).or(() -> pin("pump_gpio", map.pumpGpio(), taken));
        if (p.isPresent()) {
            return p;
        }
        for (String key : List.of("motor_gpio", "pump_gpio")) {
            int gpio = key.equals("motor_gpio") ? map.motorGpio() : map.pumpGpio();
            if (PwmSoc.BCM.channel(gpio) < 0) {
                return problem(key, "GPIO %d has no hardware PWM channel: use GPIO 18 or 19 (or 12, 13)", gpio);
            }
        }
        if (PwmSoc.BCM.channel(map.motorGpio()) == PwmSoc.BCM.channel(map.pumpGpio())) {
            return problem("pump_gpio", "GPIO %d and the motor's GPIO %d are the same PWM channel (%d) on a Pi 4: they"
                    + " could not run at different duties; use GPIO 18 and 19", map.pumpGpio(), map.motorGpio(),
                    PwmSoc.BCM.channel(map.pumpGpio()));
        }
        for (int i = 0; i < chambers; i++) {
            int c = i;
            p = pin("inlet_gpio", map.inletGpio().get(i), taken, "chamber " + (i + 1) + "'s inlet")
                    .or(() -> pin("exhaust_gpio", map.exhaustGpio().get(c), taken, "chamber " + (c + 1) + "'s exhaust"));
            if (p.isPresent()) {
                return p;
            }
        }
        p = pin("vent_gpio", map.ventGpio(), taken)
                .or(() -> pin("button_gpio", map.buttonGpio(), taken))
                .or(() -> pin("estop_gpio", map.estopGpio(), taken))
                .or(() -> pin("light_gpio", map.lightGpio(), taken))
                .or(() -> pin("fault_light_gpio", map.faultLightGpio(), taken))
                .or(() -> pin("heartbeat_gpio", map.heartbeatGpio(), taken));
        if (p.isPresent()) {
            return p;
        }
        if (map.adcAddress() < 0x48 || map.adcAddress() > 0x4B) {
            return problem("adc_address", "0x%02X is not an ADS1115 address (0x48 to 0x4B, set by its ADDR pin)",
                    map.adcAddress());
        }
        Map<Integer, String> inputs = new HashMap<>();
        for (int i = 0; i <= chambers; i++) {
            boolean manifold = i == chambers;
            int input = manifold ? map.manifoldInput() : map.sensorInputs().get(i);
            String key = manifold ? "manifold_input" : "sensor_inputs";
            String what = manifold ? "the manifold's sensor" : "chamber " + (i + 1) + "'s sensor";
            if (input < 0 || input > 3) {
                return problem(key, "%s is on input %d; the ADS1115 has inputs 0 to 3", what, input);
            }
            String before = inputs.putIfAbsent(input, what);
            if (before != null) {
                return problem(key, "%s is on input %d, which %s already reads", what, input, before);
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> perChamber(String key, List<Integer> values, int chambers, String what) {
        if (values.size() == chambers) {
            return Optional.empty();
        }
        if (values.size() < chambers) {
            return problem(key, "the cuff has %d chambers but %d %s listed: chamber %d has no %s", chambers,
                    values.size(), values.size() == 1 ? "is" : "are", values.size() + 1, what);
        }
        return problem(key, "%d listed for a cuff of %d chambers: one %s per chamber, distal first", values.size(),
                chambers, what);
    }

    private static final Map<String, String> NAMES = Map.of("motor_gpio", "the motor's PWM", "pump_gpio",
            "the pump's PWM", "vent_gpio", "the main vent", "button_gpio", "the start/stop button", "estop_gpio",
            "the emergency stop", "light_gpio", "the status light", "fault_light_gpio", "the fault light",
            "heartbeat_gpio", "the dead-man's heartbeat");

    private static Optional<Problem> pin(String key, int gpio, Map<Integer, String> taken) {
        return pin(key, gpio, taken, NAMES.get(key));
    }

    private static Optional<Problem> pin(String key, int gpio, Map<Integer, String> taken, String what) {
        if (gpio < 0 || gpio > 27) {
            return problem(key, "GPIO %d is not on the 40-pin header (GPIO 0 to 27)", gpio);
        }
        String before = taken.putIfAbsent(gpio, what);
        if (before != null) {
            return problem(key, "GPIO %d is used twice: for %s and for %s", gpio, before, what);
        }
        return Optional.empty();
    }

    private static Optional<Problem> problem(String key, String format, Object... args) {
        return Optional.of(new Problem(key, String.format(Locale.ROOT, format, args)));
    }
}
