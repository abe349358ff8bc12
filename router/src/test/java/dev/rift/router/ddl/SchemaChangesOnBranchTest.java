package dev.rift.router.ddl;

import dev.rift.router.RiftServer;
import dev.rift.router.ProxyConfig;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** DDL on an overlay branch changes the branch's schema only, in the client's transaction (docs/ddl.md). */
@ExtendWith(UpstreamExtension.class)
class SchemaChangesOnBranchTest {
    private static TestUpstream pg;
    private static String db;
    private static RiftServer rift;

    @BeforeAll
    static void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        db = pg.createDatabase();
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL UNIQUE)");
            st.execute("CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers,"
                    + " total numeric(10,2) NOT NULL CHECK (total >= 0))");
            st.execute("CREATE INDEX orders_customer ON orders (customer_id)");
            st.execute("INSERT INTO customers (name) VALUES ('ada'), ('bob')");
            st.execute("INSERT INTO orders (customer_id, total) VALUES (1, 10), (1, 20), (2, 5)");
        }
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(db))));
        rift.engine().install();
    }

    @AfterAll
    static void stop() {
        rift.close();
        pg.dropDatabase(db);
    }

    private static Connection branch(String name) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + rift.port() + "/" + name, p);
    }

    private static List<String> rows(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void aTableCreatedOnABranchHoldsRowsThereAndNowhereElse() throws Exception {
        rift.engine().createBranch("creates", null);
        rift.engine().createBranch("sibling", null);
        try (Connection c = branch("creates"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE notes (id serial PRIMARY KEY, order_id int REFERENCES orders, body text)");
            st.execute("INSERT INTO notes (order_id, body) VALUES (1, 'first'), (3, 'second')");
            assertEquals(List.of("1|1|first", "2|3|second"), rows(st, "SELECT * FROM notes ORDER BY id"));
            assertEquals(List.of("1|first"), rows(st, "SELECT n.id, n.body FROM public.notes n WHERE n.order_id = 1"));
            SQLException fk = assertThrows(SQLException.class,
                    () -> st.execute("INSERT INTO notes (order_id, body) VALUES (99, 'dangling')"));
            assertEquals("23503", fk.getSQLState(), fk.getMessage());
        }
        try (Connection c = branch("sibling"); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM notes"));
            assertEquals("42P01", e.getSQLState());
        }
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            assertEquals(List.of("f"), rows(st, "SELECT to_regclass('public.notes') IS NOT NULL"));
        }
    }

    @Test
    void addingAColumnToAnUpstreamTableChangesTheBranchOnly() throws Exception {
        rift.engine().createBranch("alters", null);
        try (Connection c = branch("alters"); Statement st = c.createStatement()) {
            st.execute("UPDATE orders SET total = 11 WHERE id = 1");
            st.execute("ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new'");
            st.execute("UPDATE orders SET status = 'paid' WHERE id = 2");
            assertEquals(List.of("1|11.00|new", "2|20.00|paid", "3|5.00|new"),
                    rows(st, "SELECT id, total, status FROM orders ORDER BY id"));
            st.execute("INSERT INTO orders (customer_id, total) VALUES (2, 7)");
            assertEquals(List.of("4|2|7.00|new"), rows(st, "SELECT * FROM orders WHERE id = 4"));
            SQLException fk = assertThrows(SQLException.class, () -> st.execute("DELETE FROM customers WHERE id = 2"));
            assertEquals("23503", fk.getSQLState(), fk.getMessage());
        }
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            assertEquals(List.of("1|10.00", "2|20.00", "3|5.00"), rows(st, "SELECT * FROM orders ORDER BY id")
                    .stream().map(r -> r.split("\\|")[0] + "|" + r.split("\\|")[2]).toList());
            assertEquals(List.of("3"), rows(st, "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_schema = 'public' AND table_name = 'orders'"));
        }
    }

    @Test
    void droppingAnUpstreamTableOnABranchGives42P01ThereAndLeavesItUpstream() throws Exception {
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE audit (at timestamptz, what text)");
        }
        rift.engine().createBranch("drops", null);
        try (Connection c = branch("drops"); Statement st = c.createStatement()) {
            st.execute("DROP TABLE audit");
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM audit"));
            assertEquals("42P01", e.getSQLState());
        }
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            assertEquals(List.of("0"), rows(st, "SELECT count(*) FROM audit"));
        }
    }

    @Test
    void ddlInARolledBackTransactionLeavesNothingBehind() throws Exception {
        rift.engine().createBranch("rolls-back", null);
        try (Connection c = branch("rolls-back"); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("CREATE TABLE scratch (id int PRIMARY KEY)");
            st.execute("INSERT INTO scratch VALUES (1)");
            assertEquals(List.of("1"), rows(st, "SELECT count(*) FROM public.scratch"));
            c.rollback();
            c.setAutoCommit(true);
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM scratch"));
            assertEquals("42P01", e.getSQLState());
        }
    }

    @Test
    void theCatalogShowsTheBranchsTablesInTheSchemaTheUserNamed() throws Exception {
        rift.engine().createBranch("catalog", null);
        try (Connection c = branch("catalog"); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, due date)");
            st.execute("ALTER TABLE customers ADD COLUMN tier text");
            assertEquals(List.of("customers", "invoices", "orders"), rows(st, "SELECT table_name"
                    + " FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"));
            assertEquals(List.of("public"), rows(st, "SELECT DISTINCT n.nspname FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relname IN ('invoices', 'customers', 'orders')"));
            assertEquals(List.of("id|name|tier"), List.of(String.join("|", rows(st, "SELECT column_name"
                    + " FROM information_schema.columns WHERE table_name = 'customers' ORDER BY ordinal_position"))));
            assertEquals(List.of("0"), rows(st, "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rift%'"));
            assertEquals(List.of("public"), rows(st, "SELECT current_schema()"));
            assertEquals(List.of("\"$user\", public"), rows(st, "SHOW search_path"));
        }
    }
}
