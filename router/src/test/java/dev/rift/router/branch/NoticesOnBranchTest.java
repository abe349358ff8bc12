package dev.rift.router.branch;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client sees the notices of its own statements on a branch, and none of rift's: the statements rift runs for a
 * DDL statement (materializing the table, dropping the layer's objects for it) raise notices of their own.
 */
@ExtendWith(UpstreamExtension.class)
class NoticesOnBranchTest {
    private static BranchFixture fixture;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        fixture = BranchFixture.start(pg,
                "CREATE TABLE products (id int PRIMARY KEY, title text NOT NULL)",
                // A composite key: the layer's copy-up function takes an array of its shadow's row type, so
                // materializing drops the shadow with CASCADE, and PostgreSQL announces the function going with it.
                "CREATE TABLE order_lines (order_id int, line int, product_id int REFERENCES products, qty int,"
                        + " PRIMARY KEY (order_id, line))",
                "INSERT INTO products VALUES (1, 'one'), (2, 'two')",
                "INSERT INTO order_lines VALUES (1, 1, 1, 3)");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void ddlOnAChangedTableShowsOnlyTheClientsOwnNotices(String mode) throws Exception {
        String branch = "notices-" + mode;
        fixture.createBranch(branch, null);
        try (Connection c = fixture.branch(branch, mode); Statement st = c.createStatement()) {
            st.execute("UPDATE products SET title = 'changed' WHERE id = 1"); // the layer now holds products
            st.execute("UPDATE order_lines SET qty = 4 WHERE order_id = 1 AND line = 1");
            assertEquals(List.of(), notices(st, "COMMENT ON TABLE products IS 'materialized'"),
                    "materializing the table dropped the layer's objects for it, which PostgreSQL announced");
            assertEquals(List.of("table \"no_such_table\" does not exist, skipping"),
                    notices(st, "DROP TABLE IF EXISTS no_such_table"), "the client's own notice still arrives");
        }
    }

    private static List<String> notices(Statement st, String sql) throws SQLException {
        st.clearWarnings();
        st.execute(sql);
        List<String> out = new ArrayList<>();
        for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
            out.add(w.getMessage());
        }
        return out;
    }
}
