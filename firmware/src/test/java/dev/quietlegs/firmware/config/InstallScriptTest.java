package dev.quietlegs.firmware.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config/install.sh} with {@code --root}: every file it installs on a Raspberry Pi, laid
 * out under a directory (no apt, users or systemd), run twice as a person would.
 */
class InstallScriptTest {

    @TempDir
    Path root;

    private String install(Path jar) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", ShippedConfig.dir().resolve("install.sh").toString(), "--root",
                root.toString(), "--jar", jar.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void itLaysOutTheUnitAndAddsTheBootLinesOnce() throws Exception {
        Files.createDirectories(root.resolve("proc/device-tree"));
        Files.writeString(root.resolve("proc/device-tree/model"), "Raspberry Pi 4 Model B Rev 1.5\0");
        Path boot = Files.createDirectories(root.resolve("boot/firmware")).resolve("config.txt");
        Files.writeString(boot, "dtparam=audio=on\ndtparam=i2c_arm=on\n");
        Path jar = Files.writeString(root.resolve("quietlegs.jar"), "the jar");

        String first = install(jar);
        assertThat(first).contains("added 'dtoverlay=pwm-2chan'", "reboot");
        assertThat(Files.readAllLines(boot)).containsExactly("dtparam=audio=on", "dtparam=i2c_arm=on", "",
                "# QuietLegs", "dtoverlay=pwm-2chan", "dtparam=watchdog=on");
        assertThat(root.resolve("opt/quietlegs/quietlegs.jar")).hasContent("the jar");
        assertThat(root.resolve("etc/systemd/system/quietlegs.service")).content()
                .contains("Type=notify", "WatchdogSec=", "ExecStopPost=", "safe-state", "RestartPreventExitStatus=2");
        assertThat(root.resolve("etc/udev/rules.d/99-quietlegs.rules")).content().contains("i2c-dev", "gpiochip");
        assertThat(root.resolve("etc/systemd/system.conf.d/quietlegs-watchdog.conf")).content()
                .contains("RuntimeWatchdogSec=15");
        // The installed configuration is the shipped one, and it loads.
        UnitConfig installed = UnitConfigLoader.load(root.resolve("etc/quietlegs/quietlegs.yaml"));
        assertThat(installed.pinMap()).isEqualTo(ShippedConfig.unit().pinMap());
        assertThat(ProgramLoader.loadAll(root.resolve("etc/quietlegs/programs"), installed).names())
                .contains("evening");

        // A person edits the configuration; installing again keeps it and adds nothing twice.
        Path yaml = root.resolve("etc/quietlegs/quietlegs.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("id: bedside", "id: guestroom"));
        String second = install(jar);
        assertThat(second).contains("kept your " + yaml).doesNotContain("added");
        assertThat(yaml).content().contains("id: guestroom");
        assertThat(root.resolve("etc/quietlegs/quietlegs.yaml.new")).content().contains("id: bedside");
        assertThat(Files.readAllLines(boot)).hasSize(6);
    }

    @Test
    void withoutTheJarItSaysHowToBuildIt() throws Exception {
        Process p = new ProcessBuilder("bash", ShippedConfig.dir().resolve("install.sh").toString(), "--root",
                root.toString(), "--jar", root.resolve("missing.jar").toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("build it first");
    }
}
