package dev.quietlegs.firmware.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * The dev broker: Apache ActiveMQ Artemis, embedded, speaking MQTT 3.1.1 (and MQTT over WebSocket,
 * subprotocol {@code mqtt}) on loopback only, anonymous, nothing persisted. It runs as its own
 * process ({@code java -cp quietlegs.jar dev.quietlegs.firmware.broker.DevBroker HOST PORT WS_PORT DIR}),
 * started and watched by {@link LocalBroker} where Mosquitto is not installed, so its garbage never
 * lands in the control loop's heap. It ends with its parent: standard input closing is the signal.
 */
public final class DevBroker {

    /** Whether Artemis is in this jar: the Debian package's jar leaves it out (a Pi always has Mosquitto). */
    static boolean bundled() {
        return DevBroker.class.getClassLoader().getResource("org/apache/activemq/artemis/core/server/ActiveMQServer.class")
                != null;
    }

    private DevBroker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DevBroker HOST PORT WEBSOCKET_PORT|0 STATE_DIR");
            System.exit(2);
        }
        String host = args[0];
        if (!LocalBroker.isLoopback(host)) {
            System.err.println("error: the dev broker listens on loopback only");
            System.exit(2);
        }
        // Its own log: warnings and errors on stderr, which the unit relays and keeps the last lines of.
        org.tinylog.configuration.Configuration.replace(Map.of(
                "writer", "console", "writer.stream", "err", "writer.level", "warn",
                "writer.format", "{level}: {message}", "autoshutdown", "true"));
        ActiveMQServer server = ActiveMQServers.newActiveMQServer(configuration(host, Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Path.of(args[3])), false);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("error: stopping: " + e);
            }
        }, "dev-broker-stop"));
        server.start();
        // Artemis logs a port it cannot bind and runs on: here that is a failure the unit must see.
        for (var acceptor : server.getRemotingService().getAcceptors().entrySet()) {
            if (!acceptor.getValue().isStarted()) {
                System.err.println("error: the " + acceptor.getKey() + " listener could not start (port in use?)");
                System.exit(1);
            }
        }
        System.err.println("notice: Artemis " + server.getVersion().getFullVersion() + " listening on " + host + ":"
                + args[1]);
        // The unit holds our standard input: when it goes away (even killed outright), so do we.
        while (System.in.read() >= 0) {
            // nothing is sent on it
        }
        System.exit(0);
    }

    /**
     * The command line that runs it: this JVM's java and class path (the unit's jar). Small: a 32 MB
     * heap, the serial collector, C1 only, Netty's unpooled buffers (its pools alone cost about
     * 12 MB resident). Nothing written outside its directory: no perf data in /tmp, its temporary
     * directory inside the state directory.
     */
    static List<String> command(String host, int port, int websocketPort, Path stateDir) {
        Path dir = stateDir.resolve("dev-broker");
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms8m", "-Xmx32m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1", "-XX:ReservedCodeCacheSize=16m", "-XX:-UsePerfData",
                "-Dio.netty.noUnsafe=true", "-Dio.netty.allocator.type=unpooled",
                "-Djava.io.tmpdir=" + dir.resolve("tmp"),
                "-cp", System.getProperty("java.class.path"), DevBroker.class.getName(),
                host, Integer.toString(port), Integer.toString(websocketPort), stateDir.toString());
    }

    static Configuration configuration(String host, int port, int websocketPort, Path stateDir) throws Exception {
        Path dir = Files.createDirectories(stateDir.resolve("dev-broker"));
        Configuration c = new ConfigurationImpl()
                .setName("quietlegs-dev-broker")
                .setPersistenceEnabled(false)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setCriticalAnalyzer(false)
                .setGracefulShutdownEnabled(false)
                .setJournalType(JournalType.NIO) // not AIO: that would load a native library
                // persistence is off; these only keep anything Artemis might still touch inside the state dir
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setNodeManagerLockDirectory(dir.toString());
        // No native transports: Netty would unpack a .so into the temporary directory.
        String params = "?protocols=MQTT&useEpoll=false&useKQueue=false&useIoUring=false";
        c.addAcceptorConfiguration("mqtt", "tcp://" + host + ":" + port + params);
        if (websocketPort != 0) {
            // Artemis tells a WebSocket upgrade from raw MQTT on the same acceptor; its own port keeps Mosquitto's layout.
            c.addAcceptorConfiguration("mqtt-ws", "tcp://" + host + ":" + websocketPort + params);
        }
        // A flood never pages to disk: past 4 MB per address new messages are dropped. MQTT never
        // dead-letters or expires a message here; naming the addresses only quiets a warning per queue.
        c.addAddressSetting("#", new AddressSettings().setMaxSizeBytes(4L << 20)
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.DROP)
                .setDeadLetterAddress(SimpleString.of("DLA")).setExpiryAddress(SimpleString.of("ExpiryQueue")));
        return c;
    }
}
