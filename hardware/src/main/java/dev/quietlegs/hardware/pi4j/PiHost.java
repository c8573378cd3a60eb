package dev.quietlegs.hardware.pi4j;

import dev.quietlegs.hardware.wiring.PinMap;
import dev.quietlegs.hardware.wiring.PinRules.PwmSoc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What this Linux offers the Pi4J board, read from its files before Pi4J touches anything: which
 * Pi, which PWM chip, whether the overlays are loaded and the device files are ours. Each problem
 * comes with the fix (the group to join, the line to add), since Pi4J's own exceptions would not
 * say it. The root is a parameter so tests can build a fake {@code /sys} and {@code /dev}.
 */
public final class PiHost {

    /** Where the Raspberry Pi firmware reads its settings on Raspberry Pi OS 12 and later. */
    public static final String CONFIG_TXT = "/boot/firmware/config.txt";

    private final Path root;
    private final String arch;
    private final Predicate<Path> openable;

    /** @param arch the JVM's {@code os.arch} */
    public PiHost(Path root, String arch) {
        this(root, arch, p -> Files.isReadable(p) && Files.isWritable(p));
    }

    /** @param openable whether this process may read and write a device file (tests run as root) */
    PiHost(Path root, String arch, Predicate<Path> openable) {
        this.root = root;
        this.arch = arch;
        this.openable = openable;
    }

    public static PiHost system() {
        return new PiHost(Path.of("/"), System.getProperty("os.arch"));
    }

    /** The model from the device tree ("Raspberry Pi 5 Model B Rev 1.0"), or empty when not a Pi. */
    public Optional<String> model() {
        try {
            String m = Files.readString(root.resolve("proc/device-tree/model"), StandardCharsets.UTF_8)
                    .replace("\0", "").trim();
            return m.contains("Raspberry Pi") ? Optional.of(m) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    boolean isPi5() {
        return model().map(m -> m.contains("Raspberry Pi 5") || m.contains("Compute Module 5")).orElse(false);
    }

    /** A PWM chip of the SoC's header PWM block: its number and how it numbers channels. */
    public record PwmChip(int number, PwmSoc soc, int channels) {
    }

    /**
     * The PWM chip the header's PWM pins belong to: the RP1's on a Pi 5 (its number changed with
     * kernel 6.12), the BCM's on earlier Pis; {@code pinned} (≥ 0) takes that chip whatever it is.
     */
    public Optional<PwmChip> pwmChip(int pinned) {
        Path dir = root.resolve("sys/class/pwm");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> chips = Files.list(dir)) {
            for (Path chip : chips.sorted().toList()) {
                String name = chip.getFileName().toString();
                if (!name.startsWith("pwmchip")) {
                    continue;
                }
                int number = Integer.parseInt(name.substring("pwmchip".length()));
                String target = Files.isSymbolicLink(chip) ? Files.readSymbolicLink(chip).toString() : "";
                PwmSoc soc = target.contains("1f00098000.pwm") ? PwmSoc.RP1
                        : target.matches(".*[0-9a-f]20c000\\.pwm.*") ? PwmSoc.BCM : null;
                if (pinned >= 0 ? number == pinned : soc != null) {
                    return Optional.of(new PwmChip(number, soc != null ? soc : isPi5() ? PwmSoc.RP1 : PwmSoc.BCM,
                            channels(chip)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static int channels(Path chip) {
        try {
            return Integer.parseInt(Files.readString(chip.resolve("npwm")).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Everything that would keep the board in {@code map} from opening, each with its fix; empty
     * when the board can be tried.
     */
    public List<String> problems(PinMap map, String user) {
        List<String> problems = new ArrayList<>();
        if (!arch.equals("aarch64") && !arch.equals("arm")) {
            problems.add("Pi4J's GPIO library is built for 64-bit (aarch64) and 32-bit ARM, not " + arch
                    + ": run the 64-bit Raspberry Pi OS");
        }
        List<Path> gpiochips = devices("gpiochip");
        if (gpiochips.isEmpty()) {
            problems.add("no GPIO character device (/dev/gpiochip*): this kernel has no GPIO driver for the header");
        } else if (gpiochips.stream().anyMatch(p -> !openable.test(p))) {
            problems.add("cannot open " + gpiochips.stream().filter(p -> !openable.test(p)).findFirst().orElseThrow()
                    + ": add " + user + " to the gpio group (sudo usermod -aG gpio "
                    + user + ", then log in again) or install config/udev/99-quietlegs.rules");
        }

        Optional<PwmChip> chip = pwmChip(map.pwmChip());
        String overlay = overlayLine(map);
        if (chip.isEmpty()) {
            problems.add(map.pwmChip() >= 0 ? "there is no /sys/class/pwm/pwmchip" + map.pwmChip() + " (board.pwm_chip)"
                    : "no hardware PWM for the motor and the pump: add the line '" + overlay + "' to " + CONFIG_TXT
                    + " and reboot");
        } else {
            PwmChip c = chip.get();
            int needed = Math.max(c.soc().channel(map.motorGpio()), c.soc().channel(map.pumpGpio())) + 1;
            Path chipDir = root.resolve("sys/class/pwm/pwmchip" + c.number());
            if (c.channels() < needed) {
                problems.add(String.format(Locale.ROOT, "pwmchip%d has %d channels, the pin map needs channel %d: the"
                        + " line in %s should be '%s'", c.number(), c.channels(), needed - 1, CONFIG_TXT, overlay));
            } else if (!openable.test(chipDir.resolve("export"))) {
                problems.add("cannot write " + chipDir.resolve("export") + ": add " + user + " to the gpio group (Raspberry"
                        + " Pi OS's udev rules give it the PWM files) or install config/udev/99-quietlegs.rules");
            }
        }

        Path i2c = root.resolve("dev/i2c-" + map.i2cBus());
        if (!Files.exists(i2c)) {
            problems.add("no " + i2c + " for the pressure sensors: "
                    + (map.i2cBus() == 1 ? "add the line 'dtparam=i2c_arm=on' to " + CONFIG_TXT
                            + " (or sudo raspi-config nonint do_i2c 0) and reboot"
                            : "enable I2C bus " + map.i2cBus() + " in " + CONFIG_TXT));
        } else if (!openable.test(i2c)) {
            problems.add("cannot open " + i2c + ": add " + user + " to the i2c group (sudo usermod -aG i2c " + user + ")");
        }
        return problems;
    }

    /** The config.txt line that puts the motor's and the pump's pins on hardware PWM. */
    String overlayLine(PinMap map) {
        int ch0 = PwmSoc.BCM.channel(map.motorGpio()) == 0 ? map.motorGpio() : map.pumpGpio();
        int ch1 = ch0 == map.motorGpio() ? map.pumpGpio() : map.motorGpio();
        if (ch0 == 18 && ch1 == 19 && !isPi5()) {
            return "dtoverlay=pwm-2chan";
        }
        // func: the legacy BCM number of the pin's PWM function (ALT0 = 4 on 12/13, ALT5 = 2 on 18/19),
        // which the Pi 5's RP1 pin driver translates to its own.
        return "dtoverlay=pwm-2chan,pin=" + ch0 + ",func=" + (ch0 == 12 ? 4 : 2) + ",pin2=" + ch1 + ",func2="
                + (ch1 == 13 ? 4 : 2);
    }

    private List<Path> devices(String prefix) {
        Path dev = root.resolve("dev");
        try (Stream<Path> s = Files.list(dev)) {
            return s.filter(p -> p.getFileName().toString().matches(prefix + "[0-9]+")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
