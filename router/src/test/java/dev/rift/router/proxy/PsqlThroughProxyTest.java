package dev.rift.router.proxy;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * psql, a libpq client, through rift: the same command prints the same output, the same errors
 * and exits with the same code as against PostgreSQL directly.
 */
@ExtendWith(UpstreamExtension.class)
class PsqlThroughProxyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static ProxiedUpstream proxy;
    private static CommandLineClient psql;

    @BeforeAll
    static void startProxy(TestUpstream pg) throws Exception {
        proxy = ProxiedUpstream.start(pg);
        psql = CommandLineClient.psql(pg);
        try (Connection c = proxy.direct().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10, 2))");
            s.execute("INSERT INTO items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 20) g");
        }
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    /** What a psql run shows its user. */
    record Run(int exitCode, String stdout, String stderr) {
        /** psql's exit code when it could not connect (or lost the connection). */
        static final int CONNECTION_FAILED = 2;

        static Run of(ExternalCommand.Result r) {
            return new Run(r.exitCode(), r.stdout(), r.stderr());
        }

        /** The reference run must have reached PostgreSQL and produced something, or equal runs prove nothing. */
        Run assertReachedTheServer() {
            assertNotEquals(CONNECTION_FAILED, exitCode, "psql could not connect directly: " + stderr);
            assertFalse(stdout.isBlank() && stderr.isBlank(), "psql printed nothing");
            return this;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "SELECT current_database(), current_user, current_setting('server_version')",
            "SELECT g, md5(g::text), g % 3 = 0 FROM generate_series(1, 200) g",
            "SELECT * FROM items ORDER BY id",
            "SELECT 'multi' || E'\\nline', NULL, 'ünï ✓'",
            "COPY (SELECT * FROM items ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)",
            "\\d items",
            "SELECT 1 / 0",
            "SELECT * FROM no_such_table"})
    void psqlPrintsTheSameThroughTheProxyAsDirectly(String command) {
        Run direct = Run.of(psql.run(proxy.direct(), TIMEOUT, "-X", "-A", "-t", "-c", command)).assertReachedTheServer();
        Run proxied = Run.of(psql.run(proxy.proxied(), TIMEOUT, "-X", "-A", "-t", "-c", command));
        assertEquals(direct, proxied, "psql -c " + command);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"on", "off"})
    void aPsqlScriptWithSeveralCommandsRunsTheSameThroughTheProxy(String onErrorStop) {
        String[] args = {"-X", "-A", "-t", "-v", "ON_ERROR_STOP=" + onErrorStop,
                "-c", "BEGIN", "-c", "UPDATE items SET price = price * 2 WHERE id <= 5",
                "-c", "SELECT sum(price) FROM items", "-c", "SELECT no_such_column FROM items",
                "-c", "SELECT 'after the error'", "-c", "ROLLBACK",
                "-c", "SELECT sum(price) FROM items"};
        Run direct = Run.of(psql.run(proxy.direct(), TIMEOUT, args)).assertReachedTheServer();
        Run proxied = Run.of(psql.run(proxy.proxied(), TIMEOUT, args));
        assertEquals(direct, proxied, "psql script with ON_ERROR_STOP=" + onErrorStop);
    }
}
