package dev.quietlegs.firmware.cli;

import dev.quietlegs.firmware.broker.BrokerException;
import dev.quietlegs.firmware.broker.LocalBroker;
import dev.quietlegs.firmware.control.Command;
import dev.quietlegs.firmware.control.ControlLoop;
import dev.quietlegs.firmware.control.EventDispatcher;
import dev.quietlegs.firmware.control.EventQueue;
import dev.quietlegs.firmware.control.SystemClock;
import dev.quietlegs.firmware.json.Json;
import dev.quietlegs.firmware.remote.PhoneClient;
import dev.quietlegs.firmware.remote.Remote;
import dev.quietlegs.firmware.therapy.Phase;
import dev.quietlegs.hardware.sim.SimulatedBoard;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench mqtt}: the phone path measured on loopback with the unit's own broker. Latency from
 * a client's publish of {@code cmd/vibration} to the motor's duty changing on the (simulated)
 * board; then a flood of commands: how many were answered, how many refused as busy, and the
 * control loop's worst lateness during it against a quiet window of the same length.
 */
final class MqttBench {

    private MqttBench() {
    }

    static int run(Unit unit, int commands, int flood, boolean json, PrintStream out) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path state = Files.createTempDirectory("quietlegs-bench");
        LocalBroker broker;
        try {
            broker = LocalBroker.start("127.0.0.1", port, 0, state);
        } catch (BrokerException e) {
            throw new StartFailure(e.getMessage());
        }
        SimulatedBoard board = new SimulatedBoard(unit.config().plant(), SystemClock.INSTANCE::nanos, unit.config().motorMinDuty());
        EventQueue events = new EventQueue(1024);
        ControlLoop loop = new ControlLoop(unit.config(), board, SystemClock.INSTANCE, unit.programs(), events);
        EventDispatcher dispatcher = new EventDispatcher(events);
        Remote remote = new Remote(new Remote.Settings(broker.localUrl(), null, null, null, "homeassistant",
                unit.config().mqtt().stateIntervalMs(), Main.version()), loop);
        dispatcher.add(remote::accept);
        AtomicLong ok = new AtomicLong();
        AtomicLong busy = new AtomicLong();
        dispatcher.add(e -> {
            if (e instanceof dev.quietlegs.firmware.control.Event.CommandResult r) {
                (r.ok() ? ok : busy).incrementAndGet();
            }
        });
        PhoneClient phone = null;
        try {
            loop.start();
            dispatcher.start();
            remote.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!remote.connected() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            phone = new PhoneClient(broker.localUrl(), "bench-phone");
            String topic = remote.topics().command("vibration");
            loop.submit(Command.start("vibration", "bench"));
            while (loop.snapshot().phase() != Phase.RUNNING && System.nanoTime() < deadline + 20_000_000_000L) {
                Thread.sleep(10);
            }
            Thread.sleep(1000);

            // latency: publish to duty change, one command at a time
            long[] micros = new long[commands];
            for (int i = 0; i < commands; i++) {
                int level = i % 2 == 0 ? 3 : 8;
                double before = board.motorDuty();
                long t0 = System.nanoTime();
                phone.send(topic, Integer.toString(level));
                while (board.motorDuty() == before && System.nanoTime() - t0 < 2_000_000_000L) {
                    Thread.onSpinWait();
                }
                micros[i] = (System.nanoTime() - t0) / 1000;
            }
            Arrays.sort(micros);

            // a quiet window, then the flood, each as long as the flood takes
            loop.takeWorstLatenessNanos();
            long quietOverruns = loop.overruns();
            Thread.sleep(2000);
            long quietWorst = loop.takeWorstLatenessNanos();
            ok.set(0);
            busy.set(0);
            long floodStart = System.nanoTime();
            for (int i = 0; i < flood; i++) {
                phone.send(topic, Integer.toString(i % 11));
            }
            Thread.sleep(2000);
            long floodWorst = loop.takeWorstLatenessNanos();
            double floodMs = (System.nanoTime() - floodStart) / 1e6;
            long answered = ok.get() + busy.get();
            if (json) {
                out.println(new Json().begin().field("commands", commands)
                        .field("latency_us_p50", micros[commands / 2]).field("latency_us_p99", micros[commands * 99 / 100])
                        .field("latency_us_max", micros[commands - 1]).field("loop_period_us", loop.periodNanos() / 1000)
                        .field("flood", flood).field("flood_answered", answered).field("flood_ok", ok.get())
                        .field("flood_busy", busy.get()).field("flood_unanswered", flood - answered)
                        .field("events_dropped", events.dropped())
                        .field("worst_lateness_us_quiet", quietWorst / 1000).field("worst_lateness_us_flood", floodWorst / 1000)
                        .field("overruns", loop.overruns() - quietOverruns).field("flood_window_ms", floodMs, 0).end());
            } else {
                out.printf(Locale.ROOT, "command to motor duty over loopback, %d commands, loop period %d us:%n",
                        commands, loop.periodNanos() / 1000);
                out.printf(Locale.ROOT, "  p50 %d us, p99 %d us, max %d us%n", micros[commands / 2],
                        micros[commands * 99 / 100], micros[commands - 1]);
                out.printf(Locale.ROOT, "flood of %d commands: %d answered (%d ok, %d busy), %d unanswered"
                                + " (events dropped by the bounded queue: %d)%n", flood, answered, ok.get(), busy.get(),
                        flood - answered, events.dropped());
                out.printf(Locale.ROOT, "worst tick lateness: quiet %d us, during the flood %d us; ticks over a period"
                        + " late: %d%n", quietWorst / 1000, floodWorst / 1000, loop.overruns() - quietOverruns);
            }
            return 0;
        } finally {
            if (phone != null) {
                phone.close();
            }
            remote.close();
            dispatcher.stop();
            loop.stop();
            broker.close();
        }
    }
}
