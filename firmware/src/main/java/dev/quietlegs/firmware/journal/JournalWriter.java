package dev.quietlegs.firmware.journal;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.control.Event;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The journal's own thread: the event dispatcher hands it events without waiting (a full queue
 * drops and counts), and only this thread touches the disk for sessions. So neither the control
 * loop nor the other listeners ever wait on a write.
 */
public final class JournalWriter implements Consumer<Event>, AutoCloseable {

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("journal");
    }

    /** A delivering session's row is brought up to date this often: what a power cut can lose. */
    public static final long PROGRESS_NANOS = 15_000_000_000L;

    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(1024);
    private final SessionRecorder recorder;
    private final Timebase time;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private final Journal journal;
    /** The reminder's pulse of the status light: slow, like breathing, for ten minutes. */
    static final long REMINDER_PULSE_NANOS = 4_000_000_000L;
    static final long REMINDER_PULSE_FOR_NANOS = 600_000_000_000L;

    private Reminder reminder = new Reminder(java.time.ZoneId.systemDefault());
    private AutoStart autoStart;
    private AutoStart.Unit unit;
    private final java.util.List<Consumer<String>> reminded = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<Consumer<AutoStart.Said>> autoStarts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long lastReminderCheck = Long.MIN_VALUE;
    private long lastAutoStartCheck = Long.MIN_VALUE;
    private volatile boolean running = true;

    public JournalWriter(Journal journal, Timebase time, ProgramCatalog programs) {
        this.recorder = new SessionRecorder(journal, time, programs, PROGRESS_NANOS);
        this.journal = journal;
        this.time = time;
        this.thread = new Thread(this::run, "journal");
        thread.setDaemon(true);
    }

    /**
     * Before {@link #start}: the person's schedule, and the unit whose light pulses at the reminder
     * and which the opt-in auto-start drives.
     */
    public JournalWriter schedule(dev.quietlegs.firmware.config.Schedule schedule, AutoStart.Unit unit) {
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        this.reminder = new Reminder(zone, schedule);
        this.unit = unit;
        // Off (the default), it reads nothing: no journal queries every 15 s for a feature not asked for.
        this.autoStart = !schedule.autoStart() ? null : new AutoStart(schedule, zone, unit, said -> {
            for (Consumer<AutoStart.Said> l : autoStarts) {
                try {
                    l.accept(said);
                } catch (RuntimeException e) {
                    Log.TAG.warn("auto-start listener failed: {}", e.getMessage());
                }
            }
        });
        return this;
    }

    /** Told (on this writer's thread) what the auto-start announces, starts, cancels or refuses. */
    public void onAutoStart(Consumer<AutoStart.Said> listener) {
        autoStarts.add(listener);
    }

    public JournalWriter start() {
        thread.start();
        return this;
    }

    /** From the dispatcher's thread: never blocks. */
    @Override
    public void accept(Event e) {
        if (!queue.offer(e)) {
            dropped.incrementAndGet();
        }
    }

    /** Told (on this writer's thread) the words of the reminder before the usual onset, when it is due. */
    public void onReminder(Consumer<String> listener) {
        reminded.add(listener);
    }

    /** Events the queue had no room for. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Event e = queue.poll(1, TimeUnit.SECONDS);
                if (e != null) {
                    recorder.accept(e);
                    if (autoStart != null) {
                        autoStart.accept(e);
                    }
                }
                recorder.tick(time.monoNanos());
                remind();
                autoStart();
            } catch (InterruptedException e) {
                running = false;
            } catch (JournalException e) {
                // A full or failing disk: the unit goes on, the log says what was not kept.
                Log.TAG.error("journal not written: {}", e.getMessage());
            }
        }
        try {
            recorder.shutdown(time.monoNanos());
        } catch (JournalException e) {
            Log.TAG.error("journal not written: {}", e.getMessage());
        }
    }

    /** Once a minute: is the reminder before the usual onset due? */
    private void remind() {
        long now = time.monoNanos();
        if (reminded.isEmpty() || (lastReminderCheck != Long.MIN_VALUE && now - lastReminderCheck < 60_000_000_000L)) {
            return;
        }
        lastReminderCheck = now;
        String text = reminder.check(time.now(), time.synced(), journal.sessions(), journal.diary());
        if (text != null) {
            if (unit != null) {
                unit.pulse(REMINDER_PULSE_NANOS, REMINDER_PULSE_FOR_NANOS);
            }
            for (Consumer<String> l : reminded) {
                try {
                    l.accept(text);
                } catch (RuntimeException e) {
                    Log.TAG.warn("reminder listener failed: {}", e.getMessage());
                }
            }
        }
    }

    /** Every 15 s, every second during an announcement's minute: is the auto-start due, cancelled, on? */
    private void autoStart() {
        long now = time.monoNanos();
        if (autoStart == null || !autoStart.announcing() && lastAutoStartCheck != Long.MIN_VALUE
                && now - lastAutoStartCheck < 15_000_000_000L) {
            return;
        }
        lastAutoStartCheck = now;
        autoStart.check(time.now(), now, time.synced(), journal.sessions(), journal.diary());
    }

    /** Writes what is queued (the session under way, as far as it went), then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
