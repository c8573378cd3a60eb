package dev.quietlegs.firmware.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's {@code /usr/bin/quietlegs} ({@code config/debian/quietlegs}) with stand-in Java
 * homes whose {@code java} writes down how it was called: which Java it picks and what it hands
 * it. The real one runs the real jar in {@code .ci/deb}.
 */
class LauncherScriptTest {

    @TempDir
    Path dir;

    /** A Java home of the given feature version whose java records its arguments, one a line. */
    private Path javaHome(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done > " + dir.resolve(name + ".called")
                + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private int launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "sh";
        cmd[1] = ShippedConfig.dir().resolve("debian/quietlegs").toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("LOGS_DIRECTORY");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void itRunsTheJarOnJavaHomesJavaWithTheServicesFlagsAndLogDirectory() throws Exception {
        Path home = javaHome("jdk21", "21.0.5");
        int code = launch(Map.of("JAVA_HOME", home.toString(), "JAVA_OPTS", "-XX:+UseSerialGC -Xmx32m",
                "LOGS_DIRECTORY", "/var/log/quietlegs"), "selftest", "--config", "/etc/quiet legs");
        assertThat(code).isZero();
        assertThat(Files.readAllLines(dir.resolve("jdk21.called"))).containsExactly("-XX:+UseSerialGC", "-Xmx32m",
                "-Dquietlegs.log.dir=/var/log/quietlegs", "-jar", "/usr/share/quietlegs/quietlegs.jar", "selftest",
                "--config", "/etc/quiet legs");
    }

    @Test
    void outsideSystemdThereIsNoLogDirectoryFlag() throws Exception {
        Path home = javaHome("jdk25", "25");
        assertThat(launch(Map.of("JAVA_HOME", home.toString()), "--version")).isZero();
        assertThat(Files.readAllLines(dir.resolve("jdk25.called"))).isEqualTo(
                List.of("-jar", "/usr/share/quietlegs/quietlegs.jar", "--version"));
    }

    @Test
    void aJavaHomeOlderThan21IsPassedOver() throws Exception {
        Path home = javaHome("jdk17", "17.0.15");
        launch(Map.of("JAVA_HOME", home.toString()), "--version");
        assertThat(dir.resolve("jdk17.called")).doesNotExist();
    }
}
