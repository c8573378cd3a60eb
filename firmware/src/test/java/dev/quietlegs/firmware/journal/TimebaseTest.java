package dev.quietlegs.firmware.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedList;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether the wall clock can be trusted: timesyncd's flag file, else timedatectl, asked at most once a minute. */
class TimebaseTest {

    @TempDir
    Path dir;

    @Test
    void theFlagFileSaysSynchronisedElseTimedatectlIsAskedAtMostOnceAMinuteAndSynchronisedStaysSo() throws Exception {
        Path flag = dir.resolve("synchronized");
        Path boot = Files.writeString(dir.resolve("boot_id"), "6f1c2d\n");
        Deque<Boolean> answers = new LinkedList<>(Arrays.asList(Boolean.FALSE, null, Boolean.TRUE));
        int[] asked = {0};
        long[] mono = {0};
        var t = new Timebase.SystemTimebase(flag, boot, () -> {
            asked[0]++;
            return answers.poll();
        }, () -> mono[0]);
        assertThat(t.boot()).isEqualTo("6f1c2d");
        assertThat(t.synced()).isFalse();
        mono[0] += 30_000_000_000L;
        assertThat(t.synced()).isFalse(); // the same answer within the minute
        assertThat(asked[0]).isEqualTo(1);
        mono[0] += 31_000_000_000L;
        assertThat(t.synced()).isNull(); // cannot be told (no systemd)
        mono[0] += 61_000_000_000L;
        assertThat(t.synced()).isTrue();
        mono[0] += 61_000_000_000L;
        assertThat(t.synced()).isTrue();
        assertThat(asked[0]).isEqualTo(3);

        var fresh = new Timebase.SystemTimebase(flag, dir.resolve("no-boot-id"), () -> {
            throw new AssertionError("not asked when the flag is there");
        }, () -> 0);
        Files.createFile(flag);
        assertThat(fresh.synced()).isTrue();
        assertThat(fresh.boot()).isEqualTo("unknown");
    }
}
