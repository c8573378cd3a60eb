package dev.quietlegs.firmware.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * One unit per state directory: an OS lock on {@code unit.lock} in it, held for the life of the
 * process. The kernel lets go of it however the process ends (a SIGKILL, a crash), so there is no
 * stale lock to clean up; the file keeps the holder's pid only to say who holds it.
 */
final class StateLock implements AutoCloseable {

    static final String FILE = "unit.lock";

    /**
     * The directories this process holds. POSIX drops every lock a process has on a file when it
     * closes any descriptor of that file, so a second attempt from this process must not open it.
     */
    private static final Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code stateDir} (made owner-only if absent).
     *
     * @throws StartFailure another unit holds it (naming its pid), or the directory cannot be used
     */
    static StateLock take(Path stateDir) throws StartFailure {
        Path file = stateDir.resolve(FILE);
        Path key = stateDir.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            throw busy(stateDir, Long.toString(ProcessHandle.current().pid()));
        }
        FileChannel channel = null;
        try {
            if (!Files.isDirectory(stateDir)) {
                Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                HELD.remove(key);
                throw busy(stateDir, holder);
            }
            // Truncated only now: before the lock it may have been the running unit's pid.
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new StateLock(key, channel, lock);
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(channel);
            HELD.remove(key);
            throw new StartFailure("cannot lock the state directory " + stateDir + " (" + e.getMessage() + ")");
        }
    }

    private static StartFailure busy(Path stateDir, String holder) {
        return new StartFailure("another QuietLegs unit is running with state directory " + stateDir
                + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; stop it first");
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        channel.read(b, 0);
        String text = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
        return text.matches("\\d{1,12}") ? text : "";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing on the way to an error: the error says what matters
            }
        }
    }

    /** Lets go: the next unit may start (the process ending does the same). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel closes below, which releases it too
        }
        closeQuietly(channel);
        HELD.remove(dir);
    }
}
