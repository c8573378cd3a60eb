package dev.quietlegs.firmware.bench;

import dev.quietlegs.firmware.config.ProgramCatalog;
import dev.quietlegs.firmware.config.ShippedConfig;
import dev.quietlegs.firmware.config.UnitConfig;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.VirtualClock;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one control tick (sensors, supervisor checks, session, gate, snapshot) with the
 * simulated plant integrated over the tick, in a running evening session: a change that makes the
 * tick heavier shows here. Run (see README, Performance):
 *
 * <pre>
 *   ./mvnw -B -q -pl firmware -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 *   java -cp firmware/target/test-classes:firmware/target/classes:$(cat firmware/target/cp.txt) \
 *        org.openjdk.jmh.Main TickBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TickBenchmark {

    /** The loop rate: the plant integrates 1 ms steps, so the tick's share of plant work varies. */
    @Param({"100", "1000"})
    public int rateHz;

    private VirtualClock clock;
    private ControlLoop loop;
    private EventQueue events;
    private long period;

    @Setup(Level.Trial)
    public void setUp() {
        UnitConfig unit = ShippedConfig.unit().withLoopRate(rateHz);
        ProgramCatalog programs = ShippedConfig.programs(unit);
        clock = new VirtualClock();
        SimulatedBoard board = new SimulatedBoard(unit.plant(), clock::nanos);
        events = new EventQueue(1 << 16);
        loop = new ControlLoop(unit, board, clock, programs, events);
        period = loop.periodNanos();
        startSession();
    }

    private void startSession() {
        loop.submit(Command.start("evening", "bench"));
        for (int i = 0; i < 100 * rateHz && loop.snapshot().phase() != Phase.RUNNING; i++) {
            tick();
        }
    }

    @Setup(Level.Iteration)
    public void keepDelivering() {
        while (events.poll() != null) {
            // drain
        }
        if (!loop.snapshot().phase().delivering()) {
            startSession();
        }
    }

    @Benchmark
    public long tick() {
        clock.advance(period);
        loop.tick();
        return loop.ticks();
    }
}
