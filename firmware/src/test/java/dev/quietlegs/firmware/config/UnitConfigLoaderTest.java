package dev.quietlegs.firmware.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theShippedConfigurationLoads() {
        UnitConfig u = ShippedConfig.unit();
        assertThat(u.deviceId()).isEqualTo("bedside");
        assertThat(u.loopRateHz()).isEqualTo(100);
        assertThat(u.chamberNames()).containsExactly("ankle", "calf", "thigh");
        assertThat(u.maxMmHg()).isLessThanOrEqualTo(UnitConfig.CEILING_MMHG);
        assertThat(u.plant().chambers()).isEqualTo(3);
        assertThat(u.defaultProgram()).isEqualTo("evening");
    }

    @Test
    void thePhonesPageIsServedByDefaultConfigurationAndOffTurnsItOff() throws Exception {
        assertThat(ShippedConfig.unit().mqtt().webPort()).isEqualTo(8080);
        assertThat(ShippedConfig.unit().mqtt().websocketPort()).isEqualTo(9001);
        Path f = dir.resolve("quietlegs.yaml");
        Files.writeString(f, "cuff:\n  chambers: [a]\nmqtt:\n  websocket_port: 9001\n  web_port: off\n");
        assertThat(UnitConfigLoader.load(f).mqtt().webPort()).isZero();
        Files.writeString(f, "cuff:\n  chambers: [a]\nmqtt:\n  websocket_port: 9001\n  web_port: 0\n");
        assertThat(UnitConfigLoader.load(f).mqtt().webPort()).isZero();
        Files.writeString(f, "cuff:\n  chambers: [a]\nmqtt:\n  websocket_port: 9001\n  web_port: 8081\n");
        assertThat(UnitConfigLoader.load(f).mqtt().webPort()).isEqualTo(8081);
        Files.writeString(f, "cuff:\n  chambers: [a]\n");
        assertThat(UnitConfigLoader.load(f).mqtt().webPort()).isZero(); // without a configuration file's say, none
    }

    @Test
    void onlyTheChambersAreRequired() throws Exception {
        Path f = dir.resolve("quietlegs.yaml");
        Files.writeString(f, "cuff:\n  chambers: [foot]\n");
        UnitConfig u = UnitConfigLoader.load(f);
        assertThat(u.chambers()).isEqualTo(1);
        assertThat(u.maxMmHg()).isEqualTo(UnitConfig.CEILING_MMHG);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ceiling raised      | cuff:\\n  chambers: [a]\\nlimits:\\n  max_mmhg: 120\\n     | 4 | never raise
            device id with /    | device:\\n  id: bed/side\\ncuff:\\n  chambers: [a]\\n    | 2 | no '/'
            device id with +    | device:\\n  id: bed+\\ncuff:\\n  chambers: [a]\\n       | 2 | letters, digits
            chamber twice       | cuff:\\n  chambers: [a, a]\\n                              | 2 | listed twice
            no chambers         | cuff:\\n  chambers: []\\n                                | 2 | 1 to 8 chambers
            no cuff             | loop:\\n  rate_hz: 100\\n                                | 1 | missing key 'cuff'
            rate too high       | loop:\\n  rate_hz: 100000\\ncuff:\\n  chambers: [a]\\n   | 2 | outside 20 to 2000
            sizes mismatch      | cuff:\\n  chambers: [a, b]\\nsimulator:\\n  chamber_size: [1]\\n | 4 | 1 sizes for 2 chambers
            unknown section     | cuff:\\n  chambers: [a]\\nmqtt2:\\n  url: x\\n            | 3 | unknown key 'mqtt2'
            typo in limit       | cuff:\\n  chambers: [a]\\nlimits:\\n  max_mmHg: 50\\n     | 4 | unknown key 'limits.max_mmHg' (did you mean 'max_mmhg'?)
            typo in required    | cuff:\\n  chambres: [a]\\n                              | 2 | unknown key 'cuff.chambres' (did you mean 'chambers'?)
            typo in section     | loop:\\n  rate_hz: 100\\ncuf:\\n  chambers: [a]\\n       | 3 | unknown key 'cuf' (did you mean 'cuff'?)
            typo in mqtt        | cuff:\\n  chambers: [a]\\nmqtt:\\n  lisen: 127.0.0.1:1883\\n | 4 | unknown key 'mqtt.lisen' (did you mean 'listen'?)
            page without ws     | cuff:\\n  chambers: [a]\\nmqtt:\\n  web_port: 8080\\n     | 4 | mqtt.web_port: the phone's page talks to the broker over WebSocket: set mqtt.websocket_port too
            page port a word    | cuff:\\n  chambers: [a]\\nmqtt:\\n  websocket_port: 9001\\n  web_port: eighty\\n | 5 | is not a whole number
            page port too high  | cuff:\\n  chambers: [a]\\nmqtt:\\n  websocket_port: 9001\\n  web_port: 70000\\n | 5 | outside 0 to 65535
            page on the ws port | cuff:\\n  chambers: [a]\\nmqtt:\\n  websocket_port: 9001\\n  web_port: 9001\\n | 5 | 9001 is already the broker's port
            page on mqtt port   | cuff:\\n  chambers: [a]\\nmqtt:\\n  websocket_port: 9001\\n  web_port: 1883\\n | 5 | 1883 is already the broker's port
            """)
    void aBrokenUnitConfigurationIsRejectedWithItsLine(String why, String text, int line, String words) throws Exception {
        Path f = dir.resolve("quietlegs.yaml");
        Files.writeString(f, text.replace("\\n", "\n"));
        assertThatThrownBy(() -> UnitConfigLoader.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":" + line + ": ")
                .hasMessageContaining(words);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            pin used twice      | board:\\n  inlet_gpio: [17, 27, 22]\\n  exhaust_gpio: [23, 17, 25]\\n | 5 | board.exhaust_gpio: GPIO 17 is used twice: for chamber 1's inlet and for chamber 2's exhaust
            pwm without channel | board:\\n  pump_gpio: 20\\n         | 4 | board.pump_gpio: GPIO 20 has no hardware PWM channel
            pwm shared channel  | board:\\n  motor_gpio: 12\\n  pump_gpio: 18\\n | 5 | board.pump_gpio: GPIO 18 and the motor's GPIO 12 are the same PWM channel
            missing sensor      | board:\\n  sensor_inputs: [0, 1]\\n | 4 | board.sensor_inputs: the cuff has 3 chambers but 2 are listed: chamber 3 has no pressure sensor
            i2c pin as valve    | board:\\n  vent_gpio: 3\\n          | 4 | board.vent_gpio: GPIO 3 is used twice: for I2C bus 1's SCL and for the main vent
            bad address         | board:\\n  adc_address: 72x\\n      | 4 | board.adc_address: '72x' is not an I2C address
            unknown board key   | board:\\n  pump_pin: 19\\n          | 4 | unknown key 'board.pump_pin'
            """)
    void aWrongPinMapIsRejectedWithItsLine(String why, String board, int line, String words) throws Exception {
        Path f = dir.resolve("quietlegs.yaml");
        Files.writeString(f, "cuff:\n  chambers: [ankle, calf, thigh]\n" + board.replace("\\n", "\n"));
        assertThatThrownBy(() -> UnitConfigLoader.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":" + line + ": ")
                .hasMessageContaining(words);
    }

    @Test
    void thePinMapDefaultsToTheStandardWiringAndTakesHexAddresses() throws Exception {
        assertThat(ShippedConfig.unit().pinMap()).isEqualTo(dev.quietlegs.hardware.wiring.PinMap.standard(3));
        Path f = dir.resolve("quietlegs.yaml");
        Files.writeString(f, "cuff:\n  chambers: [calf, thigh]\nboard:\n  adc_address: 0x49\n  pwm_chip: 2\n");
        var map = UnitConfigLoader.load(f).pinMap();
        assertThat(map.inletGpio()).containsExactly(17, 27);
        assertThat(map.adcAddress()).isEqualTo(0x49);
        assertThat(map.pwmChip()).isEqualTo(2);
        Files.writeString(f, "cuff:\n  chambers: [a, b, c, d]\n");
        assertThat(UnitConfigLoader.load(f).pinMap()).as("no standard wiring for 4 chambers").isNull();
    }

    @Test
    void aMissingFileIsAOneLineError() {
        Path f = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> UnitConfigLoader.load(f)).hasMessageStartingWith(f + ": cannot be read");
    }
}
