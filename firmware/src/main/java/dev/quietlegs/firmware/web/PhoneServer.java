package dev.quietlegs.firmware.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.quietlegs.firmware.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Serves the phone's own remote: the page in the jar ({@link Bundle}) and {@code /config.json},
 * which tells it the device and the broker's WebSocket port. The page then talks MQTT to the
 * broker itself; this server knows nothing of sessions, holds no password and logs no request.
 *
 * <p>It runs on a few threads of its own (the JDK's {@code com.sun.net.httpserver}, module
 * jdk.httpserver), never the control loop's; with every thread busy and 32 requests waiting, the
 * next connection is closed, and a client gets {@value #MAX_REQUEST_S} s to send its request, so
 * the work stays bounded and nothing can hold the page for good.
 */
public final class PhoneServer implements AutoCloseable {

    /** What the page is told about the unit: nothing secret. */
    public record Site(String deviceId, String deviceName, int websocketPort, String user) {
    }

    /** Threads serving requests: a phone opens a handful of connections for the page. */
    static final int THREADS = 4;

    /** The longest a client may take to send a request, in seconds. */
    static final int MAX_REQUEST_S = 5;

    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(:\\d{1,5})?");

    private final HttpServer server;
    private final ExecutorService pool;
    private final Bundle bundle;
    private final byte[] config;
    private final int websocketPort;

    private PhoneServer(HttpServer server, ExecutorService pool, Bundle bundle, Site site) {
        this.server = server;
        this.pool = pool;
        this.bundle = bundle;
        this.websocketPort = site.websocketPort();
        this.config = new Json().begin().field("device", site.deviceId()).field("name", site.deviceName())
                .field("websocket_port", site.websocketPort()).field("user", site.user()).end().toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Starts serving on {@code host:port} (port 0: any free one, for tests).
     *
     * @throws IOException when the address cannot be bound, with the reason
     */
    public static PhoneServer start(String host, int port, Site site) throws IOException {
        Bundle bundle = Bundle.load();
        // The JDK's server reads a request on a pool thread and by default waits for it forever: a
        // client sending half a request would hold a thread for good, and a few would lock the page.
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_S));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", "30");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 16);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(32), r -> {
            Thread t = new Thread(r, "phone-page-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy()); // refused: the JDK's server closes that connection
        pool.allowCoreThreadTimeOut(true);
        PhoneServer s = new PhoneServer(server, pool, bundle, site);
        server.createContext("/", s::handle);
        server.setExecutor(pool);
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address to type on a phone: this machine's LAN address when listening on every interface. */
    public String url() {
        InetAddress bound = server.getAddress().getAddress();
        String host = bound.isAnyLocalAddress() ? lanAddress() : bound.getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Headers h = x.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("X-Frame-Options", "DENY");
            h.set("Cache-Control", "no-cache");
            String method = x.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                h.set("Allow", "GET, HEAD");
                send(x, 405, "text/plain; charset=utf-8", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8), false);
                return;
            }
            String path = x.getRequestURI().getRawPath();
            if (path.equals("/config.json")) {
                h.set("Cache-Control", "no-store");
                send(x, 200, "application/json", config, false);
                return;
            }
            Bundle.Asset a = bundle.find(path);
            if (a == null) {
                send(x, 404, "text/plain; charset=utf-8", "not here\n".getBytes(StandardCharsets.UTF_8), false);
                return;
            }
            if (a.type().startsWith("text/html")) {
                h.set("Content-Security-Policy", csp(x.getRequestHeaders().getFirst("Host")));
            }
            h.set("ETag", a.etag());
            if (a.etag().equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
                x.sendResponseHeaders(304, -1);
                return;
            }
            h.set("Vary", "Accept-Encoding");
            String accept = x.getRequestHeaders().getFirst("Accept-Encoding");
            boolean gzip = accept != null && accept.contains("gzip") && a.gzipped() != null;
            send(x, 200, a.type(), gzip ? a.gzipped() : a.bytes(), gzip);
        }
    }

    private static void send(HttpExchange x, int status, String type, byte[] body, boolean gzipped) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        if (gzipped) {
            x.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * Nothing but the page's own files, its one inline style by hash, and MQTT over WebSocket to
     * the broker on the host the phone used to reach this page.
     */
    String csp(String hostHeader) {
        String connect = "'self'";
        if (hostHeader != null && HOST.matcher(hostHeader).matches()) {
            String host = hostHeader.startsWith("[") ? hostHeader.substring(0, hostHeader.indexOf(']') + 1)
                    : hostHeader.replaceFirst(":\\d+$", "");
            connect = "'self' ws://" + host + ":" + websocketPort;
        }
        String style = bundle.inlineStyleHash() == null ? "'self'" : "'self' " + bundle.inlineStyleHash();
        return "default-src 'none'; script-src 'self'; style-src " + style + "; img-src 'self'; connect-src " + connect
                + "; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** The first site-local IPv4 address of an interface that is up, else this host's own name. */
    static String lanAddress() {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
