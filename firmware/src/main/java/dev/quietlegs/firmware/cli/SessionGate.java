package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.control.Event;
import dev.quietlegs.firmware.therapy.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Keeps a package upgrade from restarting the unit in the middle of a session. While a session
 * runs, or a fault waits to be cleared, the unit keeps the file {@value #SESSION} in its runtime
 * directory (systemd's {@code RuntimeDirectory}, /run/quietlegs). The Debian package's postinst
 * restarts the unit only when that file is absent; otherwise it leaves {@value #RESTART_PENDING}
 * beside it, and when the session ends the unit exits with {@value #RESTART}, which the unit file
 * tells systemd to restart: the new version starts between sessions.
 *
 * <p>An event listener: it runs on the dispatcher's thread, so the loop never waits on the disk.
 */
final class SessionGate implements Consumer<Event> {

    /** The exit code that asks systemd for a restart ({@code RestartForceExitStatus=75}). */
    static final int RESTART = 75;
    static final String SESSION = "session";
    static final String RESTART_PENDING = "restart-pending";

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("unit");
    }

    private final Path dir;
    private final IntConsumer exit;

    SessionGate(Path dir, IntConsumer exit) {
        this.dir = dir;
        this.exit = exit;
    }

    /** The gate in systemd's runtime directory (the first, if several), or null outside systemd. */
    static SessionGate fromEnvironment(Map<String, String> env, IntConsumer exit) {
        String dirs = env.get("RUNTIME_DIRECTORY");
        if (dirs == null || dirs.isBlank()) {
            return null;
        }
        return new SessionGate(Path.of(dirs.split(":")[0]), exit);
    }

    /** A session under way, or a fault a person has yet to see and clear: not a time to restart. */
    static boolean busy(Phase phase) {
        return phase.active() || phase == Phase.FAULT;
    }

    @Override
    public void accept(Event e) {
        if (!(e instanceof Event.PhaseChange change) || busy(change.from()) == busy(change.to())) {
            return;
        }
        Path session = dir.resolve(SESSION);
        try {
            if (busy(change.to())) {
                Files.writeString(session, "");
                return;
            }
            Files.deleteIfExists(session);
            if (Files.deleteIfExists(dir.resolve(RESTART_PENDING))) {
                Log.TAG.info("the session has ended and the package was upgraded during it: restarting on the new"
                        + " version");
                exit.accept(RESTART);
            }
        } catch (IOException ex) {
            Log.TAG.warn("cannot keep {}: {} (a package upgrade may restart the unit during a session)", session,
                    ex.getMessage());
        }
    }
}
