package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGProperty;
import org.postgresql.PGStatement;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pgjdbc's query modes through rift: the simple protocol (parameters inlined by the driver), the
 * extended protocol (Parse/Bind/Execute) and server-side prepared statements all give what
 * PostgreSQL gives directly.
 */
@ExtendWith(UpstreamExtension.class)
class QueryModesThroughProxyTest {

    private static final String PARAMETERIZED_QUERY =
            "SELECT ?::int + g AS n, ?::text || g AS label, ?::numeric * g AS amount, ?::int IS NULL AS missing, "
                    + "? AS echoed FROM generate_series(1, 3) g";

    private static ProxiedUpstream proxy;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    private static Map<PGProperty, String> mode(String queryMode) {
        // prepareThreshold=1: the first execution already uses a named server-side statement.
        return Map.of(PGProperty.PREFER_QUERY_MODE, queryMode, PGProperty.PREPARE_THRESHOLD, "1");
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended", "extendedForPrepared"})
    void plainStatementsGiveTheSameRowsAsPostgresql(String queryMode) throws Exception {
        proxy.sideBySide().same("plain statements", mode(queryMode), c -> {
            List<Object> results = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                results.add(Results.executeAll(s, "SELECT g, g * 2.5 AS half, 'row ' || g AS label, g % 2 = 0 AS even "
                        + "FROM generate_series(1, 50) g"));
                results.add(Results.executeAll(s, "SELECT NULL::text AS nothing, ''::text AS empty, 'it''s' AS quoted, "
                        + "E'tab\\there' AS escaped, 'ünïcødé ✓' AS unicode"));
                results.add(Results.executeAll(s, "SELECT current_database(), current_user, "
                        + "current_setting('server_version_num')"));
            }
            return results;
        });
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended", "extendedForPrepared"})
    void preparedStatementsWithParametersGiveTheSameRowsAsPostgresql(String queryMode) throws Exception {
        proxy.sideBySide().same("prepared statements with parameters", mode(queryMode), c -> {
            List<Object> results = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(PARAMETERIZED_QUERY)) {
                // Several executions, so the statement is reused once it is prepared on the server.
                for (int i = 0; i < 5; i++) {
                    ps.setInt(1, i * 10);
                    ps.setString(2, "O'Reilly \\ " + i + " ; -- ");
                    ps.setBigDecimal(3, new BigDecimal("1.25").multiply(BigDecimal.valueOf(i)));
                    if (i % 2 == 0) {
                        ps.setNull(4, Types.INTEGER);
                    } else {
                        ps.setInt(4, i);
                    }
                    ps.setString(5, "$1 ? '" + i);
                    try (ResultSet rs = ps.executeQuery()) {
                        results.add(Rows.of(rs));
                    }
                }
            }
            return results;
        });
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended", "extendedForPrepared"})
    void batchedInsertsReportTheSameUpdateCountsAndStoreTheSameRows(String queryMode) throws Exception {
        proxy.sideBySide().same("a batch of inserts into a temporary table", mode(queryMode), c -> {
            List<Object> results = new ArrayList<>();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE batch_target (id int PRIMARY KEY, label text)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_target VALUES (?, ?)")) {
                for (int i = 1; i <= 200; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "label " + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                results.add(Arrays.stream(counts).boxed().toList());
            }
            results.add(Results.query(c, "SELECT * FROM batch_target ORDER BY id"));
            return results;
        });
    }

    @Test
    void serverSidePreparedStatementsAreReallyPreparedOnTheUpstream() throws Exception {
        try (SideBySide.Sessions s = proxy.sideBySide().open(mode("extended"))) {
            Rows prepared = s.same("pg_prepared_statements after executing a prepared statement", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT ?::int * 2")) {
                    for (int i = 0; i < 3; i++) {
                        ps.setInt(1, i);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                        }
                    }
                    assertTrue(ps.unwrap(PGStatement.class).isUseServerPrepare(),
                            "pgjdbc should be using a server-side prepared statement on " + c.getMetaData().getURL());
                    return Results.query(c, "SELECT name, statement, parameter_types::text, from_sql "
                            + "FROM pg_prepared_statements ORDER BY name");
                }
            });
            assertFalse(prepared.rows().isEmpty(),
                    "the upstream session should hold pgjdbc's named prepared statement");
        }
    }

    @Test
    void theSimpleQueryModePreparesNothingOnTheUpstream() throws Exception {
        try (SideBySide.Sessions s = proxy.sideBySide().open(mode("simple"))) {
            Rows prepared = s.same("pg_prepared_statements in simple mode", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT ?::int * 2")) {
                    ps.setInt(1, 21);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                    }
                }
                return Results.query(c, "SELECT name, statement FROM pg_prepared_statements");
            });
            assertTrue(prepared.rows().isEmpty(), "simple mode must not prepare statements: " + prepared);
        }
    }
}
