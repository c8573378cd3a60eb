package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    /** The evening routine's components: seven stats sensors, two diary numbers, two session events, the reminder. */
    private static final int EVENING = 12;


    private final ObjectMapper json = new ObjectMapper();
    private final Topics topics = new Topics("bedside");
    private final Discovery discovery = new Discovery("homeassistant", topics, "QuietLegs", "1.0", List.of("ankle", "calf",
            "thigh"), List.of("compression", "evening", "repeat"));

    private JsonNode payload() throws Exception {
        return json.readTree(discovery.message().payload());
    }

    private List<Map.Entry<String, JsonNode>> components() throws Exception {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = payload().get("components").fields(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void oneDeviceConfigWithTheDeviceTheOriginAndTheAvailability() throws Exception {
        assertThat(discovery.message().topic()).isEqualTo("homeassistant/device/quietlegs_bedside/config");
        JsonNode n = payload();
        JsonNode device = n.get("device");
        assertThat(device.get("identifiers").get(0).asText()).isEqualTo("quietlegs_bedside");
        assertThat(device.get("name").asText()).isEqualTo("QuietLegs");
        assertThat(device.get("sw_version").asText()).isEqualTo("1.0");
        assertThat(device.has("model") && device.has("manufacturer")).isTrue();
        JsonNode origin = n.get("origin");
        assertThat(origin.get("name").asText()).isEqualTo("QuietLegs");
        assertThat(origin.get("sw_version").asText()).isEqualTo("1.0");
        assertThat(origin.has("support_url") || origin.has("url")).as("no URL").isFalse();
        assertThat(n.get("availability_topic").asText()).isEqualTo("quietlegs/bedside/availability");
        assertThat(n.get("payload_available").asText()).isEqualTo("online");
        assertThat(n.get("payload_not_available").asText()).isEqualTo("offline");
        assertThat(n.get("components").size()).isEqualTo(10 + 3 + EVENING);
    }

    @Test
    void everyComponentHasItsPlatformTheOldUniqueIdAndADefaultEntityIdInItsDomain() throws Exception {
        Set<String> ids = new HashSet<>();
        for (var c : components()) {
            JsonNode n = c.getValue();
            String platform = n.path("platform").asText();
            assertThat(platform).as(c.getKey()).isIn("button", "select", "number", "sensor", "binary_sensor", "event");
            String id = n.path("unique_id").asText();
            assertThat(id).as(c.getKey()).isEqualTo("quietlegs_bedside_" + c.getKey());
            assertThat(ids.add(id)).as("unique id " + id).isTrue();
            assertThat(n.path("default_entity_id").asText()).as(c.getKey()).isEqualTo(platform + "." + id);
            assertThat(n.has("object_id")).as(c.getKey() + " object_id").isFalse();
            assertThat(n.path("name").asText()).as(c.getKey()).isNotBlank();
            if (n.has("command_topic")) {
                assertThat(n.get("command_topic").asText()).startsWith("quietlegs/bedside/cmd/");
            }
            if (n.has("state_topic")) {
                assertThat(n.get("state_topic").asText()).isIn("quietlegs/bedside/state", "quietlegs/bedside/stats",
                        "quietlegs/bedside/events");
            }
        }
        // The unique ids earlier versions published: Home Assistant keeps the user's customisations.
        assertThat(ids).containsExactlyInAnyOrder("quietlegs_bedside_start", "quietlegs_bedside_stop",
                "quietlegs_bedside_repeat", "quietlegs_bedside_clear_fault", "quietlegs_bedside_program",
                "quietlegs_bedside_vibration", "quietlegs_bedside_intensity", "quietlegs_bedside_ankle_pressure",
                "quietlegs_bedside_calf_pressure", "quietlegs_bedside_thigh_pressure", "quietlegs_bedside_remaining",
                "quietlegs_bedside_phase", "quietlegs_bedside_fault",
                // the evening routine's
                "quietlegs_bedside_last_night", "quietlegs_bedside_adherence_7d", "quietlegs_bedside_adherence_30d",
                "quietlegs_bedside_streak", "quietlegs_bedside_sleep_rating", "quietlegs_bedside_irls",
                "quietlegs_bedside_evening_note", "quietlegs_bedside_restless_before", "quietlegs_bedside_restless_after",
                "quietlegs_bedside_session_started", "quietlegs_bedside_session_ended", "quietlegs_bedside_reminder");
    }

    /** Every control Home Assistant shows sends, unretained, a payload the unit carries out. */
    @Test
    void everyHomeAssistantControlSendsAPayloadTheUnitAccepts() throws Exception {
        CommandParser parser = new CommandParser("repeat");
        List<String> checked = new ArrayList<>();
        for (var c : components()) {
            JsonNode n = c.getValue();
            if (!n.has("command_topic")) {
                continue;
            }
            String id = n.get("unique_id").asText();
            String name = topics.commandName(n.get("command_topic").asText());
            assertThat(n.path("retain").isBoolean() && !n.get("retain").asBoolean()).as(id + " retain false").isTrue();
            assertThat(n.path("qos").asInt(-1)).as(id + " qos").isZero();
            List<String> sent = new ArrayList<>();
            String platform = n.get("platform").asText();
            switch (platform) {
                // what Home Assistant's button publishes: payload_press, "PRESS" when left out
                case "button" -> sent.add(n.path("payload_press").asText("PRESS"));
                case "select" -> n.get("options").forEach(o -> sent.add(o.asText()));
                case "number" -> {
                    for (int v = n.get("min").asInt(); v <= n.get("max").asInt(); v += n.get("step").asInt()) {
                        // a diary rating is sent through its command template (the value made whole)
                        String template = n.path("command_template").asText("{{ value }}");
                        sent.add(template.replace("{{ value | int }}", Integer.toString(v)).replace("{{ value }}",
                                Integer.toString(v)));
                        sent.add(template.replace("{{ value | int }}", Integer.toString(v)).replace("{{ value }}", v + ".0"));
                    }
                }
                default -> throw new AssertionError("a " + platform + " with a command topic: " + id);
            }
            assertThat(sent).as(id).isNotEmpty();
            for (String payload : sent) {
                String error = name.equals("diary")
                        ? parser.diary(payload.getBytes(StandardCharsets.UTF_8), false, false).error()
                        : parser.parse(name, payload.getBytes(StandardCharsets.UTF_8), false).error();
                assertThat(error).as(id + " sends '" + payload + "' to cmd/" + name).isNull();
            }
            checked.add(id);
        }
        assertThat(checked).containsExactlyInAnyOrder("quietlegs_bedside_start", "quietlegs_bedside_stop",
                "quietlegs_bedside_repeat", "quietlegs_bedside_clear_fault", "quietlegs_bedside_program",
                "quietlegs_bedside_vibration", "quietlegs_bedside_intensity", "quietlegs_bedside_restless_before",
                "quietlegs_bedside_restless_after");
    }

    @Test
    void sensorsCarryTheirClassesAndUnits() throws Exception {
        for (var c : components()) {
            JsonNode n = c.getValue();
            String id = n.get("unique_id").asText();
            if (id.endsWith("_pressure")) {
                assertThat(n.get("device_class").asText()).isEqualTo("pressure");
                assertThat(n.get("unit_of_measurement").asText()).isEqualTo("mmHg");
            }
            if (id.equals("quietlegs_bedside_remaining")) {
                assertThat(n.get("device_class").asText()).isEqualTo("duration");
            }
            if (id.equals("quietlegs_bedside_phase")) {
                assertThat(n.get("device_class").asText()).isEqualTo("enum");
                assertThat(n.get("options").size()).isEqualTo(8);
            }
            if (id.equals("quietlegs_bedside_fault")) {
                assertThat(n.get("device_class").asText()).isEqualTo("problem");
            }
            if (id.equals("quietlegs_bedside_program")) {
                assertThat(n.get("options").toString()).isEqualTo("[\"compression\",\"evening\",\"repeat\"]");
            }
        }
    }

    /**
     * The component keys are the old topics' object ids, so Home Assistant's discovery id
     * ({@code quietlegs_bedside start}) is the same and its migration applies; every old topic is
     * recognised as such and as a current entity.
     */
    @Test
    void theOldPerEntityTopicsAreRecognisedAndMapToTheComponents() throws Exception {
        for (var c : components()) {
            String old = "homeassistant/" + c.getValue().get("platform").asText() + "/quietlegs_bedside/" + c.getKey() + "/config";
            assertThat(discovery.isLegacy(old)).as(old).isTrue();
            assertThat(discovery.isCurrent(old)).as(old).isTrue();
        }
        assertThat(discovery.legacyFilter()).isEqualTo("homeassistant/+/quietlegs_bedside/+/config");
        String stale = "homeassistant/sensor/quietlegs_bedside/foot_pressure/config";
        assertThat(discovery.isLegacy(stale)).isTrue();
        assertThat(discovery.isCurrent(stale)).as("an entity the unit no longer has").isFalse();
        assertThat(discovery.isCurrent("homeassistant/number/quietlegs_bedside/start/config")).as("wrong platform").isFalse();
        for (String other : List.of(discovery.message().topic(), "homeassistant/status", "quietlegs/bedside/cmd/start",
                "homeassistant/button/quietlegs_other/start/config", "homeassistant/button/quietlegs_bedside/start/state",
                "other/button/quietlegs_bedside/start/config", "homeassistant/device/quietlegs_bedside/x/config")) {
            assertThat(discovery.isLegacy(other)).as(other).isFalse();
        }
    }
}
