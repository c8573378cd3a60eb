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
        assertThat(parse("start", "PRESS").command()).isEqualTo(Command.start(null, "mqtt"));
        assertThat(parse("start", " press ").command()).isEqualTo(Command.start(null, "mqtt"));
        assertThat(parse("start", "default").command()).isEqualTo(Command.start(null, "mqtt"));
        assertThat(parse("repeat", "PRESS").command()).isEqualTo(Command.start("repeat", "mqtt"));
        assertThat(parse("stop", "PRESS").command().kind()).isEqualTo(Command.Kind.STOP);
        assertThat(parse("pause", "x").command().kind()).isEqualTo(Command.Kind.PAUSE);
        assertThat(parse("resume", "PRESS").command().kind()).isEqualTo(Command.Kind.RESUME);
        assertThat(parse("clear-fault", "press").command().kind()).isEqualTo(Command.Kind.CLEAR_FAULT);
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

    /** An empty payload is also what clearing a retained command delivers, live: it must start nothing. */
    @ParameterizedTest(name = "{0} \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            start       | ""    | send PRESS for the default program, or a program name
            start       | "  "  | send PRESS for the default program, or a program name
            repeat      | ""    | send PRESS
            resume      | ""    | send PRESS
            clear-fault | ""    | send PRESS
            pause       | ""    | send PRESS (stop accepts an empty payload)
            vibration   | ""    | send a whole level 0 to 10
            intensity   | ""    | send a whole level 1 to 10
            """)
    void anEmptyPayloadIsNotACommand(String name, String payload, String hint) {
        CommandParser.Parsed p = parse(name, payload == null ? "" : payload);
        assertThat(p.command()).isNull();
        assertThat(p.name()).isEqualTo(name);
        assertThat(p.error()).startsWith("an empty payload is not a command").endsWith(hint);
    }

    @Test
    void anEmptyPayloadMadeOfControlCharactersOrNothingAtAllIsNoCommandEither() {
        for (String name : new String[] {"start", "repeat", "resume", "clear-fault", "pause"}) {
            assertThat(parser.parse(name, new byte[0], false).command()).as(name).isNull();
            assertThat(parse(name, "\n\t\u0000").command()).as(name).isNull();
        }
    }

    @Test
    void stopIsTheOneCommandAnEmptyPayloadStillCarriesOut() {
        // The phone's way out: never refused for what a phone app happens to send.
        assertThat(parser.parse("stop", new byte[0], false).command()).isEqualTo(Command.of(Command.Kind.STOP, "mqtt"));
        assertThat(parse("stop", "anything").command()).isEqualTo(Command.of(Command.Kind.STOP, "mqtt"));
    }

    @Test
    void aRedeliveredCopyOfACommandThatStartsSomethingIsRefusedAndStopIsNot() {
        byte[] press = "PRESS".getBytes(StandardCharsets.UTF_8);
        for (String name : new String[] {"start", "repeat", "resume", "clear-fault"}) {
            CommandParser.Parsed p = parser.parse(name, press, false, true);
            assertThat(p.command()).as(name).isNull();
            assertThat(p.error()).as(name).contains("redelivered copy (DUP flag)");
            assertThat(parser.parse(name, press, false, false).command()).as(name).isNotNull();
        }
        assertThat(parser.parse("stop", press, false, true).command()).isEqualTo(Command.of(Command.Kind.STOP, "mqtt"));
        assertThat(parser.parse("pause", press, false, true).command().kind()).isEqualTo(Command.Kind.PAUSE);
        assertThat(parser.parse("vibration", "3".getBytes(StandardCharsets.UTF_8), false, true).command())
                .isEqualTo(Command.level(Command.Kind.VIBRATION, 3, "mqtt"));
    }

    @Test
    void retainedOversizedAndNonTextPayloadsAreRefused() {
        assertThat(parser.parse("stop", new byte[0], true).error()).contains("retained commands are never acted on");
        assertThat(parser.parse("start", new byte[257], false).error()).contains("257 bytes is over 256");
        assertThat(parser.parse("start", new byte[] {(byte) 0xff, (byte) 0xfe}, false).error()).contains("not UTF-8");
    }
}
