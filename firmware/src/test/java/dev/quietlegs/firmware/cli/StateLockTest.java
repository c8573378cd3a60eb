package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock of a state directory within one process (two processes: {@link RunConsoleTest}). */
class StateLockTest {

    @TempDir
    Path tmp;

    @Test
    void aStateDirectoryIsMadeOwnerOnlyAndHeldUntilLetGo() throws Exception {
        Path state = tmp.resolve("state");
        long pid = ProcessHandle.current().pid();
        try (StateLock held = StateLock.take(state)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
            assertThat(Files.readString(state.resolve(StateLock.FILE))).isEqualTo(pid + "\n");
            assertThatThrownBy(() -> StateLock.take(state)).isInstanceOf(StartFailure.class)
                    .hasMessage("another QuietLegs unit is running with state directory " + state + " (pid " + pid
                            + "); stop it first");
            // the refused attempt left the holder's pid in place
            assertThat(Files.readString(state.resolve(StateLock.FILE))).isEqualTo(pid + "\n");
        }
        try (StateLock again = StateLock.take(state)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aStateDirectoryThatCannotBeMadeIsOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> StateLock.take(file.resolve("state"))).isInstanceOf(StartFailure.class)
                .hasMessageStartingWith("cannot lock the state directory " + file.resolve("state"));
    }
}
