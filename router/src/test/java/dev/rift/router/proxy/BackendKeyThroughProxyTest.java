package dev.rift.router.proxy;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The process id in BackendKeyData is the backend's own, as on PostgreSQL: clients compare it with
 * {@code pg_backend_pid()} and with the sender of notifications. Only the secret is rift's.
 */
@ExtendWith(UpstreamExtension.class)
class BackendKeyThroughProxyTest {
    private static ProxiedUpstream proxy;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void theBackendPidAClientIsToldIsItsSessionsOwnPid() throws Exception {
        boolean matches = proxy.sideBySide().same("BackendKeyData pid equals pg_backend_pid()", c ->
                c.unwrap(PGConnection.class).getBackendPID()
                        == ((Number) Results.query(c, "SELECT pg_backend_pid()").rows().get(0).get(0)).intValue());
        assertTrue(matches);
    }
}
