package dev.quietlegs.firmware.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config/install.sh}, the wrapper over the Debian package, up to the point where it would
 * call apt: the look at os-release and at the Java packages installed (a fake os-release and dpkg
 * database here), and the package it is given. The installation itself is {@code .ci/deb}'s.
 */
class InstallScriptTest {

    private static final String BOOKWORM = """
            PRETTY_NAME="Raspbian GNU/Linux 12 (bookworm)"
            VERSION_ID="12"
            VERSION_CODENAME=bookworm
            ID=raspbian
            """;
    private static final String TRIXIE = """
            PRETTY_NAME="Debian GNU/Linux 13 (trixie)"
            VERSION_ID="13"
            VERSION_CODENAME=trixie
            ID=debian
            """;
    private static final String TEMURIN_21 = """
            Package: temurin-21-jre
            Status: install ok installed
            Version: 21.0.5.0.0+11-1
            Architecture: arm64
            Provides: java-runtime-headless, java21-runtime-headless
            Description: Eclipse Temurin 21 JRE

            """;

    @TempDir
    Path dir;

    private record Outcome(int code, String text) {
    }

    private Outcome install(String osRelease, String dpkgStatus, String... args) throws IOException, InterruptedException {
        Path release = Files.writeString(dir.resolve("os-release"), osRelease);
        Path dpkg = Files.createDirectories(dir.resolve("dpkg"));
        Files.writeString(dpkg.resolve("status"), dpkgStatus);
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = ShippedConfig.dir().resolve("install.sh").toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(Map.of("QUIETLEGS_OS_RELEASE", release.toString(), "QUIETLEGS_DPKG_DIR", dpkg.toString()));
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void onBookwormWithoutJava21ItSaysWhatToDoBeforeAnythingElse() throws Exception {
        Outcome o = install(BOOKWORM, "", dir.resolve("missing.deb").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.text()).contains("Raspbian GNU/Linux 12 (bookworm) has no Java 21", "Raspberry Pi OS (Trixie)",
                "Debian 13", "java21-runtime-headless", "temurin-21-jre").doesNotContain("build it first");
    }

    @Test
    void onBookwormWithAJava21PackageItGoesOn() throws Exception {
        Outcome o = install(BOOKWORM, TEMURIN_21, dir.resolve("missing.deb").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.text()).contains("build it first").doesNotContain("no Java 21");
    }

    @Test
    void onTrixieWithoutThePackageItSaysHowToBuildIt() throws Exception {
        Outcome o = install(TRIXIE, "", dir.resolve("missing.deb").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.text()).contains("no " + dir.resolve("missing.deb"), "build it first", "./mvnw");
    }

    @Test
    void aWrongArgumentIsAClearError() throws Exception {
        Outcome o = install(TRIXIE, "", "--root", "/tmp");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.text()).contains("unknown option --root");
    }
}
