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
            rate too high       | loop:\\n  rate_hz: 100000\\ncuff:\\n  chambers: [a]\\n   | 2 | outside 10 to 2000
            sizes mismatch      | cuff:\\n  chambers: [a, b]\\nsimulator:\\n  chamber_size: [1]\\n | 4 | 1 sizes for 2 chambers
            unknown section     | cuff:\\n  chambers: [a]\\nmqtt2:\\n  url: x\\n            | 3 | unknown key 'mqtt2'
            typo in limit       | cuff:\\n  chambers: [a]\\nlimits:\\n  max_mmHg: 50\\n     | 4 | unknown key 'limits.max_mmHg'
            """)
    void aBrokenUnitConfigurationIsRejectedWithItsLine(String why, String text, int line, String words) throws Exception {
        Path f = dir.resolve("quietlegs.yaml");
        Files.writeString(f, text.replace("\\n", "\n"));
        assertThatThrownBy(() -> UnitConfigLoader.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":" + line + ": ")
                .hasMessageContaining(words);
    }

    @Test
    void aMissingFileIsAOneLineError() {
        Path f = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> UnitConfigLoader.load(f)).hasMessageStartingWith(f + ": cannot be read");
    }
}
