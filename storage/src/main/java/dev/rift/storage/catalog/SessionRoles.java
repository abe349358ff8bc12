package dev.rift.storage.catalog;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;

/**
 * The roles branch sessions log in to the upstream as (docs/security.md): one per client role, made on its first
 * branch session, with a random password that only rift's catalog holds. The client still authenticates as itself
 * first; then its branch session runs as the session role, which PostgreSQL itself keeps from writing any upstream
 * object. See {@link SessionRolesSchema} for what the role may do.
 */
public final class SessionRoles {
    /** What a branch session logs in with. Never shown: the secret is a password. */
    public record Login(String role, String secret) {
        @Override
        public String toString() {
            return "Login[" + role + "]";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Advisory lock class of a session role's creation ('rift' 'role'), with the client role's OID as the key. */
    private static final int CREATE_LOCK = 0x72_6f_6c_65;

    private SessionRoles() {}

    /**
     * The session role of {@code clientRole}, made when missing, with privileges brought up to date for reading the
     * upstream and for using {@code branch}'s layers. Runs in the caller's transaction.
     *
     * @throws CatalogException 42501 when rift's own role may not make roles, 28000 when the client role is unknown
     */
    public static Login prepare(Connection c, String clientRole, String branch, boolean mirrorReads) throws SQLException {
        long clientOid;
        String roleName;
        try (PreparedStatement ps = c.prepareStatement("SELECT r.oid, 'rift_' || d.oid || '_' || r.oid"
                + " FROM pg_roles r, pg_database d WHERE r.rolname = ? AND d.datname = current_database()")) {
            ps.setString(1, clientRole);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CatalogException("28000", "role \"" + clientRole + "\" does not exist");
                }
                clientOid = rs.getLong(1);
                roleName = rs.getString(2);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ", " + (int) clientOid + ")");
        }
        Optional<String> secret = storedSecret(c, clientRole, roleName);
        String password = secret.orElseGet(SessionRoles::newSecret);
        if (secret.isEmpty()) {
            create(c, clientRole, roleName, password);
        }
        try (PreparedStatement ps = c.prepareStatement(mirrorReads
                ? "SELECT rift.mirror_reads(?, ?), rift.grant_layers(?, ?, ?)"
                : "SELECT rift.grant_layers(?, ?, ?)")) {
            int i = 1;
            if (mirrorReads) {
                ps.setString(i++, roleName);
                ps.setString(i++, clientRole);
            }
            ps.setString(i++, roleName);
            ps.setString(i++, clientRole);
            ps.setString(i, branch);
            ps.execute();
        }
        return new Login(roleName, password);
    }

    /** The stored secret, when the role still exists under the name it is stored with. */
    private static Optional<String> storedSecret(Connection c, String clientRole, String roleName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.secret FROM rift.session_roles s"
                + " JOIN pg_roles r ON r.rolname = s.role_name WHERE s.client_role = ? AND s.role_name = ?")) {
            ps.setString(1, clientRole);
            ps.setString(2, roleName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void create(Connection c, String clientRole, String roleName, String password) throws SQLException {
        boolean superuser;
        boolean bypassRls;
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT rolsuper OR rolcreaterole FROM pg_roles"
                + " WHERE rolname = current_user), (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),"
                + " (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = ?),"
                + " EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + SessionRolesSchema.GROUP + "')")) {
            ps.setString(1, clientRole);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1) || !rs.getBoolean(4)) {
                    throw new CatalogException("42501", "rift's upstream role may not create roles, so branch sessions"
                            + " cannot be kept from writing the upstream; give it CREATEROLE (or run rift as a superuser)"
                            + " and run rift init again");
                }
                superuser = rs.getBoolean(2);
                bypassRls = rs.getBoolean(3);
            }
        }
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, roleName);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
            }
        }
        String attributes = " LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION"
                + (bypassRls && superuser ? " BYPASSRLS" : " NOBYPASSRLS");
        try (Statement s = c.createStatement()) {
            // The password is random base64: no quote can occur in it.
            s.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + quote(roleName) + attributes
                    + " PASSWORD '" + password + "'");
            s.execute("GRANT " + SessionRolesSchema.GROUP + " TO " + quote(roleName));
            s.execute("COMMENT ON ROLE " + quote(roleName) + " IS " + literal("rift: branch sessions of "
                    + clientRole));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rift.session_roles (client_role, role_name, secret)"
                + " VALUES (?, ?, ?) ON CONFLICT (client_role) DO UPDATE SET role_name = excluded.role_name,"
                + " secret = excluded.secret")) {
            ps.setString(1, clientRole);
            ps.setString(2, roleName);
            ps.setString(3, password);
            ps.executeUpdate();
        }
    }

    /** Grants every session role what it needs of {@code branch}'s layers, after rift made objects in them. */
    public static void grantBranch(Connection c, String branch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rift.grant_branch(?)")) {
            ps.setString(1, branch);
            ps.execute();
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
