package dev.quietlegs.firmware.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The phone's page: a fixed list of files inside the jar, read and compressed once. Only these
 * are ever served (a path is looked up, never resolved against a directory), so nothing outside
 * the bundle can be reached whatever the request says.
 */
public final class Bundle {

    /** One file: its bytes, gzipped once ({@code null} for a PNG, compressed already), and its validator. */
    public record Asset(String path, String type, byte[] bytes, byte[] gzipped, String etag) {
    }

    /** The served path and the file under {@code /web/} in the jar, with its media type. */
    private static final String[][] FILES = {
        {"/index.html", "index.html", "text/html; charset=utf-8"},
        {"/app.js", "app.js", "text/javascript; charset=utf-8"},
        {"/app.css", "app.css", "text/css; charset=utf-8"},
        {"/mqtt.min.js", "vendor/mqtt.min.js", "text/javascript; charset=utf-8"},
        {"/manifest.webmanifest", "manifest.webmanifest", "application/manifest+json"},
        {"/icon.svg", "icon.svg", "image/svg+xml"},
        {"/icon-192.png", "icon-192.png", "image/png"},
        {"/icon-512.png", "icon-512.png", "image/png"},
    };

    private static final Pattern INLINE_STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private final Map<String, Asset> assets;
    private final String inlineStyleHash;

    private Bundle(Map<String, Asset> assets, String inlineStyleHash) {
        this.assets = assets;
        this.inlineStyleHash = inlineStyleHash;
    }

    /** Reads the bundle from the jar. */
    public static Bundle load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String[] f : FILES) {
            byte[] bytes = read("/web/" + f[1]);
            byte[] gzipped = f[2].equals("image/png") ? null : gzip(bytes);
            assets.put(f[0], new Asset(f[0], f[2], bytes, gzipped, "\"" + hex(sha256(bytes), 16) + "\""));
        }
        // The first paint's background lives in a tiny inline style (no white flash before app.css
        // arrives); the CSP allows exactly that block by its hash, never inline styles in general.
        String html = new String(assets.get("/index.html").bytes(), StandardCharsets.UTF_8);
        Matcher m = INLINE_STYLE.matcher(html);
        String hash = m.find()
                ? "'sha256-" + Base64.getEncoder().encodeToString(sha256(m.group(1).getBytes(StandardCharsets.UTF_8)))
                        + "'"
                : null;
        return new Bundle(Map.copyOf(assets), hash);
    }

    /** The file served at this path ({@code /} is the page), or {@code null}. */
    public Asset find(String path) {
        return assets.get(path.equals("/") ? "/index.html" : path);
    }

    public java.util.Collection<Asset> all() {
        return assets.values();
    }

    /** The CSP source allowing the page's one inline style block, or {@code null} if it has none. */
    public String inlineStyleHash() {
        return inlineStyleHash;
    }

    private static byte[] read(String resource) {
        try (InputStream in = Bundle.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the phone's page is missing " + resource + " from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
            }
        }) {
            z.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes, int n) {
        return HexFormat.of().formatHex(bytes, 0, n / 2);
    }
}
