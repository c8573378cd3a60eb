package dev.quietlegs.firmware.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Where the journal's wall-clock times come from. The Pi has no real-time clock: until the network
 * time is synchronised its wall clock may be days off, so every entry says whether it was; durations
 * always come from the monotonic clock.
 */
public interface Timebase {

    /** The wall-clock time now. */
    Instant now();

    /** The monotonic clock now, in nanoseconds (the control loop's clock). */
    long monoNanos();

    /** Whether the wall clock is known to be right: {@code null} when it cannot be told. */
    Boolean synced();

    /** Which boot of the machine this is: monotonic times compare only within one. */
    String boot();

    /** The wall-clock time of a moment on the monotonic clock. */
    default Instant wallAt(long monoNanos) {
        return now().minusNanos(monoNanos() - monoNanos);
    }

    /** The real unit: the system clocks, and Linux's own word on synchronisation. */
    static Timebase system() {
        return new SystemTimebase(Path.of("/run/systemd/timesync/synchronized"), Path.of("/proc/sys/kernel/random/boot_id"),
                SystemTimebase::askTimedatectl, System::nanoTime);
    }

    /** A fixed, synchronised wall clock for a simulated evening: {@code start} is at monotonic zero. */
    static Timebase fixed(Instant start, java.util.function.LongSupplier mono) {
        return new Timebase() {
            @Override
            public Instant now() {
                return start.plusNanos(mono.getAsLong());
            }

            @Override
            public long monoNanos() {
                return mono.getAsLong();
            }

            @Override
            public Boolean synced() {
                return Boolean.TRUE;
            }

            @Override
            public String boot() {
                return "simulated";
            }
        };
    }

    /** The system clocks. */
    final class SystemTimebase implements Timebase {
        private final Path syncFlag;
        private final String boot;
        private final java.util.function.Supplier<Boolean> ask;
        private final java.util.function.LongSupplier mono;
        private volatile boolean knownSynced;
        private volatile long askedAt = Long.MIN_VALUE;
        private volatile Boolean lastAnswer;

        /**
         * @param syncFlag the file systemd-timesyncd creates once synchronised
         * @param ask      the slower question when the file is not there (timedatectl); null: cannot tell
         */
        SystemTimebase(Path syncFlag, Path bootId, java.util.function.Supplier<Boolean> ask,
                       java.util.function.LongSupplier mono) {
            this.syncFlag = syncFlag;
            this.ask = ask;
            this.mono = mono;
            String b;
            try {
                b = Files.readString(bootId, StandardCharsets.US_ASCII).strip();
            } catch (IOException | RuntimeException e) {
                b = "unknown";
            }
            this.boot = b;
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public long monoNanos() {
            return System.nanoTime();
        }

        @Override
        public String boot() {
            return boot;
        }

        /**
         * systemd-timesyncd touches a flag file once synchronised; without it, timedatectl is asked
         * (at most once a minute: it starts a process). Once synchronised, always synchronised.
         */
        @Override
        public Boolean synced() {
            if (knownSynced) {
                return true;
            }
            if (Files.exists(syncFlag)) {
                knownSynced = true;
                return true;
            }
            long now = mono.getAsLong();
            if (askedAt != Long.MIN_VALUE && now - askedAt < 60_000_000_000L) {
                return lastAnswer;
            }
            askedAt = now;
            lastAnswer = ask.get();
            if (Boolean.TRUE.equals(lastAnswer)) {
                knownSynced = true;
            }
            return lastAnswer;
        }

        static Boolean askTimedatectl() {
            try {
                Process p = new ProcessBuilder("timedatectl", "show", "-p", "NTPSynchronized", "--value")
                        .redirectErrorStream(true).start();
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
                return p.exitValue() != 0 ? null : out.equals("yes") ? Boolean.TRUE : out.equals("no") ? Boolean.FALSE : null;
            } catch (IOException e) {
                return null; // no systemd here: cannot be told
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
