package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quietlegs.firmware.broker.LocalBroker;
import dev.quietlegs.firmware.cli.Main;
import dev.quietlegs.firmware.config.ShippedConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit as a process against a broker that wants a password; and its own broker's password. */
class UnitProcessMqttTest {

    private static final String BASE = "quietlegs/bedside/";

    @TempDir
    Path dir;

    @Test
    void theUnitJoinsAPasswordProtectedMosquittoAndItsLastWillSaysOfflineWhenItIsKilled() throws Exception {
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

    @Test
    void theUnitsOwnBrokerWantsItsGeneratedPasswordAndKeepsItPrivate() throws Exception {
        int port = TestBroker.freePort();
        Path state = dir.resolve("state");
        try (LocalBroker broker = LocalBroker.start("127.0.0.1", port, 0, state, true)) {
            assertThatThrownBy(() -> new Phone("tcp://127.0.0.1:" + port, null, null, "x").close())
                    .isInstanceOf(MqttException.class);
            assertThatThrownBy(() -> new Phone("tcp://127.0.0.1:" + port, LocalBroker.USER, "wrong".toCharArray(), "x")
                    .close()).isInstanceOf(MqttException.class);
            Path file = state.resolve("mqtt-password");
            String password = Files.readString(file).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(20);
            assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE);
            assertThat(broker.user()).isEqualTo(LocalBroker.USER);
            try (Phone ok = new Phone("tcp://127.0.0.1:" + port, LocalBroker.USER, password.toCharArray(), "x")) {
                assertThat(ok).isNotNull();
            }
        }
        // A second start keeps the same password.
        String before = Files.readString(state.resolve("mqtt-password"));
        try (LocalBroker again = LocalBroker.start("127.0.0.1", port, 0, state, true)) {
            assertThat(Files.readString(state.resolve("mqtt-password"))).isEqualTo(before);
            assertThat(new String(again.password())).isEqualTo(before.strip());
        }
    }

    @Test
    void aBrokerThatCrashesIsStartedAgainByTheUnit() throws Exception {
        int port = TestBroker.freePort();
        try (LocalBroker broker = LocalBroker.start("127.0.0.1", port, 0, dir.resolve("state"))) {
            broker.crash();
            TestBroker.awaitPort(port, false);
            TestBroker.awaitPort(port, true);
            try (Phone phone = new Phone(broker.localUrl(), null, null, "x")) {
                assertThat(phone).isNotNull();
            }
        }
    }

    @Test
    void theUnitsOwnBrokerServesBrowsersOverWebSocketWhenAsked() throws Exception {
        int port = TestBroker.freePort();
        int ws = TestBroker.freePort();
        try (LocalBroker broker = LocalBroker.start("127.0.0.1", port, ws, dir.resolve("state"));
             Phone tcp = new Phone(broker.localUrl(), null, null);
             Phone browser = new Phone("ws://127.0.0.1:" + ws + "/mqtt", null, null, BASE + "state")) {
            tcp.send(BASE + "state", "{\"phase\":\"idle\"}");
            assertThat(browser.await("state over WebSocket", 5, r -> r.topic().equals(BASE + "state")).payload())
                    .isEqualTo("{\"phase\":\"idle\"}");
        }
    }
}
