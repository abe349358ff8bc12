package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * rift relays authentication untouched (SCRAM in both directions), so a refused login fails
 * through rift exactly as it fails directly, with PostgreSQL's own SQLSTATE and message.
 */
@ExtendWith(UpstreamExtension.class)
class AuthenticationThroughProxyTest {

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
    void aWrongPasswordIsRefusedAsPostgresqlRefusesIt() throws Exception {
        String wrong = proxy.upstream().password() + "-wrong";
        SqlError refused = sameRefusal(proxy.direct().withPassword(wrong), proxy.proxied().withPassword(wrong));
        assertEquals("28P01", refused.sqlState(), "invalid_password: " + refused);
    }

    @Test
    void anUnknownRoleIsRefusedAsPostgresqlRefusesIt() throws Exception {
        SqlError refused = sameRefusal(proxy.direct().withUser("no_such_role"), proxy.proxied().withUser("no_such_role"));
        assertEquals("28P01", refused.sqlState(), "scram refuses unknown roles like wrong passwords: " + refused);
    }

    @Test
    void aRefusedLoginLeavesTheProxyServingOthers() throws Exception {
        assertThrows(SQLException.class, () -> proxy.proxied().withPassword("wrong").connect().close());
        try (Connection c = proxy.proxied().connect()) {
            assertEquals(1, Results.query(c, "SELECT 1").rows().size());
        }
    }

    private static SqlError sameRefusal(Endpoint direct, Endpoint proxied) {
        SqlError expected = SqlError.of(assertThrows(SQLException.class, () -> direct.connect().close()));
        SqlError actual = SqlError.of(assertThrows(SQLException.class, () -> proxied.connect().close()));
        assertEquals(expected, actual, "login refusal through rift");
        return expected;
    }
}
