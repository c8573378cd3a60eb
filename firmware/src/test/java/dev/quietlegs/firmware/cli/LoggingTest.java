package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggingTest {

    @Test
    void placeholdersTakeTheSystemPropertyOrTheirDefault() {
        System.setProperty("quietlegs.test.dir", "/var/log/quietlegs");
        try {
            assertThat(Logging.resolve("#{quietlegs.test.dir:logs}/q-{count}.log")).isEqualTo("/var/log/quietlegs/q-{count}.log");
            assertThat(Logging.resolve("#{quietlegs.test.absent:logs}/q.log")).isEqualTo("logs/q.log");
            assertThat(Logging.resolve("{date: HH:mm:ss} {message}")).isEqualTo("{date: HH:mm:ss} {message}");
        } finally {
            System.clearProperty("quietlegs.test.dir");
        }
    }
}
