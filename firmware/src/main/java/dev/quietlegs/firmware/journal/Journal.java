package dev.quietlegs.firmware.journal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The unit's memory of its evenings: sessions and diary entries in SQLite, in the state directory
 * ({@code journal.db}, owner-only). Write-ahead logging with full sync: a row committed before a
 * power cut is there after it. A session's row is written when it starts and updated as it goes, so
 * one cut short is found when the unit next starts and marked interrupted with what it had delivered.
 * Safe to use from several threads (one connection, one at a time); never from the control loop.
 */
public final class Journal implements AutoCloseable {

    public static final String FILE = "journal.db";
    private static final int SCHEMA = 1;

    private final Path file;
    private final Connection db;
    private final Timebase time;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private Journal(Path file, Connection db, Timebase time) throws SQLException {
        this.file = file;
        this.db = db;
        this.time = time;
        schema();
        reconcile();
    }

    /**
     * For the unit as it starts (only it: a {@code diary} or {@code report} run beside a live unit must
     * not end its session): a session still in progress was cut short by a power cut or a crash, and
     * is marked interrupted with what it had delivered at its last update. Returns how many.
     */
    public synchronized int recoverInterrupted() {
        try (PreparedStatement s = db.prepareStatement("UPDATE session SET outcome = 'interrupted',"
                + " reason = 'the unit stopped during the session (power cut or crash)' WHERE outcome = 'in-progress'")) {
            int n = s.executeUpdate();
            if (n > 0) {
                changed();
            }
            return n;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Opens (creating if need be) the journal in {@code stateDir}: a new directory 0700, the files 0600. */
    public static Journal open(Path stateDir, Timebase time) {
        Path file = stateDir.resolve(FILE);
        try {
            boolean created = !Files.isDirectory(stateDir);
            Files.createDirectories(stateDir);
            // the file system's views, not the file store's: finding a store reads /proc/mounts, which a
            // chroot may lack ("Mount point not found")
            boolean posix = stateDir.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                if (created) { // a directory someone chose (--state-dir .) keeps its permissions
                    Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
                }
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (FileAlreadyExistsException e) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
            // SQLite gives its -wal and -shm files the database file's permissions.
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
            }
            return new Journal(file, c, time);
        } catch (IOException | SQLException e) {
            throw new JournalException("cannot open the journal " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Called (on the writer's thread) after every change: the stats are published again. */
    public void onChange(Runnable r) {
        listeners.add(r);
    }

    private void schema() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS session (
                      id INTEGER PRIMARY KEY,
                      started_at TEXT NOT NULL, clock_synced INTEGER, boot TEXT, start_mono_ns INTEGER,
                      program TEXT, planned_s REAL, duration_s REAL, delivered_s REAL, pauses INTEGER,
                      outcome TEXT NOT NULL, stopped_by TEXT, fault_code TEXT, reason TEXT, self_test TEXT,
                      vibration INTEGER, intensity INTEGER)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS diary (
                      id INTEGER PRIMARY KEY,
                      at TEXT NOT NULL, clock_synced INTEGER, boot TEXT, mono_ns INTEGER,
                      kind TEXT NOT NULL, restless INTEGER, sleep INTEGER, falling INTEGER, night INTEGER,
                      onset TEXT, irls INTEGER)""");
            s.execute("PRAGMA user_version = " + SCHEMA);
        }
    }

    /**
     * Once the wall clock is synchronised, entries of this boot made before it was are moved to the
     * right time: their monotonic time is exact, so their wall time is now's minus the time since.
     */
    private void reconcile() throws SQLException {
        if (!Boolean.TRUE.equals(time.synced())) {
            return;
        }
        Instant now = time.now();
        long mono = time.monoNanos();
        for (String table : new String[] {"session", "diary"}) {
            String at = table.equals("session") ? "started_at" : "at";
            String monoCol = table.equals("session") ? "start_mono_ns" : "mono_ns";
            List<long[]> fix = new ArrayList<>();
            try (PreparedStatement s = db.prepareStatement("SELECT id, " + monoCol + " FROM " + table
                    + " WHERE clock_synced IS NOT 1 AND boot = ?")) {
                s.setString(1, time.boot());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        fix.add(new long[] {r.getLong(1), r.getLong(2)});
                    }
                }
            }
            try (PreparedStatement u = db.prepareStatement("UPDATE " + table + " SET " + at + " = ?, clock_synced = 1"
                    + " WHERE id = ?")) {
                for (long[] f : fix) {
                    u.setString(1, now.minusNanos(mono - f[1]).toString());
                    u.setLong(2, f[0]);
                    u.executeUpdate();
                }
            }
        }
    }

    /** Writes a new session's row; returns it with its id. */
    public synchronized SessionRecord insert(SessionRecord r) {
        try {
            reconcile();
            try (PreparedStatement s = db.prepareStatement("INSERT INTO session (started_at, clock_synced, boot,"
                    + " start_mono_ns, program, planned_s, duration_s, delivered_s, pauses, outcome, stopped_by,"
                    + " fault_code, reason, self_test, vibration, intensity) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                bind(s, r);
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    keys.next();
                    SessionRecord out = r.withId(keys.getLong(1));
                    changed();
                    return out;
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Updates a session's row as it goes and when it ends (its start time is never rewritten here). */
    public synchronized void update(SessionRecord r) {
        try (PreparedStatement s = db.prepareStatement("UPDATE session SET duration_s = ?, delivered_s = ?, pauses = ?,"
                + " outcome = ?, stopped_by = ?, fault_code = ?, reason = ?, self_test = ?, vibration = ?, intensity = ?"
                + " WHERE id = ?")) {
            s.setDouble(1, r.durationS());
            s.setDouble(2, r.deliveredS());
            s.setInt(3, r.pauses());
            s.setString(4, r.outcome().wire());
            s.setString(5, r.stoppedBy());
            s.setString(6, r.faultCode());
            s.setString(7, r.reason());
            s.setString(8, r.selfTest());
            s.setInt(9, r.vibration());
            s.setInt(10, r.intensity());
            s.setLong(11, r.id());
            s.executeUpdate();
            changed();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void bind(PreparedStatement s, SessionRecord r) throws SQLException {
        s.setString(1, r.startedAt().toString());
        bool(s, 2, r.clockSynced());
        s.setString(3, r.boot());
        s.setLong(4, r.startMonoNanos());
        s.setString(5, r.program());
        s.setDouble(6, r.plannedS());
        s.setDouble(7, r.durationS());
        s.setDouble(8, r.deliveredS());
        s.setInt(9, r.pauses());
        s.setString(10, r.outcome().wire());
        s.setString(11, r.stoppedBy());
        s.setString(12, r.faultCode());
        s.setString(13, r.reason());
        s.setString(14, r.selfTest());
        s.setInt(15, r.vibration());
        s.setInt(16, r.intensity());
    }

    /** Adds a diary entry, stamped now unless it carries its own time (a simulated evening's). */
    public synchronized DiaryEntry add(DiaryEntry e) {
        DiaryEntry stamped = e.at() != null ? e : e.at(time.now(), time.synced());
        try {
            reconcile();
            try (PreparedStatement s = db.prepareStatement("INSERT INTO diary (at, clock_synced, boot, mono_ns, kind,"
                    + " restless, sleep, falling, night, onset, irls) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                s.setString(1, stamped.at().toString());
                bool(s, 2, stamped.clockSynced());
                s.setString(3, e.at() != null ? null : time.boot());
                s.setLong(4, time.monoNanos());
                s.setString(5, stamped.kind().wire());
                integer(s, 6, stamped.restless());
                integer(s, 7, stamped.sleep());
                integer(s, 8, stamped.falling());
                integer(s, 9, stamped.night());
                s.setString(10, stamped.onset() == null ? null : stamped.onset().toString());
                integer(s, 11, stamped.irls());
                s.executeUpdate();
            }
            changed();
            return stamped;
        } catch (SQLException ex) {
            throw failure(ex);
        }
    }

    /** Every session, oldest first. */
    public synchronized List<SessionRecord> sessions() {
        List<SessionRecord> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT id, started_at, clock_synced, boot, start_mono_ns, program, planned_s,"
                     + " duration_s, delivered_s, pauses, outcome, stopped_by, fault_code, reason, self_test, vibration,"
                     + " intensity FROM session ORDER BY started_at, id")) {
            while (r.next()) {
                out.add(new SessionRecord(r.getLong(1), Instant.parse(r.getString(2)), bool(r, 3), r.getString(4),
                        r.getLong(5), r.getString(6), r.getDouble(7), r.getDouble(8), r.getDouble(9), r.getInt(10),
                        SessionRecord.Outcome.fromWire(r.getString(11)), r.getString(12), r.getString(13),
                        r.getString(14), r.getString(15), r.getInt(16), r.getInt(17)));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    /** Every diary entry, oldest first. */
    public synchronized List<DiaryEntry> diary() {
        List<DiaryEntry> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT at, clock_synced, kind, restless, sleep, falling, night, onset, irls"
                     + " FROM diary ORDER BY at, id")) {
            while (r.next()) {
                String onset = r.getString(8);
                out.add(new DiaryEntry(Instant.parse(r.getString(1)), bool(r, 2),
                        DiaryEntry.Kind.valueOf(r.getString(3).toUpperCase(java.util.Locale.ROOT)), integer(r, 4),
                        integer(r, 5), integer(r, 6), integer(r, 7), onset == null ? null : LocalTime.parse(onset),
                        integer(r, 9)));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    /** Deletes every session and diary entry, and the space they took; returns how many rows went. */
    public synchronized int erase() {
        try (Statement s = db.createStatement()) {
            int n = s.executeUpdate("DELETE FROM session") + s.executeUpdate("DELETE FROM diary");
            // The deleted pages would otherwise stay readable in the file until reused.
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            s.execute("VACUUM");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            changed();
            return n;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void changed() {
        for (Runnable r : listeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // a listener's trouble is its own: what was written stays written
            }
        }
    }

    private JournalException failure(SQLException e) {
        return new JournalException("journal " + file + ": " + e.getMessage(), e);
    }

    private static void bool(PreparedStatement s, int i, Boolean b) throws SQLException {
        if (b == null) {
            s.setNull(i, Types.INTEGER);
        } else {
            s.setInt(i, b ? 1 : 0);
        }
    }

    private static Boolean bool(ResultSet r, int i) throws SQLException {
        int v = r.getInt(i);
        return r.wasNull() ? null : v != 0;
    }

    private static void integer(PreparedStatement s, int i, Integer v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.INTEGER);
        } else {
            s.setInt(i, v);
        }
    }

    private static Integer integer(ResultSet r, int i) throws SQLException {
        int v = r.getInt(i);
        return r.wasNull() ? null : v;
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
