package dev.quietlegs.firmware.remote;

import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.therapy.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Home Assistant MQTT discovery: one retained config message per entity, under
 * {@code <prefix>/<component>/quietlegs_<id>/<object>/config}, every one with the device block and
 * the availability topic, so the unit shows up as one device with its controls and sensors.
 */
public final class Discovery {

    /** One retained message. */
    public record Message(String topic, String payload) {
    }

    private final String prefix;
    private final Topics topics;
    private final String deviceName;
    private final String version;
    private final List<String> chambers;
    private final List<String> programs;

    public Discovery(String prefix, Topics topics, String deviceName, String version, List<String> chambers,
                     List<String> programs) {
        this.prefix = prefix;
        this.topics = topics;
        this.deviceName = deviceName;
        this.version = version;
        this.chambers = List.copyOf(chambers);
        this.programs = List.copyOf(programs);
    }

    /** Home Assistant's own status topic: {@code online} there means it restarted and wants configs again. */
    public String statusTopic() {
        return prefix + "/status";
    }

    public List<Message> messages() {
        List<Message> out = new ArrayList<>();
        out.add(entity("button", "start", "Start", j -> command(j, "start")
                .field("payload_press", CommandParser.PRESS).field("icon", "mdi:play")));
        out.add(entity("button", "stop", "Stop", j -> command(j, "stop")
                .field("payload_press", CommandParser.PRESS).field("icon", "mdi:stop")));
        out.add(entity("button", "repeat", "Repeat", j -> command(j, "repeat")
                .field("payload_press", CommandParser.PRESS).field("icon", "mdi:repeat-once")));
        out.add(entity("button", "clear_fault", "Clear fault", j -> command(j, "clear-fault")
                .field("payload_press", CommandParser.PRESS).field("entity_category", "config")));
        out.add(entity("select", "program", "Program", j -> {
            command(j, "start").field("state_topic", topics.state())
                    .field("value_template", "{{ value_json.program or '" + programs.get(0) + "' }}");
            j.key("options").beginArray();
            programs.forEach(j::value);
            j.endArray();
        }));
        out.add(entity("number", "vibration", "Vibration", j -> command(j, "vibration")
                .field("state_topic", topics.state()).field("value_template", "{{ value_json.vibration_setting }}")
                .field("min", 0).field("max", 10).field("step", 1).field("mode", "slider").field("icon", "mdi:vibrate")));
        out.add(entity("number", "intensity", "Compression intensity", j -> command(j, "intensity")
                .field("state_topic", topics.state()).field("value_template", "{{ value_json.intensity }}")
                .field("min", 1).field("max", 10).field("step", 1).field("mode", "slider")));
        for (int i = 0; i < chambers.size(); i++) {
            String name = chambers.get(i);
            int index = i;
            out.add(entity("sensor", name + "_pressure", capitalise(name) + " pressure", j -> j
                    .field("state_topic", topics.state())
                    .field("value_template", "{{ value_json.chambers[" + index + "].pressure_mmhg }}")
                    .field("device_class", "pressure").field("unit_of_measurement", "mmHg")
                    .field("state_class", "measurement").field("suggested_display_precision", 0)));
        }
        out.add(entity("sensor", "remaining", "Time left", j -> j.field("state_topic", topics.state())
                .field("value_template", "{{ value_json.remaining_s }}").field("device_class", "duration")
                .field("unit_of_measurement", "s")));
        out.add(entity("sensor", "phase", "Phase", j -> {
            j.field("state_topic", topics.state()).field("value_template", "{{ value_json.phase }}")
                    .field("device_class", "enum");
            j.key("options").beginArray();
            for (Phase p : Phase.values()) {
                j.value(p.wire());
            }
            j.endArray();
        }));
        out.add(entity("binary_sensor", "fault", "Fault", j -> j.field("state_topic", topics.state())
                .field("value_template", "{{ 'ON' if value_json.fault else 'OFF' }}").field("device_class", "problem")
                .field("json_attributes_topic", topics.state())
                .field("json_attributes_template", "{{ (value_json.fault or {}) | tojson }}")));
        return out;
    }

    /**
     * The command topic, and how Home Assistant publishes to it: never retained (a retained command
     * would reach the unit live once, flag cleared, under MQTT 3.1.1), and QoS 0, so a press made
     * while Home Assistant is away from the broker is dropped rather than queued and sent later.
     */
    private Json command(Json j, String name) {
        return j.field("command_topic", topics.command(name)).field("retain", false).field("qos", 0);
    }

    private Message entity(String component, String object, String name, Consumer<Json> specific) {
        String node = "quietlegs_" + topics.deviceId();
        Json j = new Json().begin()
                .field("name", name)
                .field("unique_id", node + "_" + object)
                .field("object_id", node + "_" + object)
                .field("availability_topic", topics.availability())
                .field("payload_available", Topics.ONLINE)
                .field("payload_not_available", Topics.OFFLINE);
        specific.accept(j);
        j.key("device").begin();
        j.key("identifiers").beginArray().value(node).endArray();
        j.field("name", deviceName).field("model", "QuietLegs bedside unit").field("manufacturer", "QuietLegs project")
                .field("sw_version", version);
        j.end();
        return new Message(prefix + "/" + component + "/" + node + "/" + object + "/config", j.end().toString());
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
