package dev.rift.router.migrations;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.router.differential.BranchSide;
import dev.rift.router.differential.FixtureDatabase;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.testsupport.SchemaListing;
import dev.rift.testsupport.UpstreamData;
import dev.rift.testsupport.UserRows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Where a migration runs, twice: on a rift branch {@value #BRANCH} of an upstream holding the differential fixture,
 * and on a full copy of that upstream (CREATE DATABASE ... TEMPLATE, the oracle). A second branch
 * {@value #BYSTANDER} is made before anything migrates; it must never see the migration. The upstream's rows and
 * its own catalog are recorded before, to be compared after.
 *
 * <p>With {@link BranchSide#isCopy()} the branch and the bystander are further full copies (see {@link BranchSide}).
 */
final class MigrationTargets implements AutoCloseable {
    static final String BRANCH = "migrated";
    static final String BYSTANDER = "bystander";
    private static final Logger log = LoggerFactory.getLogger(MigrationTargets.class);

    final TestUpstream pg;
    private final String upstreamDb;
    private final String pristine;
    private final String copy;
    private final RiftServer rift;
    private final String branchAsCopy;
    private final String bystanderAsCopy;
    private final Map<String, String> upstreamRowsBefore;
    private final SchemaListing upstreamCatalogBefore;
    private final Map<String, String> upstreamDataBefore;
    private final StatementLog copyLog;

    private MigrationTargets(TestUpstream pg, String upstreamDb, String pristine, String copy, RiftServer rift,
                             String branchAsCopy, String bystanderAsCopy, Map<String, String> rows,
                             SchemaListing catalog, Map<String, String> data, StatementLog copyLog) {
        this.pg = pg;
        this.upstreamDb = upstreamDb;
        this.pristine = pristine;
        this.copy = copy;
        this.rift = rift;
        this.branchAsCopy = branchAsCopy;
        this.bystanderAsCopy = bystanderAsCopy;
        this.upstreamRowsBefore = rows;
        this.upstreamCatalogBefore = catalog;
        this.upstreamDataBefore = data;
        this.copyLog = copyLog;
    }

    static MigrationTargets start(TestUpstream pg) throws Exception {
        String upstreamDb = FixtureDatabase.create(pg);
        // Copies are made from a pristine copy nobody connects to (a template must have no sessions).
        String pristine = pg.copyDatabase(upstreamDb);
        String copy = pg.copyDatabase(pristine);
        StatementLog copyLog = StatementLog.enable(pg, copy);
        Map<String, String> rows;
        SchemaListing catalog;
        Map<String, String> data;
        try (Connection c = pg.connect(upstreamDb)) {
            rows = UserRows.of(c);
            catalog = SchemaListing.of(c);
            data = UpstreamData.of(c);
        }
        RiftServer rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(upstreamDb))));
        rift.engine().install();
        String branchAsCopy = null;
        String bystanderAsCopy = null;
        if (BranchSide.isCopy()) {
            log.warn("{} is set: the 'branch' side is a second full copy, not a rift branch", BranchSide.BRANCH_IS_COPY);
            branchAsCopy = pg.copyDatabase(pristine);
            bystanderAsCopy = pg.copyDatabase(pristine);
        } else {
            rift.engine().createBranch(BYSTANDER, null);
            rift.engine().createBranch(BRANCH, null);
        }
        return new MigrationTargets(pg, upstreamDb, pristine, copy, rift, branchAsCopy, bystanderAsCopy, rows, catalog,
                data, copyLog);
    }

    /** JDBC URL of the branch the migration runs on (through rift). */
    String branchUrl() {
        return branchAsCopy != null ? pg.jdbcUrl(branchAsCopy) : "jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + BRANCH;
    }

    String bystanderUrl() {
        return bystanderAsCopy != null ? pg.jdbcUrl(bystanderAsCopy)
                : "jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + BYSTANDER;
    }

    /** JDBC URL of the full copy (directly). */
    String copyUrl() {
        return pg.jdbcUrl(copy);
    }

    /** The copy's database name (what psql prints where a branch's name appears). */
    String copyDatabase() {
        return copy;
    }

    /** The branch's database name as clients give it. */
    String branchDatabase() {
        return branchAsCopy != null ? branchAsCopy : BRANCH;
    }

    /** libpq URL of the branch, for psql. */
    String branchLibpqUrl() {
        return branchAsCopy != null ? pg.url(branchAsCopy)
                : "postgres://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + rift.port() + "/" + BRANCH;
    }

    String copyLibpqUrl() {
        return pg.url(copy);
    }

    Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("socketTimeout", "120");
        return p;
    }

    Connection branch() throws SQLException {
        return DriverManager.getConnection(branchUrl(), credentials());
    }

    Connection bystander() throws SQLException {
        return DriverManager.getConnection(bystanderUrl(), credentials());
    }

    Connection copy() throws SQLException {
        return DriverManager.getConnection(copyUrl(), credentials());
    }

    /** A direct connection to the upstream database (not through rift). */
    Connection upstream() throws SQLException {
        return pg.connect(upstreamDb);
    }

    Map<String, String> upstreamRowsBefore() {
        return upstreamRowsBefore;
    }

    Map<String, String> upstreamDataBefore() {
        return upstreamDataBefore;
    }

    SchemaListing upstreamCatalogBefore() {
        return upstreamCatalogBefore;
    }

    StatementLog copyLog() {
        return copyLog;
    }

    @Override
    public void close() {
        try {
            copyLog.disable();
            rift.close();
        } finally {
            for (String db : new String[] {copy, branchAsCopy, bystanderAsCopy, pristine, upstreamDb}) {
                if (db != null) {
                    pg.dropDatabase(db);
                }
            }
        }
    }
}
