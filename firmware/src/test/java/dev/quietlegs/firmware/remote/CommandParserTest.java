package dev.quietlegs.firmware.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.control.Command;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandParserTest {

    private final CommandParser parser = new CommandParser("repeat");

    private CommandParser.Parsed parse(String name, String payload) {
        return parser.parse(name, payload.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void plainPayloadsBecomeCommands() {
        assertThat(parse("start", "evening").command()).isEqualTo(Command.start("evening", "mqtt"));
        assertThat(parse("start", "").command()).isEqualTo(Command.start(null, "mqtt"));
        assertThat(parse("start", "PRESS").command()).isEqualTo(Command.start(null, "mqtt"));
        assertThat(parse("repeat", "PRESS").command()).isEqualTo(Command.start("repeat", "mqtt"));
        assertThat(parse("stop", "").command().kind()).isEqualTo(Command.Kind.STOP);
        assertThat(parse("pause", "x").command().kind()).isEqualTo(Command.Kind.PAUSE);
        assertThat(parse("resume", "").command().kind()).isEqualTo(Command.Kind.RESUME);
        assertThat(parse("clear-fault", "").command().kind()).isEqualTo(Command.Kind.CLEAR_FAULT);
        assertThat(parse("vibration", "0").command()).isEqualTo(Command.level(Command.Kind.VIBRATION, 0, "mqtt"));
        assertThat(parse("vibration", " 7.0 ").command()).isEqualTo(Command.level(Command.Kind.VIBRATION, 7, "mqtt"));
        assertThat(parse("intensity", "10").command()).isEqualTo(Command.level(Command.Kind.INTENSITY, 10, "mqtt"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            vibration | 11    | is not a whole level 0 to 10
            vibration | -1    | is not a whole level 0 to 10
            vibration | 2.5   | is not a whole level 0 to 10
            vibration | loud  | 'loud' is not a level 0 to 10
            vibration | NaN   | 'NaN' is not a level 0 to 10
            intensity | 0     | is not a whole level 1 to 10
            start     | Even Ing | is not a program name
            dance     | now   | unknown command (known: start, stop
            """)
    void badPayloadsAreRefusedWithAReason(String name, String payload, String reason) {
        CommandParser.Parsed p = parse(name, payload);
        assertThat(p.command()).isNull();
        assertThat(p.error()).contains(reason);
    }

    @Test
    void retainedOversizedAndNonTextPayloadsAreRefused() {
        assertThat(parser.parse("stop", new byte[0], true).error()).contains("retained commands are never acted on");
        assertThat(parser.parse("start", new byte[257], false).error()).contains("257 bytes is over 256");
        assertThat(parser.parse("start", new byte[] {(byte) 0xff, (byte) 0xfe}, false).error()).contains("not UTF-8");
    }
}
