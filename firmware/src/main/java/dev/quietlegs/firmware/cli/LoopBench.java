package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.broker.BrokerException;
import dev.quietlegs.firmware.broker.LocalBroker;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.EventDispatcher;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.LatenessHistogram;
import dev.quietlegs.firmware.control.SystemClock;
import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.remote.Remote;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Locale;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * {@code bench loop}: the real control loop with the real therapy and safety code on the simulated
 * plant, on the real clock, measured the way cyclictest measures a thread: how late it wakes after
 * each absolute deadline. Also the bytes its thread allocates per tick and the collections during
 * the window. Options put the loop thread at SCHED_FIFO (through {@code chrt} on its thread id) and
 * add the phone remote with its own broker, a client publishing commands and reading state, and
 * every event logged to a file.
 */
final class LoopBench {

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("bench");
    }

    private LoopBench() {
    }

    /** @param journal the journal attached, with a diary entry written (and synced) 20 times a second beside it */
    record Options(int rateHz, int seconds, int warmupS, String program, int fifo, boolean mqtt, boolean json,
                   boolean journal) {
    }

    static int run(Unit unit, Options o, PrintStream out) throws Exception {
        var config = unit.config().withLoopRate(o.rateHz());
        SimulatedBoard board = new SimulatedBoard(config.plant(), SystemClock.INSTANCE::nanos, config.motorMinDuty());
        EventQueue events = new EventQueue(1024);
        ControlLoop loop = new ControlLoop(config, board, SystemClock.INSTANCE, unit.programs(), events);
        EventDispatcher dispatcher = new EventDispatcher(events);
        LatenessHistogram histogram = new LatenessHistogram();
        loop.measureLateness(histogram);
        LocalBroker broker = null;
        Remote remote = null;
        Process phoneProcess = null;
        JournalLoad journal = null;
        try {
            loop.start();
            dispatcher.start();
            if (o.journal()) {
                journal = new JournalLoad(unit, dispatcher);
            }
            String fifo = o.fifo() > 0 ? Realtime.fifo("control-loop", o.fifo()) : "SCHED_OTHER";
            if (o.mqtt()) {
                int port;
                try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    port = s.getLocalPort();
                }
                try {
                    broker = LocalBroker.start("127.0.0.1", port, 0, Files.createTempDirectory("quietlegs-bench"));
                } catch (BrokerException e) {
                    throw new StartFailure(e.getMessage());
                }
                remote = new Remote(new Remote.Settings(broker.localUrl(), null, null, null, "homeassistant",
                        config.mqtt().stateIntervalMs(), Main.version()), loop);
                dispatcher.add(remote::accept);
                dispatcher.add(e -> {
                    String text = ConsoleView.describe(e);
                    if (text != null) {
                        Log.TAG.info(text);
                    }
                });
                remote.start();
                // The phone is another device: its client runs in its own process, not in this heap.
                String java = ProcessHandle.current().info().command().orElse("java");
                phoneProcess = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                        Main.class.getName(), "bench", "phone", "--url", broker.localUrl(),
                        "--device", config.deviceId(), "--rate", "100")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            }
            loop.submit(Command.start(o.program(), "bench"));
            Thread.sleep(o.warmupS() * 1000L);

            var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = loop.threadId();
            long gcCount0 = gcCount();
            long gcTime0 = gcTime();
            long ticks0 = loop.ticks();
            long overruns0 = loop.overruns();
            long bytes0 = mx.getThreadAllocatedBytes(tid);
            histogram.start();
            Thread.sleep(o.seconds() * 1000L);
            histogram.stop();
            long bytes = mx.getThreadAllocatedBytes(tid) - bytes0;
            long ticks = loop.ticks() - ticks0;
            long gcs = gcCount() - gcCount0;
            long gcMs = gcTime() - gcTime0;
            String phase = loop.snapshot().phase().wire();
            long periodUs = loop.periodNanos() / 1000;
            String flags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
            if (o.json()) {
                out.println(new Json().begin().field("rate_hz", o.rateHz()).field("seconds", o.seconds())
                        .field("policy", fifo).field("mqtt_load", o.mqtt()).field("journal", o.journal())
                        .field("phase", phase)
                        .field("wakeups", histogram.count())
                        .field("p50_us", histogram.percentileMicros(0.50)).field("p99_us", histogram.percentileMicros(0.99))
                        .field("p999_us", histogram.percentileMicros(0.999)).field("max_us", histogram.maxMicros())
                        .field("late_over_period", histogram.laterThan(periodUs)).field("ticks", ticks)
                        .field("overruns", loop.overruns() - overruns0)
                        .field("bytes_per_tick", ticks == 0 ? 0 : (double) bytes / ticks, 3)
                        .field("gc_count", gcs).field("gc_ms", gcMs)
                        .field("java", Runtime.version().toString()).field("jvm_flags", flags).end());
            } else {
                out.printf(Locale.ROOT, "control loop at %d Hz on the real clock, %s, %d s after %d s warm-up, phase %s%s%n",
                        o.rateHz(), fifo, o.seconds(), o.warmupS(), phase, (o.mqtt() ? ", with the MQTT remote busy" : "")
                                + (journal != null ? ", with the journal (" + journal.written() + " diary entries synced"
                                + " to disk beside the session's rows)" : ""));
                out.printf(Locale.ROOT, "wake-up lateness (cyclictest's definition) over %d wake-ups: p50 %d us, p99 %d us,"
                                + " p99.9 %d us, max %d us; later than a period (%d us): %d%n", histogram.count(),
                        histogram.percentileMicros(0.50), histogram.percentileMicros(0.99), histogram.percentileMicros(0.999),
                        histogram.maxMicros(), periodUs, histogram.laterThan(periodUs));
                out.printf(Locale.ROOT, "allocated on the loop thread: %d bytes over %d ticks (%.3f bytes/tick); GCs: %d"
                        + " (%d ms)%n", bytes, ticks, ticks == 0 ? 0.0 : (double) bytes / ticks, gcs, gcMs);
                out.printf(Locale.ROOT, "JVM %s, flags: %s%n", Runtime.version(), flags.isEmpty() ? "(none)" : flags);
            }
            return 0;
        } finally {
            if (journal != null) {
                journal.close();
            }
            if (phoneProcess != null) {
                phoneProcess.destroy();
            }
            if (remote != null) {
                remote.close();
            }
            dispatcher.stop();
            loop.stop();
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** The journal as `run` attaches it, in a temporary state directory, and a thread keeping its disk busy. */
    private static final class JournalLoad implements AutoCloseable {
        private final java.nio.file.Path dir;
        private final dev.quietlegs.firmware.journal.Journal journal;
        private final dev.quietlegs.firmware.journal.JournalWriter writer;
        private final Thread diary;
        private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean running = true;

        JournalLoad(Unit unit, EventDispatcher dispatcher) throws java.io.IOException {
            dir = Files.createTempDirectory("quietlegs-bench-journal");
            var time = dev.quietlegs.firmware.journal.Timebase.system();
            journal = dev.quietlegs.firmware.journal.Journal.open(dir, time);
            writer = new dev.quietlegs.firmware.journal.JournalWriter(journal, time, unit.programs()).start();
            dispatcher.add(writer);
            var entry = dev.quietlegs.firmware.journal.DiaryEntry.parse(new String[] {"before", "5"});
            diary = new Thread(() -> {
                while (running) {
                    journal.add(entry);
                    written.incrementAndGet();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-diary");
            diary.setDaemon(true);
            diary.start();
        }

        long written() {
            return written.get();
        }

        @Override
        public void close() throws java.io.IOException {
            running = false;
            try {
                diary.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer.close();
            journal.close();
            try (var files = Files.list(dir)) {
                for (var f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
        }
        return n;
    }

    private static long gcTime() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionTime());
        }
        return n;
    }
}
