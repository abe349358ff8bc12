package dev.rift.cow;

import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.testsupport.UpstreamData;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One test class's world: a fresh upstream database with the class's schema, optionally a full copy of it taken
 * before any branch exists (the oracle for differential tests), and an engine over the upstream. Closing it checks
 * that the upstream's user data ({@link UpstreamData}: rows, sequences, catalog, roles) is exactly as it was, then
 * drops both databases.
 */
final class EngineFixture implements AutoCloseable {
    private static final AtomicInteger BRANCHES = new AtomicInteger();

    final TestUpstream pg;
    final String db;
    final String oracleDb;
    final OverlayEngine engine;
    private final Map<String, String> checksum;

    private EngineFixture(TestUpstream pg, String db, String oracleDb, OverlayEngine engine,
                          Map<String, String> checksum) {
        this.pg = pg;
        this.db = db;
        this.oracleDb = oracleDb;
        this.engine = engine;
        this.checksum = checksum;
    }

    /** A database with {@code schema} run in it, its oracle copy, and an engine with the catalog installed. */
    static EngineFixture withOracle(TestUpstream pg, String schema) throws SQLException {
        return start(pg, schema, true);
    }

    static EngineFixture start(TestUpstream pg, String schema) throws SQLException {
        return start(pg, schema, false);
    }

    private static EngineFixture start(TestUpstream pg, String schema, boolean oracle) throws SQLException {
        String db = pg.createDatabase();
        Map<String, String> checksum;
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute(schema);
            checksum = UpstreamData.of(c);
        }
        String oracleDb = oracle ? pg.copyDatabase(db) : null;
        OverlayEngine engine = OverlayEngine.open(UpstreamUrl.parse(pg.url(db)));
        engine.install();
        return new EngineFixture(pg, db, oracleDb, engine, checksum);
    }

    Connection connect() throws SQLException {
        return pg.connect(db);
    }

    Connection connectOracle() throws SQLException {
        return pg.connect(oracleDb);
    }

    /** A new branch from main with a name no other test uses. */
    String newBranch() {
        String name = "b" + BRANCHES.incrementAndGet();
        engine.createBranch(name, null);
        return name;
    }

    @Override
    public void close() throws SQLException {
        try {
            engine.close();
            try (Connection c = connect()) {
                assertEquals(checksum, UpstreamData.of(c), "the upstream's user data changed");
            }
        } finally {
            pg.dropDatabase(db);
            if (oracleDb != null) {
                pg.dropDatabase(oracleDb);
            }
        }
    }
}
