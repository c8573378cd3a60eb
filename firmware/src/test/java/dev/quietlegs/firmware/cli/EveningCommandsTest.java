package dev.quietlegs.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.journal.Journal;
import dev.quietlegs.firmware.journal.SessionRecord;
import dev.quietlegs.firmware.journal.Timebase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate --state-dir, diary, report and journal, as a person types them. */
class EveningCommandsTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... argv) {
        out.reset();
        err.reset();
        String[] withConfig = new String[argv.length + 2];
        System.arraycopy(argv, 0, withConfig, 0, argv.length);
        withConfig[argv.length] = "--config";
        withConfig[argv.length + 1] = ShippedConfig.dir().toString();
        return Main.run(withConfig, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String state() {
        return dir.resolve("state").toString();
    }

    @Test
    void aSimulatedEveningIsJournalledAtItsTimeAsTheUnitWouldHaveWrittenIt() {
        assertThat(run("simulate", "--program", "vibration", "--state-dir", state(), "--at", "2026-11-03T21:30")).isZero();
        assertThat(out.toString()).contains("journal: session 1 at ", "done, 20.0 min delivered");
        try (Journal j = Journal.open(dir.resolve("state"), Timebase.system())) {
            SessionRecord r = j.sessions().get(0);
            assertThat(LocalDateTime.ofInstant(r.startedAt(), ZoneId.systemDefault()).toString()).startsWith("2026-11-03T21:30");
            assertThat(r.outcome()).isEqualTo(SessionRecord.Outcome.DONE);
            assertThat(r.program()).isEqualTo("vibration");
            assertThat(r.selfTest()).isEqualTo("passed");
            assertThat(r.deliveredS()).isCloseTo(1200.0, org.assertj.core.data.Offset.offset(0.1));
            assertThat(r.clockSynced()).isTrue();
        }
        assertThat(run("simulate", "--at", "2026-11-03T21:30")).isEqualTo(2);
        assertThat(err.toString()).contains("--at goes with --state-dir");
    }

    @Test
    void diaryEntriesAreNotedAndAWrongOneIsRefusedWithTheReasonAndNotesNothing() {
        assertThat(run("diary", "--state-dir", state(), "--at", "2026-11-03T21:25", "before", "6")).isZero();
        assertThat(out.toString()).startsWith("noted: before 6");
        assertThat(run("diary", "--state-dir", state(), "before", "11")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("quietlegs: diary: restless 11 is outside 0-10" + System.lineSeparator());
        assertThat(run("diary", "--state-dir", state(), "--at", "yesterday", "after", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--at 'yesterday' is not a time like 2026-11-03T21:30");
        try (Journal j = Journal.open(dir.resolve("state"), Timebase.system())) {
            assertThat(j.diary()).hasSize(1);
        }
    }

    @Test
    void theReportAndItsDataAreWrittenForTheOwnerOnly() throws Exception {
        run("simulate", "--program", "vibration", "--state-dir", state(), "--at", "2026-11-03T21:30");
        run("diary", "--state-dir", state(), "--at", "2026-11-04T07:30", "morning", "sleep=6", "falling=4", "night=3");
        Path html = dir.resolve("report.html");
        Path csv = dir.resolve("data.csv");
        assertThat(run("report", "--state-dir", state(), "--at", "2026-11-05T10:00", "--days", "7", "--out", html.toString(),
                "--csv", csv.toString())).isZero();
        String page = Files.readString(html);
        // the night of 3 Nov; 4 Nov is tonight (10:00 on 5 Nov), unused, so not shown
        assertThat(page).contains("<svg", "Target met</b> on 1 of 1 nights", "1 done", "<title>2026-11-03: 20 min</title>")
                .doesNotContain("<script", "src=", "href=", "<link");
        assertThat(Files.readAllLines(csv)).hasSize(3).anyMatch(l -> l.startsWith("session,2026-11-03,"))
                .anyMatch(l -> l.startsWith("diary,2026-11-03,") && l.contains(",morning,"));
        assertThat(Files.getPosixFilePermissions(html)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(csv)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void eraseAsksFirstAndExportGivesJson() throws Exception {
        run("diary", "--state-dir", state(), "irls", "18");
        String[] erase = {"journal", "erase", "--state-dir", state(), "--config", ShippedConfig.dir().toString()};
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        out.reset();
        assertThat(JournalCommand.run(erase, o, new ByteArrayInputStream("no\n".getBytes()))).isEqualTo(1);
        assertThat(out.toString()).endsWith("nothing erased" + System.lineSeparator());
        assertThat(run("journal", "export", "--state-dir", state(), "--json")).isZero();
        assertThat(out.toString()).contains("\"entry\":\"irls\"", "\"irls\":18");
        out.reset();
        assertThat(JournalCommand.run(erase, o, new ByteArrayInputStream("yes\n".getBytes()))).isZero();
        assertThat(out.toString()).contains("erased 1 entries");
        assertThat(run("journal", "export", "--state-dir", state())).isZero();
        assertThat(out.toString().strip().lines()).hasSize(1); // the header alone
        assertThat(run("journal", "shred")).isEqualTo(2);
    }
}
