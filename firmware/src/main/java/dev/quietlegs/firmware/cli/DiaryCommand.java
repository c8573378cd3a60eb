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
