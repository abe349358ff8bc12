package dev.rift.router.proxy;

import org.postgresql.PGProperty;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Where a client connects: a PostgreSQL server or rift, a database (or branch) name and
 * credentials. Used both for pgjdbc and for command-line clients, so every kind of client
 * reaches the two sides of a comparison the same way.
 */
public record Endpoint(String label, String host, int port, String database, String user, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** A connection with pgjdbc's defaults. */
    public Connection connect() throws SQLException {
        return connect(Map.of());
    }

    /** A connection with the given pgjdbc options (query mode, binary transfer, ...). */
    public Connection connect(Map<PGProperty, String> options) throws SQLException {
        Properties p = new Properties();
        PGProperty.USER.set(p, user);
        PGProperty.PASSWORD.set(p, password);
        // Names the test's sessions in pg_stat_activity, so they can be found from the other side.
        PGProperty.APPLICATION_NAME.set(p, "rift-test-" + label);
        options.forEach((k, v) -> k.set(p, v));
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    public Endpoint withUser(String otherUser) {
        return new Endpoint(label, host, port, database, otherUser, password);
    }

    public Endpoint withPassword(String otherPassword) {
        return new Endpoint(label, host, port, database, user, otherPassword);
    }

    public Endpoint withDatabase(String otherDatabase) {
        return new Endpoint(label, host, port, otherDatabase, user, password);
    }

    @Override
    public String toString() {
        return label + " (" + user + "@" + host + ":" + port + "/" + database + ")";
    }
}
