package dev.quietlegs.hardware.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quietlegs.hardware.wiring.PinMap;
import dev.quietlegs.hardware.wiring.PinRules.PwmSoc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preflight on fake /proc, /sys and /dev trees laid out as on each Pi and kernel. */
class PiHostTest {

    @TempDir
    Path root;

    private static final PinMap MAP = PinMap.standard(3);

    private void pi(String model) throws IOException {
        Files.createDirectories(root.resolve("proc/device-tree"));
        Files.writeString(root.resolve("proc/device-tree/model"), model + "\0");
        Files.createDirectories(root.resolve("dev"));
        Files.writeString(root.resolve("dev/gpiochip0"), "");
        Files.writeString(root.resolve("dev/i2c-1"), "");
    }

    /** /sys/class/pwm/pwmchipN as the kernel links it to its device. */
    private void pwmChip(int n, String device, int channels) throws IOException {
        Path target = root.resolve("sys/devices/platform/" + device + "/pwm/pwmchip" + n);
        Files.createDirectories(target);
        Files.writeString(target.resolve("npwm"), channels + "\n");
        Files.writeString(target.resolve("export"), "");
        Files.createDirectories(root.resolve("sys/class/pwm"));
        Files.createSymbolicLink(root.resolve("sys/class/pwm/pwmchip" + n),
                Path.of("../../devices/platform/" + device + "/pwm/pwmchip" + n));
    }

    private PiHost host() {
        return new PiHost(root, "aarch64");
    }

    @Test
    void aPi4WithThePwmOverlayIsReady() throws IOException {
        pi("Raspberry Pi 4 Model B Rev 1.5");
        pwmChip(0, "soc/fe20c000.pwm", 2);
        assertThat(host().model()).contains("Raspberry Pi 4 Model B Rev 1.5");
        assertThat(host().pwmChip(-1)).contains(new PiHost.PwmChip(0, PwmSoc.BCM, 2));
        assertThat(host().problems(MAP, "quietlegs")).isEmpty();
    }

    @Test
    void aPi5FindsTheRp1ChipWhateverItsNumberAmongOtherChips() throws IOException {
        pi("Raspberry Pi 5 Model B Rev 1.0");
        pwmChip(0, "axi/1000120000.pcie/1f0009c000.pwm", 4); // the fan's
        pwmChip(2, "axi/1000120000.pcie/1f00098000.pwm", 4); // before kernel 6.12
        assertThat(host().pwmChip(-1)).contains(new PiHost.PwmChip(2, PwmSoc.RP1, 4));
        assertThat(host().problems(MAP, "quietlegs")).isEmpty();
    }

    @Test
    void aPinnedChipIsTakenAsConfigured() throws IOException {
        pi("Raspberry Pi 5 Model B Rev 1.0");
        pwmChip(0, "axi/1000120000.pcie/1f00098000.pwm", 4); // kernel 6.12 renumbered it
        assertThat(host().pwmChip(0)).contains(new PiHost.PwmChip(0, PwmSoc.RP1, 4));
        assertThat(host().pwmChip(3)).isEmpty();
    }

    @Test
    void withoutTheOverlayTheErrorGivesTheLineForThisPi() throws IOException {
        pi("Raspberry Pi 4 Model B Rev 1.5");
        assertThat(host().problems(MAP, "quietlegs")).containsExactly("no hardware PWM for the motor and the pump: add"
                + " the line 'dtoverlay=pwm-2chan' to /boot/firmware/config.txt and reboot");
        Files.writeString(root.resolve("proc/device-tree/model"), "Raspberry Pi 5 Model B Rev 1.0\0");
        assertThat(host().problems(MAP, "quietlegs")).containsExactly("no hardware PWM for the motor and the pump: add"
                + " the line 'dtoverlay=pwm-2chan,pin=18,func=2,pin2=19,func2=2' to /boot/firmware/config.txt and reboot");
    }

    @Test
    void aPi5ChipWithTooFewChannelsForThePinsSaysSo() throws IOException {
        pi("Raspberry Pi 5 Model B Rev 1.0");
        pwmChip(0, "axi/1000120000.pcie/1f00098000.pwm", 2);
        assertThat(host().problems(MAP, "quietlegs")).singleElement().asString()
                .startsWith("pwmchip0 has 2 channels, the pin map needs channel 3");
    }

    @Test
    void missingI2cAndPermissionsSayWhatToDo() throws IOException {
        pi("Raspberry Pi 4 Model B Rev 1.5");
        pwmChip(0, "soc/fe20c000.pwm", 2);
        Files.delete(root.resolve("dev/i2c-1"));
        assertThat(host().problems(MAP, "quietlegs")).containsExactly("no " + root.resolve("dev/i2c-1")
                + " for the pressure sensors: add the line 'dtparam=i2c_arm=on' to /boot/firmware/config.txt"
                + " (or sudo raspi-config nonint do_i2c 0) and reboot");

        Files.writeString(root.resolve("dev/i2c-1"), "");
        Set<Path> denied = Set.of(root.resolve("dev/gpiochip0"), root.resolve("dev/i2c-1"),
                root.resolve("sys/class/pwm/pwmchip0/export"));
        List<String> problems = new PiHost(root, "aarch64", p -> !denied.contains(p)).problems(MAP, "ql");
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).contains("dev/gpiochip0: add ql to the gpio group (sudo usermod -aG gpio ql");
        assertThat(problems.get(1)).contains("pwmchip0/export: add ql to the gpio group");
        assertThat(problems.get(2)).contains("dev/i2c-1: add ql to the i2c group");
    }

    @Test
    void notAnArmJvmIsToldWhy() throws IOException {
        pi("Raspberry Pi 4 Model B Rev 1.5");
        pwmChip(0, "soc/fe20c000.pwm", 2);
        assertThat(new PiHost(root, "amd64").problems(MAP, "quietlegs")).singleElement().asString()
                .contains("not amd64");
        assertThat(new PiHost(root.resolve("nothing"), "aarch64").model()).isEmpty();
    }

    @Test
    void whenPi4jItselfFailsTheErrorIsOneLineNotAStackTrace() throws IOException {
        pi("Raspberry Pi 4 Model B Rev 1.5");
        pwmChip(0, "soc/fe20c000.pwm", 2);
        // The preflight passes on this fake tree; Pi4J's gpiod then meets a machine that is no Pi.
        assertThatThrownBy(() -> RaspberryPi.open(host(), MAP, System::nanoTime, 0.3))
                .isInstanceOf(BoardUnavailableException.class)
                .hasMessageStartingWith("Pi4J could not open the board: ")
                .hasMessageContaining("gpioinfo");
    }
}
