package dev.quietlegs.firmware.remote;

import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.therapy.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Home Assistant MQTT discovery, device-based (Home Assistant 2024.11 and later): one retained
 * message on {@code <prefix>/device/quietlegs_<id>/config} holding the device, the origin, the
 * availability shared by every entity, and every entity under {@code components}, each with its
 * {@code platform}, {@code unique_id} and {@code default_entity_id}.
 *
 * <p>Earlier versions of the unit published one retained message per entity on
 * {@code <prefix>/<platform>/quietlegs_<id>/<key>/config}. The component keys here are those
 * {@code <key>}s and the device topic's id is their node id, so Home Assistant sees the same
 * discovery ids and its documented migration keeps every entity with its customisations:
 * {@code {"migrate_discovery":true}} on each old topic (the entity is unloaded, its registry entry
 * kept), then this message, then an empty retained payload on each old topic. Clearing an old topic
 * without the first step would delete the entity from Home Assistant's registry, with the user's
 * name, area and entity id; {@link Remote} does the three steps when it finds an old config.
 */
public final class Discovery {

    /** One message to publish. */
    public record Message(String topic, String payload) {
    }

    /** What Home Assistant reads on an old per-entity topic to unload the entity but keep its settings. */
    public static final String MIGRATE = "{\"migrate_discovery\":true}";

    private record Component(String platform, String key, String name, Consumer<Json> specific) {
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

    /** The unit's node id in discovery: {@code quietlegs_<id>}. */
    public String node() {
        return "quietlegs_" + topics.deviceId();
    }

    /** The one retained device config. */
    public Message message() {
        String node = node();
        Json j = new Json().begin();
        j.key("device").begin();
        j.key("identifiers").beginArray().value(node).endArray();
        j.field("name", deviceName).field("model", "QuietLegs bedside unit").field("manufacturer", "QuietLegs project")
                .field("sw_version", version);
        j.end();
        // No support_url: the unit points nowhere outside itself.
        j.key("origin").begin().field("name", "QuietLegs").field("sw_version", version).end();
        // Shared by every component (Home Assistant merges these into each one).
        j.field("availability_topic", topics.availability())
                .field("payload_available", Topics.ONLINE)
                .field("payload_not_available", Topics.OFFLINE);
        j.key("components").begin();
        for (Component c : components()) {
            j.key(c.key()).begin()
                    .field("platform", c.platform())
                    .field("name", c.name())
                    .field("unique_id", node + "_" + c.key())
                    // The entity id Home Assistant gives the entity when it first creates it. No
                    // object_id: Home Assistant 2026.4 and later drop it, and device-based discovery
                    // needs 2024.11 or later anyway; entities that exist keep their entity id through
                    // their unchanged unique_id.
                    .field("default_entity_id", c.platform() + "." + node + "_" + c.key());
            c.specific().accept(j);
            j.end();
        }
        j.end();
        return new Message(prefix + "/device/" + node + "/config", j.end().toString());
    }

    /** The subscription that finds old per-entity configs of this unit still retained on the broker. */
    public String legacyFilter() {
        return prefix + "/+/" + node() + "/+/config";
    }

