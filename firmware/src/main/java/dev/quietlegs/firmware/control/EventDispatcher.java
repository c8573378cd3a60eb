package dev.quietlegs.firmware.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * Hands each event from the loop's queue to every listener (the log, the phone remote), on its own
 * thread, so a slow listener never reaches back into the loop.
 */
public final class EventDispatcher {

    /** Made on first use: touching tinylog before the unit has configured it would freeze its defaults. */
    private static final class Log {
        static final TaggedLogger TAG = Logger.tag("events");
    }

    private final EventQueue events;
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private volatile Thread thread;

    public EventDispatcher(EventQueue events) {
        this.events = events;
    }

    public void add(Consumer<Event> listener) {
        listeners.add(listener);
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        Thread t = new Thread(this::run, "events");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        try {
            while (thread == Thread.currentThread()) {
                Event e = events.poll(200, TimeUnit.MILLISECONDS);
                if (e == null) {
                    continue;
                }
                for (Consumer<Event> l : listeners) {
                    try {
                        l.accept(e);
                    } catch (RuntimeException ex) {
                        Log.TAG.error(ex, "event listener failed on {}", e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
        }
    }
}
