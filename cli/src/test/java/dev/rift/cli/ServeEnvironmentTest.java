package dev.rift.cli;

import dev.rift.storage.cluster.FreePort;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rift serve} configured by environment alone, as the container image runs it: RIFT_UPSTREAM, RIFT_LISTEN,
 * RIFT_AUTO_CREATE, RIFT_DRAIN_TIMEOUT. A bad value ends the process with a message naming the variable, before
 * anything listens.
 */
@ExtendWith(UpstreamExtension.class)
class ServeEnvironmentTest {
    private static CliUpstream fixture;

    @BeforeAll
    static void upstream(TestUpstream upstream) throws Exception {
        fixture = CliUpstream.of(upstream, st -> {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            st.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two')");
        });
    }

    @AfterAll
    static void drop() {
        fixture.close();
    }

    @Test
    void environmentAloneConfiguresUpstreamListenAddressAndBranchesCreatedOnConnect() throws Exception {
        int port = FreePort.find();
        try (ServeJvm serve = ServeJvm.start(Map.of("RIFT_UPSTREAM", fixture.url, "RIFT_LISTEN", "127.0.0.1:" + port,
                "RIFT_AUTO_CREATE", "ci-[0-9]+")).awaitListening(port)) {
            try (Connection c = connect(port, "ci-7"); Statement st = c.createStatement()) {
                st.execute("INSERT INTO items VALUES (3, 'three')");
                assertEquals(3, count(st, "SELECT count(*) FROM items"), "ci-7 was created on connect and is writable");
            }
            SQLException refused = assertThrows(SQLException.class, () -> connect(port, "other-7"),
                    "a name outside RIFT_AUTO_CREATE's pattern is not created");
            assertEquals("3D000", refused.getSQLState());
            try (Connection c = fixture.pg.connect(fixture.db); Statement st = c.createStatement()) {
                assertEquals(2, count(st, "SELECT count(*) FROM items"), "the upstream is untouched");
            }
            serve.terminate();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.output());
        }
    }

    @Test
    void anOptionOnTheCommandLineWinsOverItsEnvironmentVariable() throws Exception {
        int port = FreePort.find();
        try (ServeJvm serve = ServeJvm.start(Map.of("RIFT_UPSTREAM", fixture.url, "RIFT_LISTEN", "127.0.0.1:not-a-port"),
                "--listen", "127.0.0.1:" + port).awaitListening(port)) {
            try (Connection c = connect(port, "main"); Statement st = c.createStatement()) {
                assertEquals(2, count(st, "SELECT count(*) FROM items"));
            }
            serve.terminate();
            assertEquals(0, serve.awaitExit(Duration.ofSeconds(30)), serve.output());
        }
    }

    /** Each row: the variable, its bad value, what the message must say. The listen port is a good one. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "RIFT_UPSTREAM      | postgres://app:s3cret@db.internal:notaport/app | invalid RIFT_UPSTREAM: unparseable upstream URL",
            "RIFT_UPSTREAM      | mysql://app:s3cret@db.internal/app              | invalid RIFT_UPSTREAM: upstream URL must start with postgres://",
            "RIFT_LISTEN        | 0.0.0.0:70000                                   | invalid RIFT_LISTEN: port out of range",
            "RIFT_LISTEN        | 0.0.0.0:http                                    | invalid RIFT_LISTEN: invalid port",
            "RIFT_AUTO_CREATE   | pr-[0-9                                         | invalid RIFT_AUTO_CREATE: invalid --auto-create pattern",
            "RIFT_DRAIN_TIMEOUT | soon                                            | invalid RIFT_DRAIN_TIMEOUT: invalid duration",
            "RIFT_MAX_CLIENT_CONN   | 0                                           | invalid RIFT_MAX_CLIENT_CONN: \"0\" is not a number of connections",
            "RIFT_MAX_UPSTREAM_CONN | many                                        | invalid RIFT_MAX_UPSTREAM_CONN: \"many\" is not a number of connections",
            "RIFT_AUTH_TIMEOUT      | 0s                                          | invalid RIFT_AUTH_TIMEOUT: must be positive",
    })
    void aBadEnvironmentValueEndsRiftWithAClearMessageBeforeAnythingListens(String variable, String value,
                                                                              String message) throws Exception {
        int port = FreePort.find();
        Map<String, String> env = new HashMap<>(Map.of("RIFT_UPSTREAM", fixture.url, "RIFT_LISTEN", "127.0.0.1:" + port));
        env.put(variable, value);
        try (ServeJvm serve = ServeJvm.start(env)) {
            // Probe the good port for as long as the process lives: it must never accept a connection.
            while (!serve.process().waitFor(20, TimeUnit.MILLISECONDS)) {
                assertEquals(ServeJvm.Probe.REFUSED, ServeJvm.probe(port),
                        "rift listened despite " + variable + "=" + value);
            }
            String output = serve.output();
            assertNotEquals(0, serve.process().exitValue(), output);
            assertTrue(output.contains("rift: " + message), output);
            assertFalse(output.contains("s3cret"), "the message must not show the password: " + output);
            assertFalse(output.contains("rift is serving"), output);
            assertEquals(ServeJvm.Probe.REFUSED, ServeJvm.probe(port));
        }
    }

    @Test
    void connectionLimitsComeFromTheEnvironment() throws Exception {
        int port = FreePort.find();
        try (ServeJvm serve = ServeJvm.start(Map.of("RIFT_UPSTREAM", fixture.url, "RIFT_LISTEN", "127.0.0.1:" + port,
                "RIFT_MAX_CLIENT_CONN", "2", "RIFT_MAX_UPSTREAM_CONN", "1", "RIFT_HTTP", "off")).awaitListening(port);
             Connection first = connect(port, "main")) {
            SQLException waited = assertThrows(SQLException.class, () -> connect(port, "main").close(),
                    "a second session while the only upstream connection is held");
            assertEquals("53300", waited.getSQLState());
            assertTrue(waited.getMessage().contains("--max-upstream-conn"), waited.getMessage());
            try (java.net.Socket second = new java.net.Socket("127.0.0.1", port)) {
                Thread.sleep(200); // accepted by rift, so the next client is the third
                SQLException refused = assertThrows(SQLException.class, () -> connect(port, "main").close(),
                        "a third client");
                assertEquals("53300", refused.getSQLState());
                assertTrue(refused.getMessage().contains("sorry, too many clients already"), refused.getMessage());
                assertFalse(refused.getMessage().contains("--max-upstream-conn"), refused.getMessage());
            }
            try (Statement st = first.createStatement()) {
                assertEquals(2, count(st, "SELECT count(*) FROM items"), "the first session is unaffected");
            }
        }
    }

    @Test
    void helpNamesPgbouncersSettingsAndTheDefaults() {
        String help = Rift.run("serve", "--help").out();
        assertTrue(help.contains("--max-client-conn") && help.contains("max_client_conn"), help);
        assertTrue(help.contains("--max-upstream-conn") && help.contains("max_db_connections")
                && help.contains("max_connections"), help);
        assertTrue(help.contains("--auth-timeout") && help.contains("RIFT_AUTH_TIMEOUT"), help);
    }

    private static Connection connect(int port, String branch) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", fixture.pg.user());
        p.setProperty("password", fixture.pg.password());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + branch, p);
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
