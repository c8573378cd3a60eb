package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.EventDispatcher;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.SystemClock;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The phone remote against real brokers: the dev broker (Artemis in its own JVM, always), and where
 * Mosquitto is installed the unit's own Mosquitto and a separate Mosquitto with a password; a real
 * MQTT client on the other side and the unit's real control loop on the simulated board in real
 * time. Every case runs against each broker: retained state, availability and discovery included.
 * One broker of each kind serves the whole class (a JVM takes a second or two to start); each test
 * leaves no retained message behind.
 */
class RemoteTest {

    private static final UnitConfig UNIT = ShippedConfig.unit();
    private static final ProgramCatalog PROGRAMS = ShippedConfig.programs(UNIT);
    private static final String BASE = "quietlegs/bedside/";
    private static final String DEVICE_CONFIG = "homeassistant/device/quietlegs_bedside/config";

    @TempDir
    static Path dir;

    private static final Map<String, TestBroker> BROKERS = new HashMap<>();

    private TestBroker broker;
    private TheUnit unit;
    private Phone phone;

    /** The unit under test: loop, board, events, remote. */
    static final class TheUnit implements AutoCloseable {
        final SimulatedBoard board = new SimulatedBoard(UNIT.plant(), SystemClock.INSTANCE::nanos);
        final EventQueue events = new EventQueue(1024);
        final ControlLoop loop = new ControlLoop(UNIT, board, SystemClock.INSTANCE, PROGRAMS, events);
        final EventDispatcher dispatcher = new EventDispatcher(events);
        final Remote remote;

        TheUnit(TestBroker b) throws Exception {
            this(b.url(), b.user(), b.password());
        }

        TheUnit(String url, String user, char[] password) throws Exception {
            remote = new Remote(new Remote.Settings(url, user, password, null, "homeassistant", 200, "test"), loop);
            dispatcher.add(remote::accept);
            loop.start();
            dispatcher.start();
            remote.start();
        }

        @Override
        public void close() {
            remote.close();
            dispatcher.stop();
            loop.stop();
        }
    }

    private static TestBroker broker(String kind) throws Exception {
        TestBroker b = BROKERS.get(kind);
        if (b == null) {
            b = TestBroker.of(kind, java.nio.file.Files.createDirectories(dir.resolve(kind)));
            BROKERS.put(kind, b);
        }
        return b;
    }

