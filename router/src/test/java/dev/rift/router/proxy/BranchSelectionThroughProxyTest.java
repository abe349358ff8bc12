package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * How a client names its branch: the database name, or {@code user@branch} for clients that
 * cannot choose a database. An unknown branch is refused like an unknown database, with
 * SQLSTATE 3D000, and costs nobody else anything.
 */
@ExtendWith(UpstreamExtension.class)
class BranchSelectionThroughProxyTest {

    private static ProxiedUpstream proxy;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void userAtMainReachesMainWhateverDatabaseTheClientNames() throws Exception {
        Endpoint userAtMain = proxy.proxied().withUser(proxy.upstream().user() + "@main").withDatabase("postgres");
        Rows who = new SideBySide(proxy.direct(), userAtMain).same("who and where the session is",
                c -> Results.query(c, "SELECT current_database(), current_user, session_user"));
        // "postgres" exists on the upstream too: reaching main's database proves the '@main' part won.
        assertNotEquals("postgres", who.rows().get(0).get(0));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"database", "user@branch"})
    void anUnknownBranchIsRefusedWith3D000AndTheProxyKeepsServingOthers(String namedBy) throws Exception {
        Endpoint nope = namedBy.equals("database")
                ? proxy.proxied().withDatabase("nope")
                : proxy.proxied().withUser(proxy.upstream().user() + "@nope").withDatabase("postgres");
        try (Connection before = proxy.proxied().connect()) {
            SQLException refused = assertThrows(SQLException.class, () -> nope.connect().close());
            SqlError error = SqlError.of(refused);
            assertEquals("3D000", error.sqlState(), "invalid_catalog_name: " + error);
            assertEquals("branch \"nope\" does not exist", error.message());
            assertEquals("FATAL", error.severity());

            proxy.sideBySide().same("a new session after the refusal", c -> Results.query(c, "SELECT 1 AS served"));
            assertEquals(1, Results.query(before, "SELECT 1").rows().size(),
                    "a session opened before the refusal is still served");
        }
    }
}
