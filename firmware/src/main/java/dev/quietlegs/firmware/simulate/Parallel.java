package dev.quietlegs.firmware.simulate;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/** Runs independent simulations side by side: the sweeps' one way to use every core. */
final class Parallel {

    private Parallel() {
    }

    /** {@code f} over {@code items} on {@code threads} threads, results in the items' order. */
    static <T, R> List<R> map(List<T> items, int threads, Function<T, R> f, String what) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(() -> items.parallelStream().map(f).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
