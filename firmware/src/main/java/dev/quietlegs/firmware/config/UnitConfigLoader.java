package dev.quietlegs.firmware.config;

import dev.quietlegs.firmware.safety.Limits;
import dev.quietlegs.hardware.sim.PlantParameters;
import dev.quietlegs.hardware.wiring.PinMap;
import dev.quietlegs.hardware.wiring.PinRules;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Reads {@code quietlegs.yaml}. Every key is optional but the chambers; unknown keys are errors. */
public final class UnitConfigLoader {

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CHAMBER = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private UnitConfigLoader() {
    }

    public static UnitConfig load(Path file) throws ConfigException {
        YamlSection root = YamlSection.load(file);

        String id = "bedside";
        String name = "QuietLegs";
        var device = root.section("device");
        if (device.isPresent()) {
            id = device.get().text("id", id);
            if (!DEVICE_ID.matcher(id).matches()) {
                throw device.get().error("id", "'" + id + "' must be 1–64 letters, digits, '-' or '_'"
                        + " (it is part of MQTT topics: no '/', '+', '#', spaces or control characters)");
            }
            name = device.get().text("name", name);
            device.get().rejectUnknownKeys();
        }

        int rate = 100;
        int realtime = 0;
        var loop = root.section("loop");
        if (loop.isPresent()) {
            rate = loop.get().integer("rate_hz", 20, 2000, rate); // the dead-man wants 5 edges in its 0.25 s
            realtime = loop.get().integer("realtime_priority", 0, 99, realtime);
            loop.get().rejectUnknownKeys();
        }

        YamlSection cuff = root.requiredSection("cuff");
        List<String> chambers = cuff.texts("chambers");
        if (chambers.isEmpty() || chambers.size() > 8) {
            throw cuff.error("chambers", "list 1 to 8 chambers, distal (ankle) first");
        }
        var seen = new HashSet<String>();
        for (String c : chambers) {
            if (!CHAMBER.matcher(c).matches()) {
                throw cuff.error("chambers", "'" + c + "' is not a chamber name (lower-case word)");
            }
            if (!seen.add(c)) {
                throw cuff.error("chambers", "'" + c + "' is listed twice");
            }
        }
        cuff.rejectUnknownKeys();

        double max = UnitConfig.CEILING_MMHG;
        double inflated = 60;
        double inflatedLimit = 90;
        double sessionMin = 75;
        double watchdogMs = 250;
        double margin = 10;
        var limits = root.section("limits");
        if (limits.isPresent()) {
            if (limits.get().has("max_mmhg")) {
                double asked = limits.get().number("max_mmhg", 5, 1000);
                if (asked > UnitConfig.CEILING_MMHG) {
                    throw limits.get().error("max_mmhg", YamlSection.fmt(asked)
                            + " is above the compiled-in ceiling of " + YamlSection.fmt(UnitConfig.CEILING_MMHG)
                            + " mmHg, which configuration can lower but never raise");
                }
                max = asked;
            }
            inflated = limits.get().number("max_inflated_s", 5, Limits.CEILING_INFLATED_S, inflated);
            inflatedLimit = limits.get().number("inflated_limit_s", 10, Limits.CEILING_INFLATED_S, inflatedLimit);
            if (inflatedLimit < inflated + 10) {
                throw limits.get().error("inflated_limit_s", YamlSection.fmt(inflatedLimit)
                        + " s leaves no room above max_inflated_s " + YamlSection.fmt(inflated) + " s (at least 10 s more)");
            }
            sessionMin = limits.get().number("max_session_min", 5, Limits.CEILING_SESSION_S / 60, sessionMin);
            watchdogMs = limits.get().number("watchdog_ms", 20, 2000, watchdogMs);
            margin = limits.get().number("overpressure_margin_mmhg", 3, 20, margin);
            limits.get().rejectUnknownKeys();
        }

        double minDuty = 0.3;
        var motor = root.section("motor");
        if (motor.isPresent()) {
            minDuty = motor.get().number("min_duty", 0, 0.9, minDuty);
            motor.get().rejectUnknownKeys();
        }

        String defaultProgram = "evening";
        var programs = root.section("programs");
        if (programs.isPresent()) {
            defaultProgram = programs.get().text("default", defaultProgram);
            programs.get().rejectUnknownKeys();
        }

        MqttConfig mqtt = MqttConfig.defaults();
        var m = root.section("mqtt");
        if (m.isPresent()) {
            mqtt = mqtt(m.get(), file, mqtt);
        }

        PlantParameters plant = PlantParameters.legCuff(chambers.size());
        var sim = root.section("simulator");
        if (sim.isPresent()) {
            plant = simulator(sim.get(), chambers.size(), plant);
        }
        PinMap pins = chambers.size() <= PinMap.MAX_CHAMBERS ? PinMap.standard(chambers.size()) : null;
        var board = root.section("board");
        if (board.isPresent()) {
            pins = board(board.get(), chambers.size());
        }
        root.rejectUnknownKeys();
        if (watchdogMs < 2000.0 / rate) {
            throw new ConfigException(file, 0, "limits.watchdog_ms " + YamlSection.fmt(watchdogMs)
                    + " is shorter than two ticks at loop.rate_hz " + rate);
        }
        return new UnitConfig(file, id, name, rate, realtime, chambers, max, inflated, inflatedLimit, sessionMin * 60,
                watchdogMs / 1000, margin, minDuty, defaultProgram, plant, mqtt, pins, null);
    }