    /** Whether {@code topic} is an old per-entity config topic of this unit (never a command topic). */
    public boolean isLegacy(String topic) {
        String[] t = topic.split("/", -1);
        String[] p = prefix.split("/", -1);
        if (t.length != p.length + 4) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!t[i].equals(p[i])) {
                return false;
            }
        }
        return !t[p.length].equals("device") && t[p.length + 1].equals(node()) && t[p.length + 3].equals("config");
    }

    /**
     * Whether the entity of an old config topic is still one of ours, so Home Assistant should
     * migrate it ({@link #MIGRATE} first) rather than delete it (just the empty payload).
     */
    public boolean isCurrent(String legacyTopic) {
        String[] t = legacyTopic.split("/", -1);
        String platform = t[t.length - 4];
        String key = t[t.length - 2];
        return components().stream().anyMatch(c -> c.platform().equals(platform) && c.key().equals(key));
    }

    private List<Component> components() {
        List<Component> out = new ArrayList<>();
        out.add(new Component("button", "start", "Start", j -> command(j, "start")
                .field("payload_press", CommandParser.PRESS).field("icon", "mdi:play")));
        out.add(new Component("button", "stop", "Stop", j -> command(j, "stop")
                .field("payload_press", CommandParser.PRESS).field("icon", "mdi:stop")));
        out.add(new Component("button", "repeat", "Repeat", j -> command(j, "repeat")
                .field("payload_press", CommandParser.PRESS).field("icon", "mdi:repeat-once")));
        out.add(new Component("button", "clear_fault", "Clear fault", j -> command(j, "clear-fault")
                .field("payload_press", CommandParser.PRESS).field("entity_category", "config")));
        out.add(new Component("select", "program", "Program", j -> {
            command(j, "start").field("state_topic", topics.state())
                    .field("value_template", "{{ value_json.program or '" + programs.get(0) + "' }}");
            j.key("options").beginArray();
            programs.forEach(j::value);
            j.endArray();
        }));
        out.add(new Component("number", "vibration", "Vibration", j -> command(j, "vibration")
                .field("state_topic", topics.state()).field("value_template", "{{ value_json.vibration_setting }}")
                .field("min", 0).field("max", 10).field("step", 1).field("mode", "slider").field("icon", "mdi:vibrate")));
        out.add(new Component("number", "intensity", "Compression intensity", j -> command(j, "intensity")
                .field("state_topic", topics.state()).field("value_template", "{{ value_json.intensity }}")
                .field("min", 1).field("max", 10).field("step", 1).field("mode", "slider")));
        for (int i = 0; i < chambers.size(); i++) {
            String name = chambers.get(i);
            int index = i;
            out.add(new Component("sensor", name + "_pressure", capitalise(name) + " pressure", j -> j
                    .field("state_topic", topics.state())
                    .field("value_template", "{{ value_json.chambers[" + index + "].pressure_mmhg }}")
                    .field("device_class", "pressure").field("unit_of_measurement", "mmHg")
                    .field("state_class", "measurement").field("suggested_display_precision", 0)));
        }
        out.add(new Component("sensor", "remaining", "Time left", j -> j.field("state_topic", topics.state())
                .field("value_template", "{{ value_json.remaining_s }}").field("device_class", "duration")
                .field("unit_of_measurement", "s")));
        out.add(new Component("sensor", "phase", "Phase", j -> {
            j.field("state_topic", topics.state()).field("value_template", "{{ value_json.phase }}")
                    .field("device_class", "enum");
            j.key("options").beginArray();
            for (Phase p : Phase.values()) {
                j.value(p.wire());
            }
            j.endArray();
        }));
        out.add(new Component("binary_sensor", "fault", "Fault", j -> j.field("state_topic", topics.state())
                .field("value_template", "{{ 'ON' if value_json.fault else 'OFF' }}").field("device_class", "problem")
                .field("json_attributes_topic", topics.state())
                .field("json_attributes_template", "{{ (value_json.fault or {}) | tojson }}")));
        evening(out);
        return out;
    }

    /**
     * The evening routine: the stats as sensors, the diary's before/after ratings as numbers a
     * phone sets (each sends a {@code cmd/diary} entry), and a session's start and end as events.
     */
    private void evening(List<Component> out) {
        out.add(stat("last_night", "Therapy last night", "last_night_min", j -> j.field("unit_of_measurement", "min")
                .field("device_class", "duration").field("state_class", "measurement")));
        out.add(stat("adherence_7d", "Adherence, 7 nights", "adherence_7d", j -> j.field("unit_of_measurement", "%")
                .field("state_class", "measurement").field("icon", "mdi:calendar-check")
                .field("json_attributes_topic", topics.stats())));
        out.add(stat("adherence_30d", "Adherence, 30 nights", "adherence_30d", j -> j.field("unit_of_measurement", "%")
                .field("state_class", "measurement").field("icon", "mdi:calendar-check")));
        out.add(stat("streak", "Nights in a row", "streak", j -> j.field("unit_of_measurement", "nights")
                .field("icon", "mdi:fire")));
        out.add(stat("sleep_rating", "Sleep (0-10)", "sleep", j -> j.field("icon", "mdi:sleep")));
        out.add(stat("irls", "IRLS total", "irls", j -> j.field("icon", "mdi:clipboard-text")));
        out.add(stat("evening_note", "Evening note", "note", j -> j.field("value_template",
                "{{ value_json.note or 'none' }}")));
        for (String when : new String[] {"before", "after"}) {
            out.add(new Component("number", "restless_" + when, "Restless legs " + when + " session",
                    j -> command(j, "diary").field("command_template",
                                    "{\"entry\":\"" + when + "\",\"restless\":{{ value | int }}}")
                            .field("state_topic", topics.stats())
                            .field("value_template", "{{ value_json.restless_" + when + " if value_json.restless_" + when
                                    + " is not none else 0 }}")
                            .field("min", 0).field("max", 10).field("step", 1).field("mode", "slider")
                            .field("icon", "mdi:shoe-print")));
        }
        out.add(sessionEvent("session_started", "Session started", "started"));
        out.add(sessionEvent("session_ended", "Session ended", "completed", "stopped", "faulted"));
        out.add(new Component("event", "reminder", "Reminder", j -> {
            j.field("state_topic", topics.events());
            j.key("event_types").beginArray().value("reminder").endArray();
            j.field("value_template", "{{ {'event_type': 'reminder', 'message': value_json.message} | tojson"
                    + " if value_json.type == 'reminder' else '' }}").field("icon", "mdi:bell-sleep");
        }));
    }

    private Component stat(String key, String name, String field, Consumer<Json> more) {
        return new Component("sensor", key, name, j -> {
            j.field("state_topic", topics.stats());
            if (!field.equals("note")) {
                j.field("value_template", "{{ value_json." + field + " }}");
            }
            more.accept(j);
        });
    }

    /** An event entity fed by the session messages on {@code events}; other events render empty and are ignored. */
    private Component sessionEvent(String key, String name, String... types) {
        return new Component("event", key, name, j -> {
            j.field("state_topic", topics.events());
            j.key("event_types").beginArray();
            for (String t : types) {
                j.value(t);
            }
            j.endArray();
            StringBuilder in = new StringBuilder();
            for (String t : types) {
                in.append(in.isEmpty() ? "" : ",").append('\'').append(t).append('\'');
            }
            j.field("value_template", "{{ {'event_type': value_json.event, 'program': value_json.program, 'reason':"
                    + " value_json.reason} | tojson if value_json.type == 'session' and value_json.event in [" + in
                    + "] else '' }}");
        });
    }

    /**
     * The command topic, and how Home Assistant publishes to it: never retained (a retained command
     * would reach the unit live once, flag cleared, under MQTT 3.1.1), and QoS 0, so a press made
     * while Home Assistant is away from the broker is dropped rather than queued and sent later.
     */
    private Json command(Json j, String name) {
        return j.field("command_topic", topics.command(name)).field("retain", false).field("qos", 0);
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
