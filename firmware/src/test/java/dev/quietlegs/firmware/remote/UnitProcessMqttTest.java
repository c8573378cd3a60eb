package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quietlegs.firmware.broker.DevBroker;
import dev.quietlegs.firmware.broker.LocalBroker;
import dev.quietlegs.firmware.cli.Main;
import dev.quietlegs.firmware.config.ShippedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The unit as a process: against a broker that wants a password, and on a machine without
 * Mosquitto; its own brokers (both kinds): passwords, restart after a crash, WebSocket.
 */
class UnitProcessMqttTest {

    private static final String BASE = "quietlegs/bedside/";

    @TempDir
    Path dir;

    @Test
    void theUnitJoinsAPasswordProtectedMosquittoAndItsLastWillSaysOfflineWhenItIsKilled() throws Exception {
        TestBroker.assumeMosquitto();
        Path brokerDir = Files.createDirectories(dir.resolve("broker"));
        try (TestBroker.Mosquitto broker = new TestBroker.Mosquitto(brokerDir);
             Phone phone = new Phone(broker, BASE + "#")) {
            Path passwordFile = dir.resolve("password");
            Files.writeString(passwordFile, TestBroker.Mosquitto.PASSWORD + "\n");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process unit = new ProcessBuilder(java, "-Dquietlegs.log.dir=" + dir.resolve("logs"), "-cp",
                    System.getProperty("java.class.path"), Main.class.getName(), "run", "--sim",
                    "--config", ShippedConfig.dir().toString(), "--mqtt-url", broker.url(),
                    "--mqtt-user", TestBroker.Mosquitto.USER, "--mqtt-password-file", passwordFile.toString(),
                    "--mqtt-state-dir", dir.resolve("state").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("unit.out").toFile()).start();
            try {
                phone.await("online", 20, r -> r.topic().equals(BASE + "availability") && r.payload().equals("online"));
                phone.send(BASE + "cmd/start", "vibration");
                phone.await("session started", 10, Phone.event("session", "event", "started"));
                phone.await("running", 10, Phone.state("phase", "running"));
                unit.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook, only the broker's last will
                assertThat(unit.waitFor(10, TimeUnit.SECONDS)).isTrue();
                phone.await("offline from the last will", 10, r -> r.topic().equals(BASE + "availability")
                        && r.payload().equals("offline"));
            } finally {
                unit.destroyForcibly();
            }
        }
    }