    private static MqttConfig mqtt(YamlSection s, Path file, MqttConfig d) throws ConfigException {
        String url = s.text("url", null);
        if (url != null && MqttConfig.checkUrl(url) != null) {
            throw s.error("url", MqttConfig.checkUrl(url));
        }
        String user = s.text("user", null);
        Path passwordFile = s.has("password_file") ? resolve(file, s.text("password_file")) : null;
        Path caFile = s.has("ca_file") ? resolve(file, s.text("ca_file")) : null;
        if (url == null && (user != null || passwordFile != null || caFile != null)) {
            throw s.error(user != null ? "user" : passwordFile != null ? "password_file" : "ca_file",
                    "is for an external broker: set mqtt.url too (without it the unit runs its own broker)");
        }
        String listen = s.text("listen", d.listenHost() + ":" + d.listenPort());
        int colon = listen.lastIndexOf(':');
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(listen.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw s.error("listen", "'" + listen + "' is not HOST:PORT (e.g. 127.0.0.1:1883, or 0.0.0.0:1883 for the"
                    + " whole network, which needs a password)");
        }
        int ws = s.integer("websocket_port", 0, 65535, d.websocketPort());
        int web = "off".equals(s.text("web_port", "")) ? 0 : s.integer("web_port", 0, 65535, d.webPort());
        if (web != 0 && ws == 0) {
            throw s.error("web_port", "the phone's page talks to the broker over WebSocket: set mqtt.websocket_port"
                    + " too (e.g. 9001), or web_port: off");
        }
        if (web != 0 && (web == ws || web == port)) {
            throw s.error("web_port", web + " is already the broker's port: pick another (e.g. 8080)");
        }
        String prefix = s.text("discovery_prefix", d.discoveryPrefix());
        if (!prefix.matches("[A-Za-z0-9_-]{1,64}")) {
            throw s.error("discovery_prefix", "'" + prefix + "' must be one topic level of letters, digits, '-', '_'");
        }
        Path stateDir = s.has("state_dir") ? resolve(file, s.text("state_dir")) : d.stateDir();
        int interval = s.integer("state_interval_ms", 100, 60_000, d.stateIntervalMs());
        String require = s.text("require_password", Boolean.toString(d.requirePassword()));
        if (!require.equals("true") && !require.equals("false")) {
            throw s.error("require_password", "'" + require + "' is not true or false");
        }
        s.rejectUnknownKeys();
        return new MqttConfig(url, user, passwordFile, caFile, listen.substring(0, colon), port, ws, web, prefix, stateDir,
                interval, Boolean.parseBoolean(require));
    }

