package dev.quietlegs.firmware.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store: owner-only files, what survives, the clock's correction, erasing. */
class JournalTest {

    @TempDir
    Path dir;

    private static SessionRecord session(Instant at, Boolean synced, String boot, long mono) {
        return new SessionRecord(0, at, synced, boot, mono, "evening", 1200, 0, 0, 0, SessionRecord.Outcome.IN_PROGRESS,
                null, null, null, "not-run", 6, 5);
    }

    @Test
    void theDirectoryAndEveryFileOfTheDatabaseAreTheOwnersAlone() throws Exception {
        Path state = dir.resolve("state");
        FakeTimebase time = new FakeTimebase(Instant.parse("2026-11-03T21:00:00Z"), true);
        try (Journal j = Journal.open(state, time)) {
            j.insert(session(time.now(), true, "b", 0));
            j.add(DiaryEntry.parse(new String[] {"before", "6"}));
            assertThat(Files.getPosixFilePermissions(state)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            try (var files = Files.list(state)) {
                assertThat(files.map(p -> p.getFileName().toString())).contains("journal.db", "journal.db-wal");
            }
            try (var files = Files.list(state)) {
                files.forEach(f -> {
                    try {
                        assertThat(Files.getPosixFilePermissions(f)).as(f.toString())
                                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                });
            }
        }
    }

    @Test
    void aDiaryEntryIsStampedWithTheTimeAndWhetherTheClockWasSynchronised() {
        FakeTimebase time = new FakeTimebase(Instant.parse("2026-11-04T07:10:00Z"), null);
        try (Journal j = Journal.open(dir, time)) {
            DiaryEntry e = j.add(DiaryEntry.parse(new String[] {"morning", "sleep=7", "falling=3", "night=2", "onset=21:30"}));
            assertThat(e.at()).isEqualTo(Instant.parse("2026-11-04T07:10:00Z"));
            assertThat(j.diary()).singleElement().satisfies(d -> {
                assertThat(d.clockSynced()).isNull();
                assertThat(d.sleep()).isEqualTo(7);
                assertThat(d.onset()).hasToString("21:30");
            });
        }
    }

    /**
     * The Pi boots with yesterday's saved time (fake-hwclock) and no network: a session started then
     * is stamped with that wrong time, unsynchronised. Once the network time comes, the entries of
     * this boot are moved by their monotonic time, and the session lands on its real night.
     */
    @Test
    void entriesMadeBeforeTheClockWasSynchronisedAreMovedToTheRightTimeWhenItIs() {
        FakeTimebase time = new FakeTimebase(Instant.parse("2026-11-01T09:00:00Z"), false); // 2 days behind
        time.mono = 30_000_000_000L; // 30 s after boot
        try (Journal j = Journal.open(dir, time)) {
            j.insert(session(time.now(), false, time.boot(), time.mono));
            j.add(DiaryEntry.parse(new String[] {"before", "7"}));
            assertThat(j.sessions().get(0).startedAt()).isEqualTo(Instant.parse("2026-11-01T09:00:30Z"));
            // 10 minutes later the network time is known: it is really 2026-11-03 21:10:30 now
            time.mono += 600_000_000_000L;
            time.wallAtZero = Instant.parse("2026-11-03T21:10:30Z").minusNanos(time.mono);
            time.synced = true;
            j.insert(session(time.now(), true, time.boot(), time.mono)); // any write reconciles
            SessionRecord fixed = j.sessions().get(0);
            assertThat(fixed.startedAt()).isEqualTo(Instant.parse("2026-11-03T21:00:30Z"));
            assertThat(fixed.clockSynced()).isTrue();
            assertThat(j.diary().get(0).at()).isEqualTo(Instant.parse("2026-11-03T21:00:30Z"));
            assertThat(Adherence.night(fixed.startedAt(), ZoneId.of("UTC"))).isEqualTo(LocalDate.of(2026, 11, 3));
        }
        // an entry of an earlier boot cannot be placed: it stays marked as unsynchronised
        FakeTimebase next = new FakeTimebase(Instant.parse("2026-11-04T21:00:00Z"), false);
        next.boot = "boot-2";
        try (Journal j = Journal.open(dir, next)) {
            j.insert(session(next.now(), false, next.boot(), 0));
        }
        next.boot = "boot-3";
        next.synced = true;
        try (Journal j = Journal.open(dir, next)) {
            assertThat(j.sessions()).filteredOn(s -> "boot-2".equals(s.boot())).singleElement()
                    .satisfies(s -> assertThat(s.clockSynced()).isFalse());
        }
    }

    @Test
    void eraseLeavesNothingAndTheJournalWorksOn() {
        FakeTimebase time = new FakeTimebase(Instant.parse("2026-11-03T21:00:00Z"), true);
        try (Journal j = Journal.open(dir, time)) {
            j.insert(session(time.now(), true, "b", 0));
            j.add(DiaryEntry.parse(new String[] {"irls", "18"}));
            assertThat(j.erase()).isEqualTo(2);
            assertThat(j.sessions()).isEmpty();
            assertThat(j.diary()).isEmpty();
            j.add(DiaryEntry.parse(new String[] {"after", "2"}));
            assertThat(j.diary()).hasSize(1);
        }
    }

    @Test
    void aJournalThatCannotBeOpenedSaysWhere() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> Journal.open(file, new FakeTimebase(Instant.EPOCH, true)))
                .isInstanceOf(JournalException.class).hasMessageContaining("not-a-dir");
    }
}
