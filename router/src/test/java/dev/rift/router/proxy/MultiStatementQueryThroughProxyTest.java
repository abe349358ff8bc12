package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGProperty;

import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several statements in one query string: in the simple protocol one Query message whose
 * results (RowDescription/DataRow/CommandComplete per statement) rift must relay in order;
 * pgjdbc's extended mode splits the string into one Parse/Bind/Execute per statement.
 */
@ExtendWith(UpstreamExtension.class)
class MultiStatementQueryThroughProxyTest {

    /** Temporary tables are per session, so the direct run and the run through rift cannot meet. */
    private static final String SCRIPT = "CREATE TEMP TABLE m (id int PRIMARY KEY, v text); "
            + "INSERT INTO m SELECT g, 'v' || g FROM generate_series(1, 5) g; "
            + "SELECT 1 AS one; SELECT 2 AS two, 'second' AS label; "
            + "UPDATE m SET v = upper(v) WHERE id <= 3; "
            + "SELECT * FROM m ORDER BY id; "
            + "DELETE FROM m WHERE id > 4; "
            + "SELECT count(*) FROM m";

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
        return Map.of(PGProperty.PREFER_QUERY_MODE, queryMode);
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void aMultiStatementQueryReturnsTheSameResultSetsAndUpdateCounts(String queryMode) throws Exception {
        List<Object> results = proxy.sideBySide().same("a multi-statement query", mode(queryMode), c -> {
            try (Statement s = c.createStatement()) {
                return Results.executeAll(s, SCRIPT);
            }
        });
        assertEquals(SCRIPT.split(";").length, results.size(), "one result per statement: " + results);
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void anErrorInTheMiddleOfAMultiStatementQueryEndsItAlikeAndTheSessionStaysUsable(String queryMode)
            throws Exception {
        try (SideBySide.Sessions s = proxy.sideBySide().open(mode(queryMode))) {
            s.sameError("a failing statement between two good ones", c -> {
                try (Statement st = c.createStatement()) {
                    return Results.executeAll(st, "CREATE TEMP TABLE e (id int); INSERT INTO e VALUES (1); "
                            + "SELECT 1 / 0; SELECT 3");
                }
            });
            // A multi-statement simple query is one implicit transaction: the table must not exist.
            s.same("what the failed query left behind",
                    c -> Results.query(c, "SELECT count(*) FROM pg_class WHERE relname = 'e' AND relpersistence = 't'"));
        }
    }

    @ParameterizedTest(name = "preferQueryMode={0}")
    @ValueSource(strings = {"simple", "extended"})
    void emptyStatementsAreAnsweredAlike(String queryMode) throws Exception {
        proxy.sideBySide().same("empty queries", mode(queryMode), c -> {
            try (Statement s = c.createStatement()) {
                return List.of(Results.executeAll(s, ""), Results.executeAll(s, ";"),
                        Results.executeAll(s, "SELECT 1;;SELECT 2"));
            }
        });
    }
}
