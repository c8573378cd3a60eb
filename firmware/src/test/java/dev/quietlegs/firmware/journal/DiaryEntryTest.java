package dev.quietlegs.firmware.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A diary entry typed, given on the command line, or sent as JSON; each wrong one says what is wrong. */
class DiaryEntryTest {

    @Test
    void theFourEntriesInWords() {
        assertThat(DiaryEntry.parse("before 6".split(" ")).restless()).isEqualTo(6);
        assertThat(DiaryEntry.parse("after restless=0".split(" ")).kind()).isEqualTo(DiaryEntry.Kind.AFTER);
        DiaryEntry m = DiaryEntry.parse("morning sleep=7 falling=3 night=10 onset=9:45".split(" "));
        assertThat(m.sleep()).isEqualTo(7);
        assertThat(m.falling()).isEqualTo(3);
        assertThat(m.night()).isEqualTo(10);
        assertThat(m.onset()).hasToString("09:45");
        assertThat(DiaryEntry.parse("irls 40".split(" ")).irls()).isEqualTo(40);
        assertThat(m.describe()).isEqualTo("morning sleep=7 falling=3 night=10 onset=09:45");
    }

    @Test
    void theSameFromAPhonesJson() {
        DiaryEntry e = DiaryEntry.fromJson("{\"entry\":\"morning\",\"sleep\":7,\"falling\":3.0,\"night\":2,\"onset\":\"21:30\"}");
        assertThat(e.falling()).isEqualTo(3);
        assertThat(e.onset()).hasToString("21:30");
        assertThat(DiaryEntry.fromJson(" { \"entry\" : \"before\" , \"restless\" : 6 } ").restless()).isEqualTo(6);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "before 11|restless 11 is outside 0-10",
        "before|restless is missing",
        "before six|restless 'six' is not a whole number 0-10",
        "irls 41|total 41 is outside 0-40",
        "morning sleep=7 falling=3|night is missing",
        "morning sleep=7 falling=3 night=2 onset=late|onset 'late' is not a time HH:MM",
        "morning sleep=7 falling=3 night=2 mood=5|'mood' is not part of a morning entry",
        "evening 5|unknown diary entry 'evening'",
        "before 5 6|unexpected '6'"})
    void wrongWordsSayWhatIsWrong(String words, String message) {
        assertThatThrownBy(() -> DiaryEntry.parse(words.split(" "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"restless\":6}|\"entry\" is missing",
        "{\"entry\":\"before\",\"restless\":6.5}|restless '6.5' is not a whole number",
        "{\"entry\":\"before\",\"restless\":6,\"restless\":7}|'restless' appears twice",
        "{\"entry\":\"before\",\"restless\":[6]}|a value must be a string, a number or null",
        "{\"entry\":\"before\",\"restless\":6|the object does not end",
        "[6]|expected {",
        "{\"entry\":\"before\",\"restless\":6} x|text after the object",
        "{\"entry\":\"before\",\"value\":6}|'value' is not part of a before entry"})
    void wrongJsonSaysWhatIsWrong(String json, String message) {
        assertThatThrownBy(() -> DiaryEntry.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
