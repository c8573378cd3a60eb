package dev.quietlegs.firmware.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Raises one of this process's threads to SCHED_FIFO. Java cannot, so this finds the thread's
 * kernel id in {@code /proc/self/task} by name and asks {@code chrt}; it needs root or
 * CAP_SYS_NICE (the systemd unit grants it).
 */
final class Realtime {

    private Realtime() {
    }

    /** @return what the thread got, for the log: "SCHED_FIFO 80", or why it stayed SCHED_OTHER */
    static String fifo(String threadName, int priority) {
        Long tid = nativeThreadId(threadName);
        if (tid == null) {
            return "SCHED_OTHER (thread " + threadName + " not found)";
        }
        try {
            Process p = new ProcessBuilder("chrt", "-f", "-p", Integer.toString(priority), Long.toString(tid))
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? "SCHED_FIFO " + priority : "SCHED_OTHER (chrt refused: " + text + ")";
        } catch (IOException e) {
            return "SCHED_OTHER (no chrt: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "SCHED_OTHER";
        }
    }

    /** The kernel's id of this process's thread with that name. */
    static Long nativeThreadId(String name) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).trim().equals(name)) {
                        return Long.parseLong(task.getFileName().toString());
                    }
                } catch (IOException e) {
                    // the thread ended
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
