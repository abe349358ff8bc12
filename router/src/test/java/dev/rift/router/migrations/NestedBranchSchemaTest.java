package dev.rift.router.migrations;

import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.router.differential.BranchSide;
import dev.rift.router.differential.FixtureDatabase;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.SchemaListing;
import dev.rift.testsupport.UpstreamData;
import dev.rift.testsupport.UserRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Schema changes and branches made from branches: a child sees its parent's schema as it was when the child was
 * made, and the parent's later changes do not reach it (docs/ddl.md, "Branches of branches"). The oracle is a chain of full
 * copies made at the same moments (the child's copy is a copy of the parent's copy).
 */
@ExtendWith(UpstreamExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NestedBranchSchemaTest {
    private static final String[] PARENT_BEFORE_CHILD = {
        "ALTER TABLE customers ADD COLUMN nickname text NOT NULL DEFAULT 'none'",
        "UPDATE customers SET nickname = 'c' || id WHERE id <= 10",
        "CREATE TABLE wishlists (id serial PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers(id),"
                + " product_id integer NOT NULL REFERENCES products(id), UNIQUE (customer_id, product_id))",
        "INSERT INTO wishlists (customer_id, product_id) SELECT id, 1 + id % 100 FROM customers WHERE id <= 50",
        "CREATE INDEX orders_status_idx ON orders (status)",
        "ALTER TABLE settings RENAME TO app_settings",
    };
    private static final String[] PARENT_AFTER_CHILD = {
        "ALTER TABLE customers DROP COLUMN nickname",
        "DROP TABLE wishlists",
        "CREATE TABLE parent_only (id integer PRIMARY KEY)",
        "INSERT INTO wishlists (customer_id, product_id) VALUES (2, 3)",
        "ALTER TABLE app_settings RENAME TO settings",
    };

    private TestUpstream pg;
    private String upstreamDb;
    private String pristine;
    private RiftServer rift;
    private final List<String> copies = new ArrayList<>();
    private SchemaListing upstreamCatalog;
    private Map<String, String> upstreamData;

    @BeforeAll
    void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        upstreamDb = FixtureDatabase.create(pg);
        pristine = pg.copyDatabase(upstreamDb);
        try (Connection c = pg.connect(upstreamDb)) {
            upstreamCatalog = SchemaListing.of(c);
            upstreamData = UpstreamData.of(c);
        }
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(upstreamDb))));
        rift.engine().install();
    }

    @AfterAll
    void stop() {
        try {
            rift.close();
        } finally {
            copies.forEach(pg::dropDatabase);
            pg.dropDatabase(pristine);
            pg.dropDatabase(upstreamDb);
        }
    }

    @Test
    void aMigratedBranchMatchesItsCopyASiblingSeesNothingAndAChildKeepsTheSchemaItWasMadeWith() throws Exception {
        String parentCopy = copy(pristine);
        String parent = branch("parent", null, parentCopy);
        String sibling = branch("sibling", null, copy(pristine));
        List<String> parentLog = new ArrayList<>();
        parentLog.addAll(runOnBoth(parent, parentCopy, PARENT_BEFORE_CHILD));
        String childCopy = copy(parentCopy);
        String child = branch("child", "parent", childCopy);
        parentLog.addAll(runOnBoth(parent, parentCopy, PARENT_AFTER_CHILD));

        assertEquals(List.of(), parentLog, "every statement on the parent did as on its copy");
        assertSameDatabase(parentCopy, parent, "parent");
        assertSameDatabase(childCopy, child, "child");
        try (Connection s = connect(sibling)) {
            assertEquals(upstreamCatalog, SchemaListing.of(s), "a sibling made from main sees none of it");
        }
        try (Connection u = pg.connect(upstreamDb)) {
            assertEquals(upstreamCatalog, SchemaListing.of(u), "the upstream's catalog is untouched");
            assertEquals(upstreamData, UpstreamData.of(u), "the upstream's user data is untouched");
        }
    }

    /** Runs each statement on the branch and on its copy; returns the statements whose outcomes differed. */
    private List<String> runOnBoth(String branch, String copy, String[] statements) throws SQLException {
        List<String> differing = new ArrayList<>();
        try (Connection b = connect(branch); Connection c = pg.connect(copy)) {
            for (String sql : statements) {
                String expected = outcome(c, sql);
                String actual = outcome(b, sql);
                if (!expected.equals(actual)) {
                    differing.add(sql + ": copy " + expected + ", branch " + actual);
                }
            }
        }
        return differing;
    }

    private static String outcome(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            return "ok " + st.getUpdateCount();
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private void assertSameDatabase(String copy, String branch, String what) throws SQLException {
        try (Connection c = pg.connect(copy); Connection b = connect(branch)) {
            assertEquals(SchemaListing.of(c), SchemaListing.of(b), "the " + what + "'s schema");
            assertEquals(UserRows.of(c), UserRows.of(b), "the " + what + "'s rows");
        }
    }

    private String copy(String template) {
        String db = pg.copyDatabase(template);
        copies.add(db);
        return db;
    }

    /** A branch (or, with {@link BranchSide#isCopy()}, a further copy of {@code itsCopy} made at the same moment). */
    private String branch(String name, String parent, String itsCopy) {
        if (BranchSide.isCopy()) {
            return copy(itsCopy);
        }
        rift.engine().createBranch(name, parent);
        return name;
    }

    private Connection connect(String branch) throws SQLException {
        if (BranchSide.isCopy()) {
            return pg.connect(branch);
        }
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + branch, p);
    }
}
