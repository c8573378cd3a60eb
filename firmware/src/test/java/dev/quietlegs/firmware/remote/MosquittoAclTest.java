package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.broker.LocalBroker;
import dev.quietlegs.firmware.therapy.Phase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unit's own Mosquitto with passwords (as beyond loopback; here on loopback with
 * {@code require_password}, so the test stays on this machine): the real unit connects as its own
 * user, the phone as {@code quietlegs}, and the ACL lets the phone command the unit and read it, but
 * never pose as it. Over TCP and over WebSocket alike.
 */
class MosquittoAclTest {

    private static final String BASE = "quietlegs/bedside/";
    private static final String DEVICE_CONFIG = "homeassistant/device/quietlegs_bedside/config";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "phone over {0}")
    @ValueSource(strings = {"tcp", "ws"})
    void thePhoneCommandsAndReadsTheUnitButCannotPoseAsIt(String transport) throws Exception {
        TestBroker.assumeMosquitto();
        int port = TestBroker.freePort();
        int ws = TestBroker.freePort();
        Path state = dir.resolve("state");
        try (LocalBroker broker = LocalBroker.start(LocalBroker.Settings.of("127.0.0.1", port, ws, state, true)
                .with(LocalBroker.Kind.MOSQUITTO));
             RemoteTest.TheUnit unit = new RemoteTest.TheUnit(broker.localUrl(), broker.user(), broker.password());
             // a subscriber with every right on the unit's topics: the unit's own user
             Phone watcher = new Phone(broker.localUrl(), broker.user(), broker.password(), BASE + "#",
                     "homeassistant/#")) {
            char[] password = Files.readString(state.resolve("mqtt-password")).strip().toCharArray();
            String url = transport.equals("ws") ? "ws://127.0.0.1:" + ws + "/mqtt" : broker.localUrl();
            try (Phone phone = new Phone(url, LocalBroker.USER, password, BASE + "#", "homeassistant/#")) {
                // It reads what the unit publishes, retained ones included.
                phone.await("availability", 10, r -> r.topic().equals(BASE + "availability")
                        && r.payload().equals("online"));
                phone.await("state", 10, Phone.state("phase", "idle"));
                phone.await("discovery", 10, r -> r.topic().equals(DEVICE_CONFIG));

                // It may not publish state, availability or discovery: nobody receives them.
                phone.send(BASE + "state", "{\"phase\":\"running\",\"forged\":true}");
                phone.send(BASE + "availability", "offline".getBytes(StandardCharsets.UTF_8), 1, true);
                phone.send(BASE + "events", "{\"type\":\"forged\"}");
                phone.send(DEVICE_CONFIG, "{\"forged\":true}".getBytes(StandardCharsets.UTF_8), 1, true);

                // Its commands work, and Home Assistant's status reaches the unit.
                phone.send(BASE + "cmd/start", "vibration");
                phone.await("session started", 10, Phone.event("session", "event", "started"));
                phone.send("homeassistant/status", "online");
                watcher.await("homeassistant/status", 10, r -> r.topic().equals("homeassistant/status"));
                phone.await("device config again", 10, r -> r.topic().equals(DEVICE_CONFIG)
                        && r.payload().contains("components"));

                List<Phone.Received> seen = watcher.drain(1.0);
                seen.addAll(watcher.seen);
                seen.addAll(phone.drain(0.5));
                seen.addAll(phone.seen);
                assertThat(seen).noneMatch(r -> r.payload().contains("forged"))
                        .noneMatch(r -> r.topic().equals(BASE + "availability") && r.payload().equals("offline"));
                assertThat(unit.loop.snapshot().phase()).isIn(Phase.STARTING, Phase.RUNNING);
            }
            // Nothing forged was retained either: a late reader sees the unit's own messages.
            try (Phone late = new Phone(broker.localUrl(), broker.user(), broker.password(), BASE + "availability",
                    DEVICE_CONFIG)) {
                assertThat(late.await("availability", 5, r -> r.topic().endsWith("availability")).payload())
                        .isEqualTo("online");
                assertThat(late.await("device config", 5, r -> r.topic().equals(DEVICE_CONFIG)).payload())
                        .doesNotContain("forged");
            }
        }
    }
}
