package dev.rift.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard page's files, from the classpath under {@value #ROOT} (no build step): {@code /} is
 * {@code index.html}, {@code /assets/*} the files under {@code assets/}. Read once and kept, since they never change
 * while the server runs. Paths with {@code ..} or a backslash are never looked up.
 */
public final class StaticAssets {
    static final String ROOT = "/dev/rift/web/static/";

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    /** A file to send: its bytes and content type. */
    public record Asset(byte[] bytes, String contentType) {
    }

    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** Whether {@code path} is one of the page's paths (answered here, without a token, 404 when missing). */
    public static boolean serves(String path) {
        return path.equals("/") || path.equals("/index.html") || path.startsWith("/assets/");
    }

    public Optional<Asset> find(String path) {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (name.contains("..") || name.contains("\\") || name.contains("//") || name.endsWith("/")) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, StaticAssets::load);
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new Asset(in.readAllBytes(), contentType(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT + name, e);
        }
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
