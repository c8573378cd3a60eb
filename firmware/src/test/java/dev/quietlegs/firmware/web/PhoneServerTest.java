package dev.quietlegs.firmware.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The phone's page as a browser gets it from a real server on a loopback port. */
class PhoneServerTest {

    private static PhoneServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws IOException {
        server = PhoneServer.start("127.0.0.1", 0, new PhoneServer.Site("bedside", "QuietLegs bedside unit", 9001,
                "quietlegs"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A request written by hand: the path and Host exactly as given, which HttpClient would not send. */
    private static String raw(String requestLine, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((requestLine + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String header(String response, String name) {
        for (String line : response.split("\r\n")) {
            if (line.toLowerCase().startsWith(name.toLowerCase() + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    @Test
    void thePageComesWithAStrictPolicyAndItsBackgroundInTheFirstBytes() throws Exception {
        var r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        String html = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(html.substring(0, 160)).contains("background:#000").startsWith("<!doctype html>");
        assertThat(html).contains("<meta name=\"color-scheme\" content=\"dark\">").doesNotContain("http://", "https://");
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self';", "base-uri 'none'", "frame-ancestors 'none'",
                "connect-src 'self' ws://127.0.0.1:9001;").doesNotContain("unsafe-inline", "unsafe-eval", "*", "blob:");
        // The one inline style is allowed by its own hash, and only it.
        String style = html.substring(html.indexOf("<style>") + 7, html.indexOf("</style>"));
        String hash = java.util.Base64.getEncoder().encodeToString(Bundle.sha256(style.getBytes(StandardCharsets.UTF_8)));
        assertThat(csp).contains("style-src 'self' 'sha256-" + hash + "';");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void theWebSocketItMayReachIsOnTheHostThePhoneUsedAndAForgedHostGetsNone() throws Exception {
        String lan = raw("GET / HTTP/1.1", "192.168.1.20:8080");
        assertThat(header(lan, "Content-Security-Policy")).contains("connect-src 'self' ws://192.168.1.20:9001;");
        String forged = raw("GET / HTTP/1.1", "evil.example/x\"; script-src *");
        assertThat(header(forged, "Content-Security-Policy")).contains("connect-src 'self';").doesNotContain("evil");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/app.js, text/javascript; charset=utf-8",
        "/app.css, text/css; charset=utf-8",
        "/mqtt.min.js, text/javascript; charset=utf-8",
        "/manifest.webmanifest, application/manifest+json",
        "/icon.svg, image/svg+xml",
        "/icon-192.png, image/png",
        "/icon-512.png, image/png",
    })
    void everyFileOfTheBundleIsServedWithItsType(String path, String type) throws Exception {
        var r = get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains(type);
        assertThat(r.body()).isEqualTo(server == null ? null : Bundle.load().find(path).bytes());
        assertThat(r.headers().firstValue("Content-Security-Policy")).isEmpty(); // only documents need one
    }

    @Test
    void textIsGzippedWhenTheBrowserTakesItAndUnpacksToTheSameBytes() throws Exception {
        var plain = get("/mqtt.min.js");
        var zipped = get("/mqtt.min.js", "Accept-Encoding", "gzip, deflate");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(zipped.headers().firstValue("Vary")).contains("Accept-Encoding");
        assertThat(zipped.body().length).isLessThan(plain.body().length / 3);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        // PNGs are compressed already: sent as they are.
        assertThat(get("/icon-512.png", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void anUnchangedFileIsNotSentAgain() throws Exception {
        String etag = get("/app.js").headers().firstValue("ETag").orElseThrow();
        var again = get("/app.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/app.js", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void theConfigurationTellsTheDeviceAndTheWebSocketPortAndNothingSecret() throws Exception {
        var r = get("/config.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"device\":\"bedside\",\"name\":\"QuietLegs bedside unit\",\"websocket_port\":9001,\"user\":\"quietlegs\"}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/nothing", "/index.htm", "/web/index.html", "/vendor/mqtt.min.js", "/vendor/README.md",
        "/../pom.xml", "/%2e%2e/%2e%2e/pom.xml", "/..%2fquietlegs.yaml", "/dev/quietlegs/firmware/cli/Main.class",
        "/quietlegs/default-config/quietlegs.yaml", "/tinylog.properties", "//etc/passwd", "/app.js/", "/APP.JS"})
    void nothingOutsideTheBundleIsServed(String path) throws Exception {
        String r = raw("GET " + path + " HTTP/1.1", "127.0.0.1");
        assertThat(r).startsWith("HTTP/1.1 404");
        assertThat(r).doesNotContain("firmware", "quietlegs:", "root:");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS"})
    void onlyReadingIsAllowed(String method) throws Exception {
        String r = raw(method + " / HTTP/1.1", "127.0.0.1");
        assertThat(r).startsWith("HTTP/1.1 405");
        assertThat(header(r, "Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void headSendsTheHeadersAlone() throws Exception {
        String r = raw("HEAD /app.css HTTP/1.1", "127.0.0.1");
        assertThat(r).startsWith("HTTP/1.1 200");
        assertThat(r.substring(r.indexOf("\r\n\r\n") + 4)).isEmpty();
    }

    /** The vendored MQTT.js is byte for byte the one whose checksum vendor/README.md records. */
    @Test
    void theVendoredMqttJsIsTheRecordedOne() throws Exception {
        String readme = Files.readString(Path.of("src/main/resources/web/vendor/README.md"));
        String sha = HexFormat.of().formatHex(Bundle.sha256(get("/mqtt.min.js").body()));
        assertThat(readme).contains("| mqtt.min.js | " + sha + " |");
        assertThat(Path.of("src/main/resources/web/vendor/mqtt.LICENSE.md")).content().contains("The MIT License");
    }

    @Test
    void requestsAreServedOffTheCallersThreadsByTheServersOwnBoundedPool() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(get("/app.css").statusCode()).isEqualTo(200);
        }
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("phone-page-")).count()).isBetween(1L, (long) PhoneServer.THREADS);
    }

    /** Half-sent requests, more than there are threads, are cut off and the page is served again. */
    @Test
    void clientsThatSendHalfARequestCannotHoldThePage() throws Exception {
        Socket[] slow = new Socket[PhoneServer.THREADS + 2];
        try {
            for (int i = 0; i < slow.length; i++) {
                slow[i] = new Socket("127.0.0.1", server.port());
                slow[i].setSoTimeout((PhoneServer.MAX_REQUEST_S + 10) * 1000);
                slow[i].getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0".getBytes(StandardCharsets.ISO_8859_1));
            }
            for (Socket s : slow) {
                assertThat(closedByTheServer(s)).isTrue();
            }
        } finally {
            for (Socket s : slow) {
                if (s != null) {
                    s.close();
                }
            }
        }
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    /** The end of the stream, or a reset: the server closed it (a timeout throws instead). */
    private static boolean closedByTheServer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void aPortInUseIsAnErrorNotAHang() throws Exception {
        try (PhoneServer other = PhoneServer.start("127.0.0.1", 0, new PhoneServer.Site("b", "B", 1, "u"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PhoneServer.start("127.0.0.1", other.port(),
                    new PhoneServer.Site("b", "B", 1, "u"))).isInstanceOf(java.net.BindException.class);
        }
    }
}
