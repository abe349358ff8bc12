package dev.rift.router.control;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.PgBinaries;
import dev.rift.storage.testing.TestUpstream;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A fresh upstream database with rift serving it, and clients of its database {@code rift}: pgjdbc and psql. */
final class ControlFixture implements AutoCloseable {
    final TestUpstream pg;
    final String db;
    final RiftServer rift;
    /** The connection {@link #json} parses with, opened on first use. */
    private Connection jsonReader;

    private ControlFixture(TestUpstream pg, String db, RiftServer rift) {
        this.pg = pg;
        this.db = db;
        this.rift = rift;
    }

    static ControlFixture start(TestUpstream pg, String... setup) throws Exception {
        String db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            for (String sql : setup) {
                st.execute(sql);
            }
        }
        RiftServer rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(db))));
        return new ControlFixture(pg, db, rift);
    }

    /** A pgjdbc connection to {@code database} through rift; {@code queryMode} "simple" or "extended". */
    Connection connect(String database, String queryMode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("preferQueryMode", queryMode);
        p.setProperty("socketTimeout", "60");
        p.setProperty("ApplicationName", "rift control test");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + database, p);
    }

    /** A pgjdbc connection to database {@code rift} through rift as another role of the upstream. */
    Connection control(String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/rift", p);
    }

    int port() {
        return rift.port();
    }

    Connection control() throws SQLException {
        return connect("rift", "extended");
    }

    Connection branch(String name) throws SQLException {
        return connect(name, "extended");
    }

    Connection upstream() throws SQLException {
        return pg.connect(db);
    }

    /** Every row of a query, each column as text. */
    static List<List<String>> rows(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<List<String>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    /** A JSON object of text values read by PostgreSQL's own JSON parser (null for SQL NULL). */
    Map<String, String> json(String json) throws SQLException {
        if (json == null) {
            return null;
        }
        if (jsonReader == null) {
            jsonReader = upstream();
        }
        try (PreparedStatement ps = jsonReader.prepareStatement("SELECT key, value FROM json_each_text(?::json)")) {
            ps.setString(1, json);
            Map<String, String> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        }
    }

    /** psql -c, through rift, on database {@code rift}; the SQLSTATE is printed with errors (VERBOSITY verbose). */
    ExternalCommand.Result psql(String... commands) {
        List<String> argv = new ArrayList<>(List.of(PgBinaries.locate().psql().toString(), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose"));
        for (String c : commands) {
            argv.add("-c");
            argv.add(c);
        }
        argv.add("postgresql://" + pg.user() + "@127.0.0.1:" + rift.port() + "/rift");
        return ExternalCommand.of(argv).env("PGPASSWORD", pg.password()).env("PGCLIENTENCODING", "UTF8")
                .env("PAGER", "").timeout(Duration.ofSeconds(60)).runAllowingFailure();
    }

    @Override
    public void close() {
        try (Connection reader = jsonReader) {
            // closed before the database is dropped
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try {
            rift.close();
        } finally {
            pg.dropDatabase(db);
        }
    }
}