    /** The Raspberry Pi's wiring: the standard one of hardware/README.md, changed key by key. */
    private static PinMap board(YamlSection s, int chambers) throws ConfigException {
        PinMap d = PinMap.standard(Math.min(chambers, PinMap.MAX_CHAMBERS));
        String address = s.text("adc_address", "0x" + Integer.toHexString(d.adcAddress()));
        int adcAddress;
        try {
            adcAddress = Integer.decode(address);
        } catch (NumberFormatException e) {
            throw s.error("adc_address", "'" + address + "' is not an I2C address (e.g. 0x48)");
        }
        String chip = s.text("pwm_chip", "auto");
        int pwmChip;
        try {
            pwmChip = chip.equals("auto") ? -1 : Integer.parseInt(chip);
        } catch (NumberFormatException e) {
            pwmChip = -2;
        }
        if (pwmChip < -1 || pwmChip > 63) {
            throw s.error("pwm_chip", "'" + chip + "' is not auto or a chip number (the N of /sys/class/pwm/pwmchipN)");
        }
        PinMap map = new PinMap(
                s.integer("pwm_hz", 100, 50_000, d.pwmHz()),
                s.integer("motor_gpio", 0, 63, d.motorGpio()),
                s.integer("pump_gpio", 0, 63, d.pumpGpio()),
                s.integers("inlet_gpio", 0, 63, d.inletGpio()),
                s.integers("exhaust_gpio", 0, 63, d.exhaustGpio()),
                s.integer("vent_gpio", 0, 63, d.ventGpio()),
                s.integer("button_gpio", 0, 63, d.buttonGpio()),
                s.integer("estop_gpio", 0, 63, d.estopGpio()),
                s.integer("light_gpio", 0, 63, d.lightGpio()),
                s.integer("fault_light_gpio", 0, 63, d.faultLightGpio()),
                s.integer("heartbeat_gpio", 0, 63, d.heartbeatGpio()),
                s.integer("i2c_bus", 0, 22, d.i2cBus()),
                adcAddress,
                s.integers("sensor_inputs", 0, 7, d.sensorInputs()),
                s.integer("manifold_input", 0, 7, d.manifoldInput()),
                s.number("sensor_supply_v", 4.5, 5.5, d.sensorSupplyV()),
                s.number("sensor_divider", 0.1, 1, d.sensorDivider()),
                pwmChip,
                s.integer("debounce_ms", 5, 500, d.debounceMs()));
        s.rejectUnknownKeys();
        var problem = PinRules.check(map, chambers);
        if (problem.isPresent()) {
            throw s.error(problem.get().key(), problem.get().message());
        }
        return map;
    }

    private static Path resolve(Path configFile, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || configFile.getParent() == null ? p : configFile.getParent().resolve(p);
    }

    private static PlantParameters simulator(YamlSection s, int chambers, PlantParameters d) throws ConfigException {
        double[] size = s.numbers("chamber_size", 0.2, 5);
        if (size.length == 0) {
            size = d.complianceScale();
        } else if (size.length != chambers) {
            throw s.error("chamber_size", size.length + " sizes for " + chambers + " chambers");
        }
        PlantParameters p = new PlantParameters(chambers,
                s.number("pump_free_flow_ml_s", 5, 2000, d.pumpFreeFlow()),
                s.number("pump_max_mmhg", 50, 2000, d.pumpMaxMmHg()),
                s.number("manifold_compliance_ml_per_mmhg", 0.01, 10, d.manifoldCompliance()),
                s.number("chamber_compliance_ml_per_mmhg", 0.5, 200, d.chamberCompliance()),
                s.number("chamber_stiffen_mmhg", 1, 500, d.chamberStiffenMmHg()),
                size,
                s.number("inlet_k", 0.1, 200, d.inletK()),
                s.number("exhaust_k", 0.1, 200, d.exhaustK()),
                s.number("main_vent_k", 0.1, 200, d.mainVentK()),
                s.number("leak_k", 0, 50, d.leakK()),
                s.number("relief_mmhg", 20, 500, d.reliefMmHg()),
                s.number("relief_k", 0, 500, d.reliefK()),
                s.number("pressure_switch_mmhg", 0, 500, d.switchMmHg()),
                s.number("laminar_mmhg", 0.1, 20, d.laminarMmHg()),
                s.number("sensor_noise_mmhg", 0, 10, d.sensorNoiseMmHg()),
                s.number("sensor_resolution_mmhg", 0, 5, d.sensorResolutionMmHg()),
                s.number("motor_time_constant_s", 0.01, 5, d.motorTimeConstant()),
                s.number("motor_start_duty", 0, 0.95, d.motorStartDuty()),
                s.number("step_ms", 0.05, 5, d.stepSeconds() * 1000) / 1000,
                s.longInteger("seed", d.seed()));
        s.rejectUnknownKeys();
        return p;
    }
}
