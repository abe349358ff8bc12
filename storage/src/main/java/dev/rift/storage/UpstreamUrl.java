package dev.rift.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the upstream PostgreSQL is: parsed from a {@code postgres://} / {@code postgresql://}
 * URL as libpq writes them, or from a {@code jdbc:postgresql://} URL.
 */
public record UpstreamUrl(String host, int port, String database, String user, String password,
                          SslMode sslMode, String sslRootCert) {

    public static final int DEFAULT_PORT = 5432;

    public UpstreamUrl {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("upstream URL has no host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("upstream URL has an invalid port: " + port);
        }
    }

    public static UpstreamUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no upstream URL given (use --upstream or RIFT_UPSTREAM)");
        }
        String s = url.trim();
        boolean jdbc = s.startsWith("jdbc:postgresql://");
        if (jdbc) {
            s = "postgres://" + s.substring("jdbc:postgresql://".length());
        } else if (s.startsWith("postgresql://")) {
            s = "postgres://" + s.substring("postgresql://".length());
        } else if (!s.startsWith("postgres://")) {
            throw new IllegalArgumentException("upstream URL must start with postgres://, postgresql:// or "
                    + "jdbc:postgresql://, got \"" + redact(url) + "\"");
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("unparseable upstream URL \"" + redact(url) + "\": " + e.getReason());
        }
        if (uri.getHost() == null) {
            // java.net.URI leaves the host out, rather than failing, when the authority is not host[:port].
            throw new IllegalArgumentException(uri.getRawAuthority() == null
                    ? "upstream URL \"" + redact(url) + "\" has no host"
                    : "unparseable upstream URL \"" + redact(url) + "\": expected USER:PASSWORD@HOST:PORT with a numeric "
                    + "port before the database name");
        }
        Map<String, String> query = query(uri.getRawQuery());
        String user = query.get("user");
        String password = query.get("password");
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                password = decode(userInfo.substring(colon + 1));
            }
        }
        String path = uri.getRawPath();
        String database = path == null || path.length() <= 1 ? null : decode(path.substring(1));
        if (database == null) {
            database = user != null ? user : "postgres";
        }
        SslMode mode = query.containsKey("sslmode") ? SslMode.parse(query.get("sslmode")) : SslMode.PREFER;
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return new UpstreamUrl(uri.getHost(), port, database, user, password, mode, query.get("sslrootcert"));
    }

    /** The same server, another database. */
    public UpstreamUrl withDatabase(String db) {
        return new UpstreamUrl(host, port, db, user, password, sslMode, sslRootCert);
    }

    /** A pgjdbc URL for rift's own connections (user and password are passed separately). */
    public String jdbcUrl() {
        StringBuilder b = new StringBuilder("jdbc:postgresql://").append(hostForUrl()).append(':').append(port)
                .append('/').append(encode(database)).append("?sslmode=").append(sslMode.keyword());
        if (sslRootCert != null) {
            b.append("&sslrootcert=").append(encode(sslRootCert));
        }
        return b.toString();
    }

    /** The URL with the password masked, for logs and messages. */
    @Override
    public String toString() {
        return "postgres://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@")
                + hostForUrl() + ":" + port + "/" + database + "?sslmode=" + sslMode.keyword();
    }

    private String hostForUrl() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return m;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String redact(String url) {
        return url.replaceAll("(://[^:/@]*:)[^@]*@", "$1***@");
    }
}