    /**
     * A fresh machine: no Mosquitto (told to pretend there is none), {@code run --sim} starts the dev
     * broker, the phone starts a session through it, and when the unit stops so does its broker.
     */
    @Test
    void onAMachineWithoutMosquittoRunStartsTheDevBrokerAndThePhoneWorks() throws Exception {
        int port = TestBroker.freePort();
        Process unit = unit("run", "--sim", "--mqtt-listen", "127.0.0.1:" + port, "--mqtt-state-dir",
                dir.resolve("state").toString());
        try {
            TestBroker.awaitPort(port, true, 60);
            try (Phone phone = new Phone("tcp://127.0.0.1:" + port, null, null, BASE + "#")) {
                phone.await("online", 20, r -> r.topic().equals(BASE + "availability") && r.payload().equals("online"));
                phone.send(BASE + "cmd/start", "vibration");
                phone.await("running", 10, Phone.state("phase", "running"));
                List<ProcessHandle> brokers = unit.children().toList();
                assertThat(brokers).hasSize(1);
                assertThat(Files.readString(Path.of("/proc", Long.toString(brokers.get(0).pid()), "cmdline")))
                        .contains(DevBroker.class.getName());
                unit.destroy(); // SIGTERM: the unit stops, and so does its broker
                phone.await("offline on stop", 10, r -> r.topic().equals(BASE + "availability")
                        && r.payload().equals("offline"));
                assertThat(unit.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(brokers.get(0).onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
            }
            assertThat(Files.readString(dir.resolve("unit.out"))).contains("MQTT broker (Artemis, the dev broker) on 127.0.0.1:" + port);
        } finally {
            unit.destroyForcibly();
        }
    }

    @Test
    void withoutMosquittoListeningBeyondLoopbackIsAClearErrorWithExitCode2() throws Exception {
        Process unit = unit("run", "--sim", "--mqtt-listen", "0.0.0.0:" + TestBroker.freePort(), "--mqtt-state-dir",
                dir.resolve("state").toString());
        assertThat(unit.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unit.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("unit.out")))
                .contains("listening beyond this machine (0.0.0.0) needs Mosquitto: sudo apt install mosquitto")
                .doesNotContain("Exception");
    }

    /**
     * A unit killed outright (SIGKILL, no shutdown hook): the dev broker notices its standard input
     * close and ends; Mosquitto does not, and the next start ends the one left behind (pid file) and
     * takes its port.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalBroker.Kind.class)
    void aBrokerLeftByAKilledUnitIsGoneOrEndedAtTheNextStart(LocalBroker.Kind kind) throws Exception {
        if (kind == LocalBroker.Kind.MOSQUITTO) {
            TestBroker.assumeMosquitto();
        }
        int port = TestBroker.freePort();
        String[] run = {"run", "--sim", "--mqtt-listen", "127.0.0.1:" + port, "--mqtt-state-dir",
                dir.resolve("state").toString()};
        Process first = unit(kind, run);
        Process second = null;
        try {
            TestBroker.awaitPort(port, true, 60);
            ProcessHandle broker = first.children().findFirst().orElseThrow();
            first.destroyForcibly();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            if (kind == LocalBroker.Kind.DEV) {
                assertThat(broker.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
                TestBroker.awaitPort(port, false);
            } else {
                assertThat(broker.isAlive()).as("Mosquitto outlives a killed unit").isTrue();
            }
            second = unit(kind, run);
            assertThat(broker.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
            try (Phone phone = awaitOnline(port)) {
                phone.send(BASE + "cmd/start", "vibration");
                phone.await("running", 10, Phone.state("phase", "running"));
            }
            if (kind == LocalBroker.Kind.MOSQUITTO) {
                assertThat(Files.readString(dir.resolve("unit.out")))
                        .contains("stopping the MQTT broker a previous run left behind (pid " + broker.pid() + ")");
            }
        } finally {
            first.destroyForcibly();
            if (second != null) {
                second.destroy();
                second.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private static Phone awaitOnline(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                Phone phone = new Phone("tcp://127.0.0.1:" + port, null, null, BASE + "#");
                phone.await("online", 20, r -> r.topic().equals(BASE + "availability") && r.payload().equals("online"));
                return phone;
            } catch (MqttException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** The unit as a process, with Mosquitto hidden from it. */
    private Process unit(String... args) throws Exception {
        return unit(LocalBroker.Kind.DEV, args);
    }

    /** The unit as a process; for the dev broker with Mosquitto hidden from it. */
    private Process unit(LocalBroker.Kind kind, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Dquietlegs.log.dir=" + dir.resolve("logs"), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", ShippedConfig.dir().toString()));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("unit.out").toFile());
        if (kind == LocalBroker.Kind.DEV) {
            b.environment().put("QUIETLEGS_MOSQUITTO", "none");
        }
        return b.start();
    }

    @Test
    void theUnitsOwnBrokerWantsItsGeneratedPasswordsAndKeepsThemPrivate() throws Exception {
        TestBroker.assumeMosquitto();
        int port = TestBroker.freePort();
        Path state = dir.resolve("state");
        try (LocalBroker broker = LocalBroker.start("127.0.0.1", port, 0, state, true)) {
            assertThat(broker.kind()).isEqualTo(LocalBroker.Kind.MOSQUITTO);
            assertThatThrownBy(() -> new Phone("tcp://127.0.0.1:" + port, null, null, "x").close())
                    .isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> new Phone("tcp://127.0.0.1:" + port, LocalBroker.USER, "wrong".toCharArray(), "x")
                    .close()).isInstanceOf(MqttException.class);
            Path file = state.resolve("mqtt-password");
            String password = Files.readString(file).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            for (String f : List.of("mqtt-password", "mqtt-unit-password", "mosquitto-passwd", "mosquitto.acl",
                    "mosquitto.conf")) {
                assertThat(Files.getPosixFilePermissions(state.resolve(f))).as(f).containsExactlyInAnyOrder(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            }
            // Mosquitto's file holds hashes only.
            assertThat(Files.readString(state.resolve("mosquitto-passwd"))).startsWith(LocalBroker.USER + ":$7$")
                    .doesNotContain(password).contains(LocalBroker.UNIT_USER + ":$7$");
            // The unit has its own user and password, not the phone's.
            assertThat(broker.user()).isEqualTo(LocalBroker.UNIT_USER);
            assertThat(new String(broker.password())).isNotEqualTo(password)
                    .isEqualTo(Files.readString(state.resolve("mqtt-unit-password")).strip());
            try (Phone ok = new Phone("tcp://127.0.0.1:" + port, LocalBroker.USER, password.toCharArray(), "x");
                 Phone self = new Phone(broker.localUrl(), broker.user(), broker.password(), "x")) {
                assertThat(ok).isNotNull();
                assertThat(self).isNotNull();
            }
        }
        // A second start keeps the same passwords.
        String before = Files.readString(state.resolve("mqtt-password"));
        String unitBefore = Files.readString(state.resolve("mqtt-unit-password"));
        try (LocalBroker again = LocalBroker.start("127.0.0.1", port, 0, state, true)) {
            assertThat(Files.readString(state.resolve("mqtt-password"))).isEqualTo(before);
            assertThat(new String(again.password())).isEqualTo(unitBefore.strip());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalBroker.Kind.class)
    void aBrokerThatCrashesIsStartedAgainByTheUnit(LocalBroker.Kind kind) throws Exception {
        int port = TestBroker.freePort();
        try (LocalBroker broker = start(kind, port, 0)) {
            long pid = broker.pid();
            broker.crash();
            TestBroker.awaitPort(port, false);
            TestBroker.awaitPort(port, true, 60);
            assertThat(broker.pid()).isNotEqualTo(pid);
            try (Phone phone = new Phone(broker.localUrl(), null, null, "x")) {
                assertThat(phone).isNotNull();
            }
        }
    }

    /** Browsers (the phone's web app) connect over WebSocket with the subprotocol {@code mqtt}, as Paho does. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalBroker.Kind.class)
    void theUnitsOwnBrokerServesBrowsersOverWebSocketWhenAsked(LocalBroker.Kind kind) throws Exception {
        int port = TestBroker.freePort();
        int ws = TestBroker.freePort();
        try (LocalBroker broker = start(kind, port, ws);
             Phone tcp = new Phone(broker.localUrl(), null, null);
             Phone browser = new Phone("ws://127.0.0.1:" + ws + "/mqtt", null, null, BASE + "state")) {
            tcp.send(BASE + "state", "{\"phase\":\"idle\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, true);
            assertThat(browser.await("state over WebSocket", 5, r -> r.topic().equals(BASE + "state")).payload())
                    .isEqualTo("{\"phase\":\"idle\"}");
            // A browser arriving later gets it retained.
            try (Phone late = new Phone("ws://127.0.0.1:" + ws + "/mqtt", null, null, BASE + "state")) {
                var r = late.await("retained over WebSocket", 5, m -> m.topic().equals(BASE + "state"));
                assertThat(r.retained()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LocalBroker.Kind.class)
    void aPortAnotherProgramHoldsIsAClearError(LocalBroker.Kind kind) throws Exception {
        if (kind == LocalBroker.Kind.MOSQUITTO) {
            TestBroker.assumeMosquitto();
        }
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> start(kind, taken.getLocalPort(), 0))
                    .isInstanceOf(dev.quietlegs.firmware.broker.BrokerException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("another broker may be running there");
        }
    }

    private LocalBroker start(LocalBroker.Kind kind, int port, int ws) throws Exception {
        if (kind == LocalBroker.Kind.MOSQUITTO) {
            TestBroker.assumeMosquitto();
        }
        return LocalBroker.start(LocalBroker.Settings.of("127.0.0.1", port, ws, dir.resolve("state"), false).with(kind));
    }
}
