package dev.rift.cli;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One CLI test class's upstream: a database with the class's tables, {@code rift init} run on it when asked, and a
 * rift server in front of it when asked. Closing it stops the server and drops what it made.
 */
final class CliUpstream implements AutoCloseable {
    /** The class's tables and rows. */
    interface Tables {
        void create(Statement st) throws SQLException;
    }

    final TestUpstream pg;
    /** The fixture nobody connects to, so copies of it never end the server's sessions; null when there is none. */
    final String pristine;
    final String db;
    final String url;
    /** Null when not served. */
    final RiftServer rift;

    private CliUpstream(TestUpstream pg, String pristine, String db, RiftServer rift) {
        this.pg = pg;
        this.pristine = pristine;
        this.db = db;
        this.url = pg.url(db);
        this.rift = rift;
    }

    /** A database with the tables, nothing of rift's in it. */
    static CliUpstream of(TestUpstream pg, Tables tables) throws SQLException {
        return new CliUpstream(pg, null, withTables(pg, tables), null);
    }

    /** A database with the tables, {@code rift init} run on it. */
    static CliUpstream initialized(TestUpstream pg, Tables tables) throws SQLException {
        CliUpstream u = of(pg, tables);
        init(u.url);
        return u;
    }

    /** A database with the tables, initialized, and a rift server in front of it. */
    static CliUpstream served(TestUpstream pg, Tables tables) throws Exception {
        String db = withTables(pg, tables);
        init(pg.url(db));
        return new CliUpstream(pg, null, db, serve(pg.url(db)));
    }

    /** As {@link #served}, on a copy of a pristine database with the tables (main never changes the pristine one). */
    static CliUpstream servedCopy(TestUpstream pg, Tables tables) throws Exception {
        String pristine = withTables(pg, tables);
        String db = pg.copyDatabase(pristine);
        init(pg.url(db));
        return new CliUpstream(pg, pristine, db, serve(pg.url(db)));
    }

    private static String withTables(TestUpstream pg, Tables tables) throws SQLException {
        String db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            tables.create(st);
        }
        return db;
    }

    private static void init(String url) {
        assertEquals(0, Rift.run("init", "--upstream", url).exitCode());
    }

    private static RiftServer serve(String url) throws Exception {
        return RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(url)));
    }

    @Override
    public void close() {
        if (rift != null) {
            rift.close();
        }
        pg.dropDatabase(db);
        if (pristine != null) {
            pg.dropDatabase(pristine);
        }
    }
}
