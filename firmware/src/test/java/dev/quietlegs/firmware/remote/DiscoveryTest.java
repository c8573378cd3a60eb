package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    private final ObjectMapper json = new ObjectMapper();
    private final Topics topics = new Topics("bedside");
    private final Discovery discovery = new Discovery("homeassistant", topics, "QuietLegs", "1.0", List.of("ankle", "calf",
            "thigh"), List.of("compression", "evening", "repeat"));

    @Test
    void everyEntityIsValidJsonWithAUniqueIdTheDeviceAndAvailability() throws Exception {
        Set<String> ids = new HashSet<>();
        Set<String> topicsSeen = new HashSet<>();
        for (Discovery.Message m : discovery.messages()) {
            JsonNode n = json.readTree(m.payload());
            assertThat(ids.add(n.get("unique_id").asText())).as("unique id " + n.get("unique_id")).isTrue();
            assertThat(topicsSeen.add(m.topic())).isTrue();
            assertThat(m.topic()).matches("homeassistant/(button|select|number|sensor|binary_sensor)/quietlegs_bedside/[a-z_]+/config");
            assertThat(n.get("availability_topic").asText()).isEqualTo("quietlegs/bedside/availability");
            JsonNode device = n.get("device");
            assertThat(device.get("identifiers").get(0).asText()).isEqualTo("quietlegs_bedside");
            assertThat(device.get("name").asText()).isEqualTo("QuietLegs");
            assertThat(device.get("sw_version").asText()).isEqualTo("1.0");
            assertThat(device.has("model") && device.has("manufacturer")).isTrue();
            if (n.has("command_topic")) {
                assertThat(n.get("command_topic").asText()).startsWith("quietlegs/bedside/cmd/");
            }
            if (n.has("state_topic")) {
                assertThat(n.get("state_topic").asText()).isEqualTo("quietlegs/bedside/state");
            }
        }
        assertThat(ids).contains("quietlegs_bedside_start", "quietlegs_bedside_stop", "quietlegs_bedside_repeat",
                "quietlegs_bedside_program", "quietlegs_bedside_vibration", "quietlegs_bedside_intensity",
                "quietlegs_bedside_ankle_pressure", "quietlegs_bedside_calf_pressure", "quietlegs_bedside_thigh_pressure",
                "quietlegs_bedside_remaining", "quietlegs_bedside_phase", "quietlegs_bedside_fault");
    }

    /** Every control Home Assistant shows sends, unretained, a payload the unit carries out. */
    @Test
    void everyHomeAssistantControlSendsAPayloadTheUnitAccepts() throws Exception {
        CommandParser parser = new CommandParser("repeat");
        List<String> checked = new ArrayList<>();
        for (Discovery.Message m : discovery.messages()) {
            JsonNode n = json.readTree(m.payload());
            if (!n.has("command_topic")) {
                continue;
            }
            String id = n.get("unique_id").asText();
            String name = topics.commandName(n.get("command_topic").asText());
            assertThat(n.path("retain").isBoolean() && !n.get("retain").asBoolean()).as(id + " retain false").isTrue();
            assertThat(n.path("qos").asInt(-1)).as(id + " qos").isZero();
            List<String> sent = new ArrayList<>();
            String component = m.topic().split("/")[1];
            switch (component) {
                // what Home Assistant's button publishes: payload_press, "PRESS" when left out
                case "button" -> sent.add(n.path("payload_press").asText("PRESS"));
                case "select" -> n.get("options").forEach(o -> sent.add(o.asText()));
                case "number" -> {
                    for (int v = n.get("min").asInt(); v <= n.get("max").asInt(); v += n.get("step").asInt()) {
                        sent.add(Integer.toString(v));
                        sent.add(v + ".0");
                    }
                }
                default -> throw new AssertionError("a " + component + " with a command topic: " + id);
            }
            assertThat(sent).as(id).isNotEmpty();
            for (String payload : sent) {
                CommandParser.Parsed p = parser.parse(name, payload.getBytes(StandardCharsets.UTF_8), false);
                assertThat(p.error()).as(id + " sends '" + payload + "' to cmd/" + name).isNull();
            }
            checked.add(id);
        }
        assertThat(checked).containsExactlyInAnyOrder("quietlegs_bedside_start", "quietlegs_bedside_stop",
                "quietlegs_bedside_repeat", "quietlegs_bedside_clear_fault", "quietlegs_bedside_program",
                "quietlegs_bedside_vibration", "quietlegs_bedside_intensity");
    }

    @Test
    void sensorsCarryTheirClassesAndUnits() throws Exception {
        for (Discovery.Message m : discovery.messages()) {
            JsonNode n = json.readTree(m.payload());
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
}
