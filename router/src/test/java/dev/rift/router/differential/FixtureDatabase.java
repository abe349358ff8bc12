package dev.rift.router.differential;

import dev.rift.storage.testing.TestUpstream;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;

/** The differential tests' upstream: a fresh database holding {@code differential/fixture.sql}, or another script. */
public final class FixtureDatabase {
    private FixtureDatabase() {}

    /** Creates a database with the fixture and then {@code extra} statements; returns its name. */
    public static String create(TestUpstream pg, String... extra) throws Exception {
        return createFrom(pg, "/differential/fixture.sql", extra);
    }

    /** Creates a database holding the SQL script {@code resource}, then {@code extra} statements; returns its name. */
    public static String createFrom(TestUpstream pg, String resource, String... extra) throws Exception {
        String db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement();
             InputStream in = FixtureDatabase.class.getResourceAsStream(resource)) {
            st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            for (String sql : extra) {
                st.execute(sql);
            }
        }
        return db;
    }
}
