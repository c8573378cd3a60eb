package dev.quietlegs.firmware.remote;

import dev.quietlegs.firmware.broker.LocalBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real broker on a free loopback port, for tests: the unit's own (Mosquitto or the dev broker, as
 * {@code run} starts them) or a separate Mosquitto with a password.
 */
interface TestBroker extends AutoCloseable {

    /** Set to 1 (CI does): a missing Mosquitto fails the tests that need it instead of skipping them. */
    String REQUIRE_MOSQUITTO = "QUIETLEGS_REQUIRE_MOSQUITTO";

    /** Skips the calling test when Mosquitto is not installed, or fails it when CI requires Mosquitto. */
    static void assumeMosquitto() {
        if (LocalBroker.findMosquitto() == null) {
            String why = "Mosquitto is not installed (sudo apt install mosquitto mosquitto-clients)";
            if ("1".equals(System.getenv(REQUIRE_MOSQUITTO))) {
                org.junit.jupiter.api.Assertions.fail(why + " and " + REQUIRE_MOSQUITTO + "=1");
            }
            org.junit.jupiter.api.Assumptions.abort(why);
        }
    }

    /** "dev", "own-mosquitto" or "mosquitto" (with a password), on a new free port. */
    static TestBroker of(String kind, Path dir) throws Exception {
        return switch (kind) {
            case "dev" -> new Embedded(dir, LocalBroker.Kind.DEV);
            case "own-mosquitto" -> {
                assumeMosquitto();
                yield new Embedded(dir, LocalBroker.Kind.MOSQUITTO);
            }
            case "mosquitto" -> {
                assumeMosquitto();
                yield new Mosquitto(dir);
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    String name();

    String url();

    /** The user and password clients must give, or {@code null} for anonymous. */
    String user();

    char[] password();

    /** Kills the broker (as a crash would), and later starts it again on the same port. */
    void kill() throws Exception;

    void restart() throws Exception;

    @Override
    void close();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitPort(int port, boolean open) {
        awaitPort(port, open, 10);
    }

    static void awaitPort(int port, boolean open, int seconds) {
        org.awaitility.Awaitility.await("port " + port + (open ? " open" : " closed"))
                .atMost(java.time.Duration.ofSeconds(seconds)).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> listening(port) == open);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Debian's Mosquitto, with a password file: anonymous clients are refused. */
    final class Mosquitto implements TestBroker {
        static final String USER = "phone";
        static final String PASSWORD = "s3cret-for-tests";
        private final Path dir;
        private final int port;
        private final String binary;
        private Process process;

        Mosquitto(Path dir) throws Exception {
            this.dir = dir;
            this.port = freePort();
            Path passwd = dir.resolve("passwd");
            Path mosquitto = LocalBroker.findMosquitto();
            this.binary = mosquitto.toString();
            Path tool = mosquitto.resolveSibling("mosquitto_passwd");
            Process p = new ProcessBuilder(Files.isExecutable(tool) ? tool.toString() : "/usr/bin/mosquitto_passwd", "-b", "-c", passwd.toString(), USER, PASSWORD)
                    .redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("mosquitto_passwd failed: " + new String(p.getInputStream().readAllBytes()));
            }
            Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous false",
                    "password_file " + passwd,
                    "persistence false",
                    "log_dest stderr",
                    "log_type error",
                    "log_type warning",
                    "user " + System.getProperty("user.name"),
                    ""));
            restart();
        }

        @Override
        public String name() {
            return "mosquitto";
        }

        @Override
        public String url() {
            return "tcp://127.0.0.1:" + port;
        }

        @Override
        public String user() {
            return USER;
        }

        @Override
        public char[] password() {
            return PASSWORD.toCharArray();
        }

        @Override
        public void kill() throws Exception {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            awaitPort(port, false);
        }

        @Override
        public void restart() throws Exception {
            process = new ProcessBuilder(binary, "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
            awaitPort(port, true);
        }

        @Override
        public void close() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The unit's own broker, as {@code run} starts it on loopback (anonymous); by default the one {@code run} picks. */
    final class Embedded implements TestBroker {
        private final Path dir;
        private final int port;
        private final LocalBroker.Kind kind;
        private LocalBroker broker;

        Embedded(Path dir) throws Exception {
            this(dir, LocalBroker.available());
        }

        Embedded(Path dir, LocalBroker.Kind kind) throws Exception {
            this.dir = dir;
            this.port = freePort();
            this.kind = kind;
            restart();
        }

        @Override
        public String name() {
            return kind == LocalBroker.Kind.DEV ? "dev" : "own-mosquitto";
        }

        @Override
        public String url() {
            return "tcp://127.0.0.1:" + port;
        }

        @Override
        public String user() {
            return null;
        }

        @Override
        public char[] password() {
            return null;
        }

        @Override
        public void kill() throws Exception {
            broker.close(); // as a crash would, but without the unit's restart: the test restarts it
            awaitPort(port, false);
        }

        @Override
        public void restart() throws Exception {
            broker = LocalBroker.start(LocalBroker.Settings.of("127.0.0.1", port, 0, dir, false).with(kind));
        }

        @Override
        public void close() {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
