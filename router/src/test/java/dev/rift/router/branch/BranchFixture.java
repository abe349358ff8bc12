package dev.rift.router.branch;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.router.sql.PlanningLimits;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** A fresh upstream database with rift serving it: the fixture of the branch behaviour tests. */
public final class BranchFixture implements AutoCloseable {
    public final TestUpstream pg;
    final String db;
    public final RiftServer rift;

    private BranchFixture(TestUpstream pg, String db, RiftServer rift) {
        this.pg = pg;
        this.db = db;
        this.rift = rift;
    }

    public static BranchFixture start(TestUpstream pg, String... setup) throws Exception {
        return start(pg, PlanningLimits.DEFAULTS, setup);
    }

    /** The same with rift planning within {@code limits}. */
    public static BranchFixture start(TestUpstream pg, PlanningLimits limits, String... setup) throws Exception {
        String db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            for (String sql : setup) {
                st.execute(sql);
            }
        }
        return serving(pg, db, limits);
    }

    /** rift installed in and serving an existing database {@code db}, which {@link #close()} drops. */
    static BranchFixture serving(TestUpstream pg, String db) throws InterruptedException {
        return serving(pg, db, PlanningLimits.DEFAULTS);
    }

    private static BranchFixture serving(TestUpstream pg, String db, PlanningLimits limits)
            throws InterruptedException {
        RiftServer rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(db)))
                .withPlanning(limits));
        rift.engine().install();
        return new BranchFixture(pg, db, rift);
    }

    public void createBranch(String name, String parent) {
        rift.engine().createBranch(name, parent);
    }

    Connection branch(String name) throws SQLException {
        return branch(name, "extended");
    }

    public Connection branch(String name, String queryMode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("preferQueryMode", queryMode);
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + name, p);
    }

    public Connection upstream() throws SQLException {
        return pg.connect(db);
    }

    /** psql/pgbench style URL through rift. */
    String url(String branch) {
        return "postgresql://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + rift.port() + "/" + branch;
    }

    @Override
    public void close() {
        try {
            rift.close();
        } finally {
            pg.dropDatabase(db);
        }
    }
}
