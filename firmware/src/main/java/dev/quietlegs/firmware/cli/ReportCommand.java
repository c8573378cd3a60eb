package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.journal.Adherence;
import dev.quietlegs.firmware.journal.Csv;
import dev.quietlegs.firmware.journal.Journal;
import dev.quietlegs.firmware.journal.Report;
import dev.quietlegs.firmware.journal.SessionRecord;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * {@code report [--state-dir DIR] [--days N] [--csv FILE] [--out FILE] [--target-minutes N] [--at TIME]}:
 * the one-page HTML report for a clinician, and the data as CSV.
 */
final class ReportCommand {

    static final String SUMMARY = "the one-page report for a clinician: adherence, minutes, ratings, IRLS";

    static final String HELP = """
            usage: quietlegs report [--state-dir DIR] [--config DIR] [--days N] [--out FILE] [--csv FILE]
                                    [--target-minutes N] [--at TIME]

            A one-page HTML report (self-contained, readable in black and white; print it to PDF from a
            browser) of the last N nights (default 42): an adherence calendar, minutes per night, the
            ratings over time, IRLS totals, and when the symptoms began.

              --out FILE            the page (default quietlegs-report.html), owner-only
              --csv FILE            also the sessions and diary as CSV
              --target-minutes N    a night meets the target with N minutes (default: one whole program)
              --at TIME             the report as of TIME (default: now)
            """;

    private ReportCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException {
        Args a = Args.parse("report", argv, 1, Set.of(), Set.of("--state-dir", "--config", "--days", "--csv", "--out",
                "--target-minutes", "--at"));
        int days = a.integer("--days", 1, 366, 42);
        Adherence.Target target = a.value("--target-minutes") == null ? Adherence.Target.WHOLE_PROGRAM
                : new Adherence.Target((double) a.integer("--target-minutes", 1, 600, 0));
        Instant at = JournalCommand.at(a.value("--at"));
        Instant now = at != null ? at : Instant.now();
        ZoneId zone = ZoneId.systemDefault();
        String file = a.value("--out") != null ? a.value("--out") : "quietlegs-report.html";
        try (Journal j = JournalCommand.open(a)) {
            List<SessionRecord> sessions = j.sessions();
            var diary = j.diary();
            Adherence.Stats stats = Adherence.stats(sessions, diary, target, now, zone);
            String made = LocalDateTime.ofInstant(now, zone).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
            JournalCommand.write(file, Report.html(stats, sessions, days, zone, made), out);
            out.println("report of " + days + " nights written to " + file);
            if (a.value("--csv") != null) {
                JournalCommand.write(a.value("--csv"), Csv.csv(sessions, diary, zone), out);
                out.println("sessions and diary written to " + a.value("--csv"));
            }
        }
        return 0;
    }
}
