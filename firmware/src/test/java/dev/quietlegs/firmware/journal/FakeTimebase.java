package dev.quietlegs.firmware.journal;

import java.time.Instant;

/** A wall clock and a monotonic clock the test moves, and a synchronisation it switches. */
final class FakeTimebase implements Timebase {
    Instant wallAtZero;
    long mono;
    Boolean synced;
    String boot = "boot-1";

    FakeTimebase(Instant wallAtZero, Boolean synced) {
        this.wallAtZero = wallAtZero;
        this.synced = synced;
    }

    @Override
    public Instant now() {
        return wallAtZero.plusNanos(mono);
    }

    @Override
    public long monoNanos() {
        return mono;
    }

    @Override
    public Boolean synced() {
        return synced;
    }

    @Override
    public String boot() {
        return boot;
    }

    void advanceS(double s) {
        mono += (long) (s * 1e9);
    }
}
