package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.config.ConfigException;
import dev.quietlegs.firmware.journal.Csv;
import dev.quietlegs.firmware.journal.DiaryEntry;
import dev.quietlegs.firmware.journal.Journal;
import dev.quietlegs.firmware.journal.JournalException;
import dev.quietlegs.firmware.journal.Timebase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;

/** {@code journal export [--out FILE] [--json]} and {@code journal erase [--yes]}: the unit's memory of its evenings. */
final class JournalCommand {

    static final String SUMMARY = "every session and diary entry: export them, or erase them all";

    static final String HELP = """
            usage: quietlegs journal export [--state-dir DIR] [--config DIR] [--out FILE] [--json]
                   quietlegs journal erase [--state-dir DIR] [--config DIR] [--yes]

            The journal is health data and stays on the unit. 'export' writes every session and diary
            entry as CSV (or JSON with --json or an --out ending in .json) to FILE, owner-only, or to
            standard output; 'erase' deletes them all (it asks first unless --yes).
            """;

    static int run(String[] argv, PrintStream out) throws UsageException, ConfigException {
        return run(argv, out, System.in);
    }

    private JournalCommand() {
    }

    static int run(String[] argv, PrintStream out, InputStream in) throws UsageException, ConfigException {
        String sub = argv.length > 1 ? argv[1] : "";
        switch (sub) {
            case "export" -> {
                Args a = Args.parse("journal export", argv, 2, Set.of("--json"), Set.of("--state-dir", "--config", "--out"));
                try (Journal j = open(a)) {
                    ZoneId zone = ZoneId.systemDefault();
                    String out2 = a.flag("--json") || (a.value("--out") != null && a.value("--out").endsWith(".json"))
                            ? Csv.json(j.sessions(), j.diary(), zone) + "\n" : Csv.csv(j.sessions(), j.diary(), zone);
                    write(a.value("--out"), out2, out);
                }
                return 0;
            }
            case "erase" -> {
                Args a = Args.parse("journal erase", argv, 2, Set.of("--yes"), Set.of("--state-dir", "--config"));
                try (Journal j = open(a)) {
                    if (!a.flag("--yes")) {
                        out.print("erase every session and diary entry in " + j.file() + "? type yes: ");
                        out.flush();
                        String answer = readLine(in);
                        if (!"yes".equals(answer == null ? null : answer.strip())) {
                            out.println("nothing erased");
                            return 1;
                        }
                    }
                    out.println("erased " + j.erase() + " entries from " + j.file());
                }
                return 0;
            }
            default -> throw new UsageException("journal needs export or erase (journal export [--out FILE] [--json],"
                    + " journal erase [--yes])");
        }
    }

    /** The journal of {@code --state-dir}, else of the configuration's state directory. */
    static Journal open(Args a) throws UsageException, ConfigException {
        Unit unit = Unit.load(a.value("--config"));
        Logging.configure(unit.dir(), false, "warn");
        Path dir = a.value("--state-dir") != null ? Path.of(a.value("--state-dir")) : unit.config().mqtt().stateDir();
        try {
            return Journal.open(dir, Timebase.system());
        } catch (JournalException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The unit's journal for {@code run}, saying in the log what an earlier run left unfinished. */
    static Journal openForRun(Path stateDir, Timebase timebase) throws StartFailure {
        try {
            Journal journal = Journal.open(stateDir, timebase);
            int cut = journal.recoverInterrupted();
            if (cut > 0) {
                org.tinylog.Logger.tag("journal").warn("{} session(s) cut short by a power cut or crash, recorded as"
                        + " interrupted", cut);
            }
            return journal;
        } catch (JournalException e) { // the disk or its permissions: not a typing mistake
            throw new StartFailure(e.getMessage());
        }
    }

    /** A diary entry typed at the unit's console: what was noted, or why not. */
    static String typed(Journal journal, String[] words) {
        try {
            DiaryEntry e = journal.add(DiaryEntry.parse(Arrays.copyOfRange(words, 1, words.length)));
            return "diary: " + e.describe() + " noted";
        } catch (IllegalArgumentException | JournalException e) {
            return "diary: " + e.getMessage();
        }
    }

    /** {@code --at 2026-11-03T21:30} (the unit's local time) or with an offset; {@code null}: now. */
    static Instant at(String text) throws UsageException {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                throw new UsageException("--at '" + text + "' is not a time like 2026-11-03T21:30");
            }
        }
    }

    /** To the file, owner-only (it is health data), or to standard output. */
    static void write(String file, String text, PrintStream out) throws UsageException {
        if (file == null) {
            out.print(text);
            return;
        }
        Path p = Path.of(file);
        try {
            Files.deleteIfExists(p);
            try {
                Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(p);
            }
            Files.writeString(p, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UsageException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String readLine(InputStream in) {
        try {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** The words of an entry among its options: {@code diary --at T before 6 --state-dir D}. */
    static String[] words(String[] argv, int from, Set<String> valued, java.util.List<String> options) {
        java.util.List<String> words = new java.util.ArrayList<>();
        for (int i = from; i < argv.length; i++) {
            if (argv[i].startsWith("--")) {
                options.add(argv[i]);
                if (valued.contains(argv[i]) && i + 1 < argv.length) {
                    options.add(argv[++i]);
                }
            } else {
                words.add(argv[i]);
            }
        }
        return words.toArray(String[]::new);
    }
}
