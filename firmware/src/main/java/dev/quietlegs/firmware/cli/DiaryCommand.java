package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.journal.DiaryEntry;
import dev.quietlegs.firmware.journal.Journal;
import dev.quietlegs.firmware.journal.JournalException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code diary [--state-dir DIR] [--at TIME] before 6 | after 2 | morning sleep=7 falling=3 night=2
 * [onset=21:30] | irls 18}: an entry into the journal, also while the unit runs.
 */
final class DiaryCommand {

    static final String SUMMARY = "a diary entry: the legs before or after a session, the night, an IRLS total";

    static final String HELP = """
            usage: quietlegs diary [--state-dir DIR] [--config DIR] [--at TIME] ENTRY

            Notes one diary entry in the journal (the state directory's journal.db). ENTRY is one of:
              before R                 how restless the legs are now, before a session (0-10)
              after R                  the same, after a session (0-10)
              morning sleep=S falling=F night=N [onset=HH:MM]
                                       how well you slept, how bad the legs were falling asleep and
                                       during the night (0-10 each), when the symptoms began last evening
              irls TOTAL               an IRLS total (0-40) scored with your clinician

              --state-dir DIR   the journal's directory (default: the configuration's state directory)
              --config DIR      the configuration directory
              --at TIME         when, e.g. 2026-11-03T21:30 (default: now)
            """;

    private DiaryCommand() {
    }

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException {
        Set<String> valued = Set.of("--state-dir", "--config", "--at");
        List<String> options = new ArrayList<>();
        String[] words = JournalCommand.words(argv, 1, valued, options);
        Args a = Args.parse("diary", options.toArray(String[]::new), 0, Set.of(), valued);
        DiaryEntry entry;
        try {
            entry = DiaryEntry.parse(words);
        } catch (IllegalArgumentException e) {
            throw new UsageException("diary: " + e.getMessage());
        }
        Instant at = JournalCommand.at(a.value("--at"));
        if (at != null) {
            entry = entry.at(at, true); // a time given by a person is taken as right
        }
        try (Journal j = JournalCommand.open(a)) {
            DiaryEntry noted = j.add(entry);
            out.println("noted: " + noted.describe() + " (" + noted.at() + ")");
        } catch (JournalException e) {
            throw new UsageException(e.getMessage());
        }
        return 0;
    }
}