    private void setUp(String kind) throws Exception {
        broker = broker(kind);
        phone = new Phone(broker, BASE + "#");
        unit = new TheUnit(broker);
        phone.await("availability online", 10, r -> r.topic().equals(BASE + "availability") && r.payload().equals("online"));
        phone.await("first state", 10, Phone.state("phase", "idle"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (unit != null) {
            unit.close();
        }
        if (phone != null) {
            phone.close();
        }
        if (broker != null) {
            // The next test starts on a clean broker: what the unit left retained is cleared.
            try (Phone cleaner = new Phone(broker)) {
                for (String t : List.of(BASE + "state", BASE + "availability", BASE + "programs", DEVICE_CONFIG)) {
                    cleaner.send(t, new byte[0], 1, true);
                }
            }
        }
    }

    @AfterAll
    static void stopBrokers() {
        BROKERS.values().forEach(TestBroker::close);
        BROKERS.clear();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "own-mosquitto", "mosquitto"})
    void aPhoneStartsASessionSeesItRunChangesVibrationAndStopsIt(String kind) throws Exception {
        setUp(kind);
        phone.send(BASE + "cmd/start", "vibration");
        phone.await("start ok", 5, Phone.event("command", "command", "start"));
        phone.await("session started", 5, Phone.event("session", "event", "started"));
        var running = phone.await("running state", 10, Phone.state("phase", "running"));
        assertThat(running.retained()).isFalse(); // live delivery; a late subscriber gets it retained
        assertThat(running.json().path("program").asText()).isEqualTo("vibration");
        assertThat(running.json().path("chambers")).hasSize(3);
        assertThat(running.json().path("remaining_s").asDouble()).isBetween(1190.0, 1200.0);

        phone.send(BASE + "cmd/vibration", "3");
        phone.await("vibration ok", 5, r -> Phone.event("command", "command", "vibration").test(r)
                && r.json().path("result").asText().equals("ok"));
        phone.await("vibration in state", 5, Phone.state("vibration_setting", "3"));
        assertThat(unit.loop.snapshot().vibrationSetting()).isEqualTo(3);

        phone.send(BASE + "cmd/stop", "");
        phone.await("session stopped", 10, Phone.event("session", "event", "stopped"));
        phone.await("idle state", 5, Phone.state("phase", "idle"));
        assertThat(unit.board.motorDuty()).isZero();

        // A client arriving now gets the retained state and availability at once.
        try (Phone late = new Phone(broker, BASE + "state", BASE + "availability")) {
            var state = late.await("retained state", 5, r -> r.topic().endsWith("/state"));
            assertThat(state.retained()).isTrue();
            assertThat(state.json().path("phase").asText()).isEqualTo("idle");
            assertThat(late.await("retained availability", 5, r -> r.topic().endsWith("availability")).payload())
                    .isEqualTo("online");
        }
    }

    /** A phone arriving at any time learns which programs the unit offers, with their words and length. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "own-mosquitto", "mosquitto"})
    void theProgramListIsRetainedForAPhoneThatArrivesLater(String kind) throws Exception {
        setUp(kind);
        try (Phone late = new Phone(broker, BASE + "programs")) {
            var list = late.await("retained programs", 5, r -> r.topic().equals(BASE + "programs"));
            assertThat(list.retained()).isTrue();
            assertThat(list.json().path("default").asText()).isEqualTo(UNIT.defaultProgram());
            var programs = list.json().path("programs");
            assertThat(programs.size()).isEqualTo(PROGRAMS.all().size());
            for (int i = 0; i < programs.size(); i++) {
                var p = PROGRAMS.find(programs.get(i).path("name").asText()).orElseThrow();
                assertThat(programs.get(i).path("description").asText()).isEqualTo(p.description());
                assertThat(programs.get(i).path("minutes").asDouble()).isEqualTo(p.durationS() / 60.0, within(0.05));
                assertThat(programs.get(i).path("compression").asBoolean()).isEqualTo(p.compression().isPresent());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "own-mosquitto", "mosquitto"})
    void everyKindOfBadInputIsAnsweredWithAnErrorAndChangesNothing(String kind) throws Exception {
        setUp(kind);
        phone.send(BASE + "cmd/start", "vibration");
        phone.await("running", 10, Phone.state("phase", "running"));
        var before = unit.loop.snapshot();
        phone.send(BASE + "cmd/dance", "now");
        phone.send(BASE + "cmd/vibration", "11");
        phone.send(BASE + "cmd/vibration", "loud");
        phone.send(BASE + "cmd/intensity", "5"); // vibration-only program: no compression
        phone.send(BASE + "cmd/start", "evening"); // already running
        phone.send(BASE + "cmd/start", "morning");
        phone.send(BASE + "cmd/resume", "PRESS");
        phone.send(BASE + "cmd/start", "x".repeat(300));
        phone.send(BASE + "cmd/vibration", new byte[] {(byte) 0xc3, (byte) 0x28}, 0, false);
        List<String> reasons = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            var r = phone.await("error " + i, 5, m -> Phone.event("command", "result", "error").test(m));
            reasons.add(r.json().path("command").asText() + ": " + r.json().path("reason").asText());
        }
        assertThat(reasons).anyMatch(s -> s.startsWith("dance: unknown command"))
                .anyMatch(s -> s.startsWith("vibration: 11 is not a whole level 0 to 10"))
                .anyMatch(s -> s.startsWith("vibration: 'loud' is not a level"))
                .anyMatch(s -> s.startsWith("intensity: program 'vibration' has no compression"))
                .anyMatch(s -> s.startsWith("start: a session is already running"))
                .anyMatch(s -> s.startsWith("start: unknown program 'morning'"))
                .anyMatch(s -> s.startsWith("resume: not paused"))
                .anyMatch(s -> s.startsWith("start: payload of 300 bytes is over 256"))
                .anyMatch(s -> s.startsWith("vibration: payload is not UTF-8 text"));
        var after = unit.loop.snapshot();
        assertThat(after.phase()).isEqualTo(Phase.RUNNING);
        assertThat(after.program()).isEqualTo(before.program());
        assertThat(after.vibrationSetting()).isEqualTo(before.vibrationSetting());
        assertThat(after.intensity()).isEqualTo(before.intensity());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "own-mosquitto", "mosquitto"})
    void retainedCommandsAndCommandsSentWhileOfflineAreNeverActedOn(String kind) throws Exception {
        setUp(kind);
        unit.close();
        phone.await("offline on clean shutdown", 5, r -> r.topic().equals(BASE + "availability") && r.payload().equals("offline"));
        // While the unit is away: a retained start (ghost switching) and a QoS 1 start.
        phone.send(BASE + "cmd/start", "vibration".getBytes(StandardCharsets.UTF_8), 1, true);
        phone.send(BASE + "cmd/start", "vibration".getBytes(StandardCharsets.UTF_8), 1, false);
        unit = new TheUnit(broker);
        phone.await("online again", 10, r -> r.topic().equals(BASE + "availability") && r.payload().equals("online"));
        var refused = phone.await("retained refused", 5, r -> Phone.event("command", "result", "error").test(r));
        assertThat(refused.json().path("reason").asText()).contains("retained commands are never acted on");
        List<Phone.Received> after = phone.drain(2.0);
        assertThat(after).noneMatch(Phone.event("session", "event", "started"));
        assertThat(unit.loop.snapshot().phase()).isEqualTo(Phase.IDLE);
        phone.send(BASE + "cmd/start", new byte[0], 1, true); // clear the retained command
    }

    /**
     * Clearing a retained command ({@code mosquitto_pub -t …/cmd/start -r -n}) reaches a subscribed
     * unit live, without the retain flag, as an empty {@code cmd/start}: it must inflate nothing.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "own-mosquitto", "mosquitto"})
    void clearingARetainedStartWithAnEmptyRetainedMessageStartsNothing(String kind) throws Exception {
        setUp(kind);
        phone.send(BASE + "cmd/start", new byte[0], 0, true);
        var refused = phone.await("empty start refused", 5, r -> Phone.event("command", "command", "start").test(r));
        assertThat(refused.json().path("result").asText()).isEqualTo("error");
        assertThat(refused.json().path("reason").asText()).startsWith("an empty payload is not a command")
                .contains("PRESS");
        List<Phone.Received> after = phone.drain(2.0);
        assertThat(after).noneMatch(Phone.event("session", "event", "started"))
                .noneMatch(r -> r.topic().endsWith("/events") && r.json().path("type").asText().equals("phase"))
                .noneMatch(r -> r.topic().endsWith("/state") && !r.json().path("phase").asText().equals("idle"));
        assertThat(unit.loop.snapshot().phase()).isEqualTo(Phase.IDLE);
        assertThat(unit.board.pumpDuty()).isZero();
        // The buttons' payload still starts the default program.
        phone.send(BASE + "cmd/start", "PRESS");
        phone.await("session started by PRESS", 5, Phone.event("session", "event", "started"));
        phone.send(BASE + "cmd/stop", "PRESS");
        phone.await("stopped", 10, Phone.event("session", "event", "stopped"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "own-mosquitto", "mosquitto"})
    void anEmptyPayloadIsRefusedOnEveryCommandThatCouldMakeSomethingHappenButStopStillStops(String kind)
            throws Exception {
        setUp(kind);
        for (String name : List.of("repeat", "resume", "clear-fault")) {
            phone.send(BASE + "cmd/" + name, new byte[0], 1, false);
            var r = phone.await("empty " + name + " refused", 5, m -> Phone.event("command", "command", name).test(m));
            assertThat(r.json().path("result").asText()).as(name).isEqualTo("error");
            assertThat(r.json().path("reason").asText()).as(name).startsWith("an empty payload is not a command");
        }
        assertThat(phone.drain(1.0)).noneMatch(Phone.event("session", "event", "started"));
        assertThat(unit.loop.snapshot().phase()).isEqualTo(Phase.IDLE);

        phone.send(BASE + "cmd/start", "vibration");
        phone.await("running", 10, Phone.state("phase", "running"));
        phone.send(BASE + "cmd/pause", new byte[0], 0, true); // a cleared retained pause
        var pause = phone.await("empty pause refused", 5, m -> Phone.event("command", "command", "pause").test(m));
        assertThat(pause.json().path("reason").asText()).startsWith("an empty payload is not a command");
        assertThat(unit.loop.snapshot().phase()).isEqualTo(Phase.RUNNING);
        phone.send(BASE + "cmd/stop", new byte[0], 0, false); // the way out takes anything
        phone.await("stopped by an empty stop", 10, Phone.event("session", "event", "stopped"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "own-mosquitto", "mosquitto"})
    void aBrokerThatDiesMidSessionDoesNotDisturbItAndTheRemoteComesBack(String kind) throws Exception {
        setUp(kind);
        phone.send(BASE + "cmd/start", "vibration");
        phone.await("running", 10, Phone.state("phase", "running"));
        phone.close();
        phone = null;
        long beforeKill = unit.loop.ticks();
        broker.kill();
        // the remote notices the broker is gone while the loop ticks on
        await().atMost(Duration.ofSeconds(30)).until(() -> !unit.remote.connected()
                && unit.loop.ticks() > beforeKill + UNIT.loopRateHz());
        assertThat(unit.loop.snapshot().phase()).isEqualTo(Phase.RUNNING);
        long ticks = unit.loop.ticks();
        broker.restart();
        phone = new Phone(broker, BASE + "#");
        var online = phone.await("availability republished", 20, r -> r.topic().equals(BASE + "availability")
                && r.payload().equals("online"));
        assertThat(online).isNotNull();
        phone.await("state republished", 5, Phone.state("phase", "running"));
        assertThat(unit.remote.connects()).isGreaterThanOrEqualTo(2);
        assertThat(unit.loop.snapshot().phase()).isEqualTo(Phase.RUNNING);
        assertThat(unit.loop.ticks()).isGreaterThan(ticks);
        assertThat(unit.loop.snapshot().elapsedS()).isGreaterThan(1.0);
        phone.send(BASE + "cmd/stop", "");
        phone.await("stopped after the reconnect", 10, Phone.event("session", "event", "stopped"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "own-mosquitto", "mosquitto"})
    void homeAssistantDiscoveryIsRetainedWorksAndIsRepublishedWhenHomeAssistantRestarts(String kind) throws Exception {
        setUp(kind);
        try (Phone ha = new Phone(broker, "homeassistant/#")) {
            List<Phone.Received> configs = ha.drain(1.5);
            // One retained device config, nothing per entity.
            assertThat(configs).hasSize(1).allMatch(Phone.Received::retained);
            assertThat(configs.get(0).topic()).isEqualTo(DEVICE_CONFIG);
            var components = configs.get(0).json().path("components");
            assertThat(components.size()).isEqualTo(10 + UNIT.chambers() + 12);
            var vibration = components.path("vibration");
            assertThat(vibration.path("platform").asText()).isEqualTo("number");
            // The number entity's own command topic works.
            phone.send(BASE + "cmd/start", "vibration");
            phone.await("running", 10, Phone.state("phase", "running"));
            phone.send(vibration.path("command_topic").asText(), "4.0");
            phone.await("vibration 4", 5, Phone.state("vibration_setting", "4"));
            // Home Assistant comes back online: the device config comes again.
            phone.send("homeassistant/status", "online");
            var again = ha.await("device config again", 5, r -> r.topic().equals(DEVICE_CONFIG));
            assertThat(again.json().path("components").size()).isEqualTo(10 + UNIT.chambers() + 12);
            // Anything else on the status topic is not a restart.
            phone.send("homeassistant/status", "offline");
            assertThat(ha.drain(1.0)).noneMatch(r -> r.topic().equals(DEVICE_CONFIG));
        }
    }

    /**
     * Per-entity configs an earlier version left retained are retired in Home Assistant's order:
     * migrate (not retained) to each entity the unit still has, the device config, then an empty
     * retained payload to every old topic; one the unit no longer has is only cleared. Nothing of
     * it reaches the commands, and afterwards the broker holds the device config alone.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "own-mosquitto", "mosquitto"})
    void perEntityConfigsOfAnEarlierVersionAreMigratedThenClearedAndNothingIsActedOn(String kind) throws Exception {
        broker = broker(kind);
        phone = new Phone(broker, BASE + "#");
        String start = "homeassistant/button/quietlegs_bedside/start/config";
        String vibration = "homeassistant/number/quietlegs_bedside/vibration/config";
        String gone = "homeassistant/sensor/quietlegs_bedside/foot_pressure/config";
        List<String> old = List.of(start, vibration, gone);
        try (Phone ha = new Phone(broker, "homeassistant/#")) {
            for (String t : old) {
                String cmd = t.contains("/button/") ? ",\"command_topic\":\"" + BASE + "cmd/start\",\"payload_press\":\"PRESS\"" : "";
                phone.send(t, ("{\"unique_id\":\"x\"" + cmd + "}").getBytes(StandardCharsets.UTF_8), 1, true);
            }
            ha.drain(0.5);
            unit = new TheUnit(broker);
            phone.await("availability online", 10, r -> r.topic().equals(BASE + "availability") && r.payload().equals("online"));
            for (String t : old) {
                ha.await("cleared " + t, 10, r -> r.topic().equals(t) && r.payload().isEmpty());
            }
            List<Phone.Received> seen = ha.drain(1.0); // what came besides the clears, in order
            for (String t : List.of(start, vibration)) {
                int migrate = indexOf(seen, r -> r.topic().equals(t) && r.payload().equals("{\"migrate_discovery\":true}"), 0);
                assertThat(migrate).as("migrate " + t).isNotNegative();
                assertThat(indexOf(seen, r -> r.topic().equals(DEVICE_CONFIG), migrate)).as("device config after the migrate")
                        .isNotNegative();
            }
            assertThat(seen).as("the gone entity is not migrated")
                    .noneMatch(r -> r.topic().equals(gone) && !r.payload().isEmpty());
            assertThat(seen).as("each old topic retired once")
                    .filteredOn(r -> old.contains(r.topic()) && r.payload().isEmpty()).isEmpty();
        }
        // The broker now holds the device config alone.
        try (Phone later = new Phone(broker, "homeassistant/#")) {
            List<Phone.Received> retained = later.drain(1.0);
            assertThat(retained).extracting(Phone.Received::topic).containsExactly(DEVICE_CONFIG);
        }
        // Nothing of this was a command.
        assertThat(phone.drain(1.0)).noneMatch(r -> r.topic().endsWith("/events") && r.json().path("type").asText().equals("command"))
                .noneMatch(Phone.event("session", "event", "started"));
        assertThat(unit.loop.snapshot().phase()).isEqualTo(Phase.IDLE);
    }

    private static int indexOf(List<Phone.Received> list, java.util.function.Predicate<Phone.Received> match, int from) {
        for (int i = from; i < list.size(); i++) {
            if (match.test(list.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "own-mosquitto", "mosquitto"})
    void aFloodOfCommandsIsBoundedAnsweredAndTheLoopGoesOn(String kind) throws Exception {
        setUp(kind);
        phone.send(BASE + "cmd/start", "vibration");
        phone.await("running", 10, Phone.state("phase", "running"));
        long ticks = unit.loop.ticks();
        long overruns = unit.loop.overruns();
        for (int i = 0; i < 10_000; i++) {
            phone.send(BASE + "cmd/vibration", Integer.toString(i % 11));
        }
        List<Phone.Received> answers = phone.drain(3.0);
        long ok = answers.stream().filter(Phone.event("command", "result", "ok")).count();
        long busy = answers.stream().filter(r -> Phone.event("command", "result", "error").test(r)
                && r.json().path("reason").asText().startsWith("busy")).count();
        assertThat(ok + busy).as("answered").isPositive();
        assertThat(unit.loop.snapshot().phase()).isEqualTo(Phase.RUNNING);
        assertThat(unit.loop.ticks() - ticks).as("ticks during the flood").isGreaterThan(100);
        assertThat(unit.loop.overruns() - overruns).as("ticks more than a period late").isLessThan(50);
        phone.send(BASE + "cmd/stop", "");
        phone.await("stopped after the flood", 10, Phone.event("session", "event", "stopped"));
    }
}
