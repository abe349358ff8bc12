package dev.rift.router.branch;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGResultSetMetaData;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Result metadata on a branch is the table's, as on a full copy: a column read through a merged relation (or
 * returned by a write through a branch's data table) reports the upstream table and column, so pgjdbc finds the
 * column's default and says {@code serial} and autoincrement, and its table, schema and nullability; a whole row
 * has the table's row type.
 */
@ExtendWith(UpstreamExtension.class)
class ColumnOriginsOnBranchTest {
    private static final String[] SCHEMA = {
            // A dropped column: the table's column numbers (1, 3, 4) are not the merged view's (1, 2, 3).
            "CREATE TABLE customers (id serial PRIMARY KEY, legacy int, email text NOT NULL UNIQUE, note text)",
            "ALTER TABLE customers DROP COLUMN legacy",
            "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " customer_id int NOT NULL REFERENCES customers, amount numeric(10,2))",
            "CREATE TABLE events (kind text, at int)", // no key: the branch holds a copy
            "CREATE TABLE untouched (id int PRIMARY KEY, label text)",
            "INSERT INTO customers (email) SELECT 'c' || g || '@example.com' FROM generate_series(1, 5) g",
            "INSERT INTO orders (customer_id, amount) SELECT g, g * 10 FROM generate_series(1, 5) g",
            "INSERT INTO events VALUES ('a', 1), ('b', 2)",
            "INSERT INTO untouched VALUES (1, 'x')"
    };
    /** Writes on the branch (and the copy) that give each changed table its merged relation. */
    private static final String[] CHANGES = {
            "UPDATE customers SET note = 'vip' WHERE id = 2",
            "DELETE FROM orders WHERE id = 5",
            "INSERT INTO events VALUES ('c', 3)"
    };

    private static BranchFixture fixture;
    private static String copy;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        // Copies of one database: rift serves one, the other is the oracle (copying a database rift is connected
        // to would end rift's sessions).
        String pristine = pg.createDatabase();
        try (Connection c = pg.connect(pristine); Statement st = c.createStatement()) {
            for (String sql : SCHEMA) {
                st.execute(sql);
            }
        }
        copy = pg.copyDatabase(pristine);
        fixture = BranchFixture.serving(pg, pg.copyDatabase(pristine));
        pg.dropDatabase(pristine);
        fixture.createBranch("meta", null);
        try (Connection b = fixture.branch("meta"); Statement onBranch = b.createStatement();
             Connection c = pg.connect(copy); Statement onCopy = c.createStatement()) {
            for (String sql : CHANGES) {
                onBranch.execute(sql);
                onCopy.execute(sql);
            }
        }
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.pg.dropDatabase(copy);
            fixture.close();
        }
    }

    static Stream<Arguments> queries() {
        List<String> sql = List.of(
                "SELECT * FROM customers ORDER BY id",
                "SELECT o.id, c.email, o.amount, o.amount * 2 AS doubled, c.note FROM orders o"
                        + " JOIN customers c ON c.id = o.customer_id ORDER BY o.id",
                "SELECT kind, at FROM events ORDER BY kind",
                "SELECT c FROM customers c ORDER BY c.id", // a whole row: the table's row type, as on a copy
                "SELECT c.id, u.label FROM customers c LEFT JOIN untouched u ON u.id = c.id ORDER BY c.id",
                "UPDATE customers SET note = 'again' WHERE id = 3 RETURNING *",
                "INSERT INTO orders (customer_id, amount) VALUES (1, 99) RETURNING id, customer_id",
                "DELETE FROM events WHERE kind = 'a' RETURNING *");
        List<Arguments> out = new ArrayList<>();
        for (String mode : List.of("simple", "extended")) {
            for (String q : sql) {
                out.add(Arguments.of(mode, q));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("queries")
    void resultColumnsDescribeTheTablesAsOnAFullCopy(String mode, String sql) throws SQLException {
        List<String> onCopy;
        List<String> onBranch;
        try (Connection c = connectCopy(mode)) {
            c.setAutoCommit(false);
            onCopy = describe(c, sql);
            c.rollback();
        }
        try (Connection b = fixture.branch("meta", mode)) {
            b.setAutoCommit(false);
            onBranch = describe(b, sql);
            b.rollback();
        }
        assertEquals(onCopy, onBranch);
    }

    /** Everything pgjdbc says of each result column, including what it looks up in the catalog by its origin. */
    private static List<String> describe(Connection c, String sql) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            PGResultSetMetaData pg = md.unwrap(PGResultSetMetaData.class);
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnLabel(i) + ": type " + md.getColumnTypeName(i)
                        + ", table " + md.getSchemaName(i) + "." + md.getTableName(i)
                        + ", base " + pg.getBaseSchemaName(i) + "." + pg.getBaseTableName(i) + "." + pg.getBaseColumnName(i)
                        + ", autoincrement " + md.isAutoIncrement(i) + ", nullable " + md.isNullable(i));
            }
        }
        return columns;
    }

    private static Connection connectCopy(String mode) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", fixture.pg.user());
        p.setProperty("password", fixture.pg.password());
        p.setProperty("preferQueryMode", mode);
        return DriverManager.getConnection(fixture.pg.jdbcUrl(copy), p);
    }
}
