package dev.quietlegs.firmware.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A real MQTT client playing the phone: subscribes, publishes, and waits for what it expects. */
final class Phone implements AutoCloseable {

    record Received(String topic, String payload, boolean retained) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(payload);
            } catch (Exception e) {
                throw new AssertionError("not JSON on " + topic + ": " + payload, e);
            }
        }
    }

    private final MqttClient client;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    final List<Received> seen = new ArrayList<>();

    Phone(TestBroker broker, String... subscriptions) throws MqttException {
        this(broker.url(), broker.user(), broker.password(), subscriptions);
    }

    Phone(String url, String user, char[] password, String... subscriptions) throws MqttException {
        client = new MqttClient(url, "phone-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        o.setConnectionTimeout(5);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password);
        }
        client.connect(o);
        for (String s : subscriptions) {
            client.subscribe(s, 1, (topic, m) -> inbox.add(new Received(topic, new String(m.getPayload(),
                    StandardCharsets.UTF_8), m.isRetained())));
        }
    }

    void send(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 0, false);
    }

    void send(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        client.publish(topic, payload, qos, retained);
    }

    /** Waits for a message that matches, keeping everything seen; fails after {@code seconds}. */
    Received await(String what, double seconds, Predicate<Received> match) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        for (Received r : seen) {
            if (match.test(r)) {
                seen.remove(r);
                return r;
            }
        }
        while (System.nanoTime() < deadline) {
            Received r = inbox.poll(50, TimeUnit.MILLISECONDS);
            if (r == null) {
                continue;
            }
            if (match.test(r)) {
                return r;
            }
            seen.add(r);
        }
        throw new AssertionError("no " + what + " within " + seconds + " s; seen: " + tail());
    }

    /** Everything that arrives within {@code seconds}. */
    List<Received> drain(double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Received> out = new ArrayList<>(seen);
        seen.clear();
        while (System.nanoTime() < deadline) {
            Received r = inbox.poll(20, TimeUnit.MILLISECONDS);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    static Predicate<Received> event(String type, String field, String value) {
        return r -> r.topic().endsWith("/events") && r.json().path("type").asText().equals(type)
                && r.json().path(field).asText().equals(value);
    }

    static Predicate<Received> state(String field, String value) {
        return r -> r.topic().endsWith("/state") && r.json().path(field).asText().equals(value);
    }

    private String tail() {
        List<Received> last = seen.subList(Math.max(0, seen.size() - 8), seen.size());
        return last.toString();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(500);
        }
        client.close(true);
    }
}
