package dev.quietlegs.firmware.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Talks to systemd when it started the unit ({@code Type=notify}, {@code NotifyAccess=all}):
 * READY once the loop runs, STOPPING on the way out, and WATCHDOG while the control loop is
 * alive. The keep-alive goes out only if the loop has ticked since the last one, so a hung loop
 * (or a hung JVM) stops feeding systemd, which kills the unit, runs its ExecStopPost (the safe
 * state of the pins) and restarts it.
 *
 * <p>Java cannot send on systemd's datagram socket, so each message is one {@code systemd-notify}
 * process (every WatchdogSec/2: one short process every 10 s with the shipped unit file); since
 * systemd 246 it waits until the manager has read the message, so none is lost to a race.
 */
final class Systemd implements AutoCloseable {

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("systemd");
    }

    private final String command;
    private final long intervalNanos;
    private volatile Thread feeder;

    private Systemd(String command, long intervalNanos) {
        this.command = command;
        this.intervalNanos = intervalNanos;
    }

    /** The link to systemd described by the environment, or null when systemd did not ask for one. */
    static Systemd fromEnvironment(Map<String, String> env, String command) {
        if (env.get("NOTIFY_SOCKET") == null) {
            return null;
        }
        long intervalNanos = 0;
        String usec = env.get("WATCHDOG_USEC");
        String pid = env.get("WATCHDOG_PID");
        if (usec != null && (pid == null || pid.equals(Long.toString(ProcessHandle.current().pid())))) {
            try {
                intervalNanos = Long.parseLong(usec) * 1000 / 2;
            } catch (NumberFormatException e) {
                Log.TAG.warn("ignoring WATCHDOG_USEC={}: not a number", usec);
            }
        }
        return new Systemd(command, intervalNanos);
    }

    static Systemd fromEnvironment() {
        return fromEnvironment(System.getenv(), "systemd-notify");
    }

    long watchdogIntervalNanos() {
        return intervalNanos;
    }

    void ready(String status) {
        notify("READY=1", "STATUS=" + status);
    }

    /**
     * Feeds systemd's watchdog while {@code ticks} moves.
     *
     * @param ticks the control loop's tick count
     */
    void keepAliveWhile(LongSupplier ticks) {
        if (intervalNanos <= 0) {
            return;
        }
        Thread t = new Thread(() -> {
            long last = -1;
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long now = ticks.getAsLong();
                    if (now != last) {
                        notify("WATCHDOG=1");
                    } else {
                        Log.TAG.error("the control loop has not ticked for {} ms: no longer feeding systemd's watchdog",
                                intervalNanos / 1_000_000);
                    }
                    last = now;
                    TimeUnit.NANOSECONDS.sleep(intervalNanos);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "systemd-watchdog");
        t.setDaemon(true);
        feeder = t;
        t.start();
    }

    /** Stops feeding and tells systemd the unit is stopping. */
    @Override
    public void close() {
        Thread t = feeder;
        if (t != null) {
            t.interrupt();
        }
        notify("STOPPING=1");
    }

    private void notify(String... assignments) {
        List<String> cmd = new ArrayList<>();
        cmd.add(command);
        cmd.addAll(List.of(assignments));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Log.TAG.warn("{} did not return within 5 s", command);
            } else if (p.exitValue() != 0) {
                Log.TAG.warn("{} {} failed with exit code {}", command, String.join(" ", assignments), p.exitValue());
            }
        } catch (IOException e) {
            Log.TAG.warn("cannot tell systemd {}: {}", String.join(" ", assignments), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
