package dev.rift.storage.testing;

import dev.rift.storage.cluster.LocalCluster;
import dev.rift.storage.cluster.PgBinaries;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * A PostgreSQL server for tests, as provided by {@link UpstreamExtension}: one per test JVM, shared
 * by all test classes. The user is a superuser (for a local cluster or container) or whatever
 * {@code RIFT_TEST_UPSTREAM} names (which then needs CREATEDB for {@link #createDatabase()}).
 *
 * <p>Tests that change data should work in their own database: {@link #createDatabase()} for an
 * empty one, {@link #copyDatabase(String)} for a full copy (the oracle for branch behaviour).
 */
public interface TestUpstream {

    String host();

    int port();

    String user();

    String password();

    /** The shared default database ({@code rift_test} for local clusters and containers). */
    String database();

    /**
     * The PostgreSQL binaries the server runs from, or {@code null} when the upstream is not a
     * cluster on this machine (a {@code RIFT_TEST_UPSTREAM} URL or a Testcontainers container).
     * For client tools regardless of mode, use {@link PgBinaries#locate()}.
     */
    PgBinaries binaries();

    /** How this upstream was provided: {@code "local cluster"}, {@code "container"} or {@code "RIFT_TEST_UPSTREAM"}. */
    String kind();

    /** {@code jdbc:postgresql://host:port/database()}. */
    default String jdbcUrl() {
        return jdbcUrl(database());
    }

    /** {@code jdbc:postgresql://host:port/db} (user and password go separately: see {@link #connect(String)}). */
    default String jdbcUrl(String db) {
        return "jdbc:postgresql://" + hostForUrl() + ":" + port() + "/" + URLEncoder.encode(db, StandardCharsets.UTF_8);
    }

    /** {@code postgres://user:password@host:port/database()}, as libpq, psql and rift's CLI take it. */
    default String url() {
        return url(database());
    }

    /** {@code postgres://user:password@host:port/db} with user and password percent-encoded. */
    default String url(String db) {
        return "postgres://" + percentEncode(user()) + ":" + percentEncode(password()) + "@" + hostForUrl() + ":"
                + port() + "/" + percentEncode(db);
    }

    /** A new connection to {@link #database()}. */
    default Connection connect() throws SQLException {
        return connect(database());
    }

    /** A new connection to {@code db}. */
    default Connection connect(String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        p.setProperty("password", password());
        return DriverManager.getConnection(jdbcUrl(db), p);
    }

    /** Creates a fresh, empty database (from {@code template0}) with a unique name and returns the name. */
    default String createDatabase() {
        String name = uniqueDatabaseName();
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quoteIdent(name) + " TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + this + ": " + e.getMessage(), e);
        }
        return name;
    }

    /**
     * Creates a full copy of {@code template} ({@code CREATE DATABASE x TEMPLATE template}) with a
     * unique name and returns the name. Other sessions connected to {@code template} are terminated
     * first, since PostgreSQL refuses to copy a database in use.
     */
    default String copyDatabase(String template) {
        String name = uniqueDatabaseName();
        SQLException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Connection c = adminConnection(); Statement s = c.createStatement()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                + "WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    ps.setString(1, template);
                    ps.execute();
                }
                s.execute("CREATE DATABASE " + quoteIdent(name) + " TEMPLATE " + quoteIdent(template));
                return name;
            } catch (SQLException e) {
                last = e;
                if (!"55006".equals(e.getSQLState())) { // 55006: source database is being accessed by other users
                    break;
                }
                sleepQuietly(200L * (attempt + 1));
            }
        }
        throw new IllegalStateException("cannot copy database " + template + " to " + name + " on " + this + ": "
                + last.getMessage(), last);
    }

    /** Drops {@code db} if it exists, disconnecting its sessions. */
    default void dropDatabase(String db) {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quoteIdent(db) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop database " + db + " on " + this + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- construction

    /** An upstream for an existing server; {@code binaries} may be null. */
    static TestUpstream of(String kind, String host, int port, String user, String password, String database,
                           PgBinaries binaries) {
        return new SimpleTestUpstream(kind, host, port, user, password, database, binaries);
    }

    /** An upstream for a {@link LocalCluster}'s superuser and the given database. */
    static TestUpstream of(LocalCluster cluster, String database) {
        return of("local cluster", cluster.host(), cluster.port(), cluster.superuser(), cluster.password(), database,
                cluster.binaries());
    }

    // ---------------------------------------------------------------- helpers

    /** A connection for CREATE/DROP DATABASE: to {@code postgres}, else to {@link #database()}. */
    private Connection adminConnection() throws SQLException {
        try {
            return connect("postgres");
        } catch (SQLException e) {
            return connect(database());
        }
    }

    private String hostForUrl() {
        String h = host();
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    /** A fresh database name: {@code rift_t_} and 16 random hex digits. */
    static String uniqueDatabaseName() {
        return "rift_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** SQL identifier quoting. */
    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters. */
    static String percentEncode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return b.toString();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
