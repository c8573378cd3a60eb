package dev.quietlegs.firmware.remote;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A client on the phone's side of the broker, for the benchmarks that load the unit the way a
 * phone would: it sends commands and reads state. Kept here so Paho stays in this package.
 */
public final class PhoneClient implements AutoCloseable {

    private final MqttClient client;

    public PhoneClient(String url, String clientId) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(65535);
        client.connect(o);
    }

    /** Sends a command payload, QoS 0, not retained. */
    public void send(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 0, false);
    }

    /** Subscribes and throws away what arrives: the broker's fan-out is part of the load. */
    public void listen(String topic) throws MqttException {
        client.subscribe(topic, 0, (t, m) -> { });
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(500);
            }
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }
}
