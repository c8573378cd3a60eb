package dev.quietlegs.firmware.remote;

import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.journal.Adherence;
import dev.quietlegs.firmware.journal.Journal;
import dev.quietlegs.firmware.journal.JournalException;
import dev.quietlegs.firmware.therapy.Program;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The phone remote: the unit's MQTT client (Eclipse Paho, MQTT 3.1.1). It publishes availability,
 * state, events and Home Assistant discovery, and turns {@code cmd/<name>} messages into commands
 * for the control loop, never blocking it. It connects with a clean session (commands sent while
 * the unit was offline are not delivered later, and nothing unacknowledged is redelivered after a
 * reconnect), refuses retained commands, empty ones ({@link CommandParser}) and redelivered copies
 * of commands that start something, and reconnects with backoff whatever happens, also when the
 * broker is not up yet at boot (Paho retries only after a first success). Losing the broker never
 * touches a session.
 *
 * <p>What 3.1.1 cannot tell: a retained command published while the unit is subscribed reaches it
 * live with the retain flag cleared, so it looks like any command and is acted on once (an empty
 * one, which is what clearing a retained command sends, is refused for its emptiness). MQTT 5's
 * subscription option Retain As Published would keep the flag (Paho's
 * {@code org.eclipse.paho.mqttv5.client}, {@code MqttSubscription#setRetainAsPublished}); that
 * client is a separate artifact this build does not have.
 */
public final class Remote implements AutoCloseable {

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("remote");
    }

    /** Connection settings. */
    public record Settings(String url, String user, char[] password, Path caFile, String discoveryPrefix,
                           int stateIntervalMs, String version) {
    }

    static final long FIRST_BACKOFF_MS = 500;
    static final long MAX_BACKOFF_MS = 30_000;

    private final Settings settings;
    private final ControlLoop loop;
    private final Topics topics;
    private final Payloads payloads;
    private final CommandParser parser;
    private final Discovery discovery;
    private final String programs;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService worker;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final Queue<String> legacyConfigs = new ConcurrentLinkedQueue<>();
    private volatile boolean closing;
    private volatile Journal journal;
    private volatile boolean connecting;
    private long backoffMs = FIRST_BACKOFF_MS;
    private String lastState;
    private long lastStateNanos;
    static final long IDLE_STATE_NANOS = 60_000_000_000L;

    /** @throws IllegalArgumentException when the broker URL cannot be used, with the reason */
    public Remote(Settings settings, ControlLoop loop) {
        this.settings = settings;
        this.loop = loop;
        this.topics = new Topics(loop.unit().deviceId());
        this.payloads = new Payloads(loop.unit().chamberNames());
        this.parser = new CommandParser(loop.catalog().find("repeat").map(Program::name).orElse(loop.catalog().defaultName()));
        this.discovery = new Discovery(settings.discoveryPrefix(), topics, loop.unit().deviceName(), settings.version(),
                loop.unit().chamberNames(), loop.catalog().all().stream().map(Program::name).toList());
        this.programs = Payloads.programs(loop.catalog().all(), loop.catalog().defaultName());
        try {
            this.client = new MqttAsyncClient(settings.url(), "quietlegs-" + loop.unit().deviceId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot use the broker " + settings.url() + ": " + reason(e), e);
        }
        this.client.setCallback(new Callback());
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt");
            t.setDaemon(true);
            return t;
        });
    }

    public Topics topics() {
        return topics;
    }

    /**
     * The journal behind {@code stats} and {@code cmd/diary}: the stats are published again after
     * every change to it, on connecting, and every ten minutes (a new night begins at noon).
     */
    public void attach(Journal j) {
        this.journal = j;
        j.onChange(() -> {
            if (!closing) {
                try {
                    worker.execute(this::publishStats);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closing: the stats are published again on the next start
                }
            }
        });
        worker.scheduleWithFixedDelay(this::publishStats, 10, 10, TimeUnit.MINUTES);
    }

    /** Connects in the background and keeps the state published. */
    public void start() {
        worker.execute(this::connect);
        worker.scheduleWithFixedDelay(() -> publishState(false), settings.stateIntervalMs(), settings.stateIntervalMs(),
                TimeUnit.MILLISECONDS);
    }

    public boolean connected() {
        return client.isConnected();
    }

    /** Successful connections so far (a reconnect counts). */
    public long connects() {
        return connects.get();
    }

    public long published() {
        return published.get();
    }

    /** Messages not published because the broker was away or the client's window was full. */
    public long dropped() {
        return dropped.get();
    }

    /** An event from the loop: published to {@code events}; a phase change also publishes the state. */
    public void accept(Event e) {
        for (String json : payloads.events(e)) {
            publish(topics.events(), json, 0, false);
        }
        if (e instanceof Event.PhaseChange || e instanceof Event.FaultRaised) {
            worker.execute(() -> publishState(true));
        }
    }

    // ---- connection ----

    private void connect() {
        if (closing || client.isConnected() || connecting) {
            return;
        }
        connecting = true;
        try {
            client.connect(options(), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connecting = false;
                    worker.execute(Remote.this::connected0);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    connecting = false;
                    worker.execute(() -> retry("cannot connect to " + settings.url() + ": " + reason(e)));
                }
            });
        } catch (MqttException | RuntimeException e) {
            connecting = false;
            retry("cannot connect to " + settings.url() + ": " + reason(e));
        }
    }

    private void connected0() {
        backoffMs = FIRST_BACKOFF_MS;
        connects.incrementAndGet();
        try {
            client.subscribe(new String[] {topics.commands(), discovery.statusTopic(), discovery.legacyFilter()},
                    new int[] {1, 0, 1});
        } catch (MqttException e) {
            Log.TAG.warn("MQTT subscribe failed: {}", reason(e));
        }
        publish(topics.availability(), Topics.ONLINE, 1, true);
        publish(topics.programs(), programs, 1, true);
        publishDiscovery();
        lastState = null;
        publishState(true);
        publishStats();
        Log.TAG.info("MQTT connected to {} as {}; commands on {}", settings.url(), client.getClientId(), topics.commands());
    }

    private void retry(String why) {
        if (closing) {
            return;
        }
        long wait = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        Log.TAG.warn("{}; trying again in {} ms", why, wait);
        worker.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(20);
        o.setConnectionTimeout(5);
        o.setMaxInflight(256);
        o.setWill(topics.availability(), Topics.OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true);
        if (settings.user() != null) {
            o.setUserName(settings.user());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password());
        }
        if (settings.url().startsWith("ssl://") && settings.caFile() != null) {
            o.setSocketFactory(sslContext(settings.caFile()).getSocketFactory());
        }
        return o;
    }

    /** Trusts the one CA in the PEM file given. */
    static SSLContext sslContext(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, (X509Certificate) cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the CA file " + caFile + ": " + reason(e), e);
        }
    }

    // ---- publishing ----

    private void publishDiscovery() {
        Discovery.Message m = discovery.message();
        publish(m.topic(), m.payload(), 1, true);
    }

    /**
     * Retires the per-entity configs an earlier version left retained, in Home Assistant's
     * documented order, all QoS 1 on this one connection so the broker keeps that order: an entity
     * the unit still has is first told to migrate (unloaded, its registry entry and the user's
     * settings kept), then the device config is published again (the entity comes back from it),
     * then every old topic is cleared; an entity the unit no longer has is just cleared, which
     * deletes it. Only topics under the discovery prefix are touched, never a command topic, and
     * what comes back of it (the migrate, not retained; the clears, empty) is ignored, so this runs
     * once, when an old config is found.
     */
    private void retireLegacyConfigs() {
        List<String> found = new ArrayList<>();
        for (String t; (t = legacyConfigs.poll()) != null; ) {
            found.add(t);
        }
        if (found.isEmpty()) {
            return;
        }
        for (String t : found) {
            if (discovery.isCurrent(t)) {
                publish(t, Discovery.MIGRATE, 1, false);
            }
        }
        publishDiscovery();
        for (String t : found) {
            publish(t, "", 1, true);
        }
        Log.TAG.info("Home Assistant: {} per-entity discovery configs of an earlier version retired", found.size());
    }

    /**
     * The state, retained: at once when forced (a phase change, a fault, a new connection); every
     * interval during a session if it changed; when idle at most once a minute, so sensor noise on
     * an empty cuff does not keep the broker busy.
     */
    private void publishState(boolean force) {
        if (!client.isConnected()) {
            return;
        }
        var snapshot = loop.snapshot();
        long now = System.nanoTime();
        boolean due = snapshot.phase().active() || now - lastStateNanos >= IDLE_STATE_NANOS;
        if (!force && !due) {
            return;
        }
        String json = payloads.state(snapshot);
        if (force || !json.equals(lastState)) {
            lastState = json;
            lastStateNanos = now;
            publish(topics.state(), json, 0, true);
        }
    }

    /**
     * The evening routine's figures and the last nights ({@code history}), retained (on the mqtt
     * thread: it reads the journal).
     */
    private void publishStats() {
        Journal j = journal;
        if (j == null || !client.isConnected()) {
            return;
        }
        try {
            Adherence.Stats stats = Adherence.stats(j.sessions(), j.diary(), Adherence.Target.WHOLE_PROGRAM,
                    java.time.Instant.now(), java.time.ZoneId.systemDefault());
            publish(topics.stats(), Payloads.stats(stats), 1, true);
            publish(topics.history(), Payloads.history(stats), 1, true);
        } catch (JournalException e) {
            Log.TAG.warn("stats not published: {}", e.getMessage());
        }
    }

    /** The reminder before the usual onset, on {@code events}: {@code {"type":"reminder","message":…}}. */
    public void remind(String message) {
        publish(topics.events(), new dev.quietlegs.firmware.json.Json().begin().field("type", "reminder")
                .field("message", message).end().toString(), 0, false);
    }

    /**
     * The opt-in auto-start on {@code events}: {@code {"type":"auto-start","state":…,"message":…}},
     * {@code state} one of {@code announced}, {@code started}, {@code cancelled}, {@code refused}.
     */
    public void autoStart(String state, String message) {
        publish(topics.events(), new dev.quietlegs.firmware.json.Json().begin().field("type", "auto-start")
                .field("state", state).field("message", message).end().toString(), 0, false);
    }

    /** {@code cmd/diary}: noted on the mqtt thread, answered like every command. */
    private void diary(byte[] payload, boolean retained, boolean duplicate) {
        CommandParser.Diary d = parser.diary(payload, retained, duplicate);
        Journal j = journal;
        String error = d.error() != null ? d.error() : j == null ? "this unit keeps no journal" : null;
        if (error == null) {
            try {
                j.add(d.entry());
            } catch (JournalException e) {
                error = "not noted: the journal cannot be written";
                Log.TAG.warn("diary entry not noted: {}", e.getMessage());
            }
        }
        publish(topics.events(), Payloads.command("diary", CommandParser.ORIGIN, error), 0, false);
    }

    private void publish(String topic, String payload, int qos, boolean retained) {
        if (!client.isConnected()) {
            dropped.incrementAndGet();
            return;
        }
        try {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
            published.incrementAndGet();
        } catch (MqttException | RuntimeException e) {
            dropped.incrementAndGet();
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            Log.TAG.warn("MQTT connection to {} lost: {}; the session goes on", settings.url(), reason(cause));
            worker.execute(() -> retry("reconnecting"));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (topic.equals(discovery.statusTopic())) {
                if (Topics.ONLINE.equals(new String(message.getPayload(), StandardCharsets.UTF_8).trim())) {
                    worker.execute(Remote.this::publishDiscovery); // Home Assistant restarted
                }
                return;
            }
            if (discovery.isLegacy(topic)) {
                if (message.isRetained() && message.getPayload().length > 0) {
                    legacyConfigs.add(topic);
                    worker.execute(Remote.this::retireLegacyConfigs);
                }
                return; // never a command, whatever it holds
            }
            String name = topics.commandName(topic);
            if (name == null) {
                return;
            }
            if (name.equals("diary")) {
                byte[] payload = message.getPayload();
                boolean retained = message.isRetained();
                boolean duplicate = message.isDuplicate();
                worker.execute(() -> diary(payload, retained, duplicate)); // the disk, off Paho's thread
                return;
            }
            CommandParser.Parsed p = parser.parse(name, message.getPayload(), message.isRetained(), message.isDuplicate());
            if (p.error() != null) {
                publish(topics.events(), Payloads.command(name, CommandParser.ORIGIN, p.error()), 0, false);
            } else {
                loop.submit(p.command()); // never blocks: a full queue answers "busy" itself
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // QoS 0 state and events need no confirmation
        }
    }

    /** Says {@code offline}, disconnects, and stops reconnecting. */
    @Override
    public void close() {
        closing = true;
        try {
            if (client.isConnected()) {
                client.publish(topics.availability(), Topics.OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true)
                        .waitForCompletion(1000);
                client.disconnect(500).waitForCompletion(1000);
            }
        } catch (MqttException e) {
            Log.TAG.warn("MQTT disconnect: {}", reason(e));
        } finally {
            worker.shutdownNow();
            try {
                client.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }

    static String reason(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
