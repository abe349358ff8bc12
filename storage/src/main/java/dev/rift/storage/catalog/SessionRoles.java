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
 * The roles branch sessions log in to the upstream as (docs/security.md): one per branch and client role, made on
 * the client's first session on the branch and dropped with the branch, with a random password that only rift's
 * catalog holds. The client still authenticates as itself
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

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SessionRoles.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionRoles() {}

    /**
     * The session role of {@code clientRole}, made when missing, with privileges brought up to date for reading the
     * upstream and for using {@code branch}'s layers. Runs in the caller's transaction.
     *
     * @throws CatalogException 42501 when rift's own role may not make roles, 28000 when the client role is unknown
     */
    public static Login prepare(Connection c, String clientRole, String branch) throws SQLException {
        Login login = ensure(c, clientRole, branch);
        String roleName = login.role();
        try (PreparedStatement ps = c.prepareStatement("SELECT rift.mirror_reads(?, ?), rift.grant_layers(?, ?, ?)")) {
            int i = 1;
            ps.setString(i++, roleName);
            ps.setString(i++, clientRole);
            ps.setString(i++, roleName);
            ps.setString(i++, clientRole);
            ps.setString(i, branch);
            ps.execute();
        }
        return login;
    }

    /** The session role of {@code clientRole} on {@code branch}, made when missing (no grants). */
    static Login ensure(Connection c, String clientRole, String branch) throws SQLException {
        String roleName;
        try (PreparedStatement ps = c.prepareStatement("SELECT 'rift_' || d.oid || '_' || r.oid || '_'"
                + " || left(md5(?), 8) FROM pg_roles r, pg_database d WHERE r.rolname = ? AND d.datname = current_database()")) {
            ps.setString(1, branch);
            ps.setString(2, clientRole);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CatalogException("28000", "role \"" + clientRole + "\" does not exist");
                }
                roleName = rs.getString(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, roleName); // two sessions making the same role wait for each other
            ps.execute();
        }
        Optional<String> secret = storedSecret(c, clientRole, branch, roleName);
        String password = secret.orElseGet(SessionRoles::newSecret);
        if (secret.isEmpty()) {
            create(c, clientRole, branch, roleName, password);
        }
        return new Login(roleName, password);
    }

    /**
     * Gives {@code branch}'s session roles the objects of {@code layer}'s own schemas that session roles of other
     * branches own (a child's copy of its parent's objects is owned as the parent's were): the same client's role on
     * this branch owns them, so it may ALTER and DROP them as it could on the parent.
     */
    public static void adopt(Connection c, long layer, String branch) throws SQLException {
        record Owned(String kind, String name, String client) {
        }
        java.util.List<Owned> owned = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                WITH own AS (SELECT n.oid FROM rift.layer_schemas ls JOIN pg_namespace n ON n.nspname = ls.physical_schema
                             WHERE ls.layer_id = ?),
                     other AS (SELECT o.oid, s.client_role FROM rift.session_roles s
                               JOIN pg_roles o ON o.rolname = s.role_name WHERE s.branch <> ?)
                SELECT CASE WHEN k.relkind IN ('v', 'm') THEN 'VIEW' WHEN k.relkind = 'S' THEN 'SEQUENCE'
                            ELSE 'TABLE' END, k.oid::regclass::text, other.client_role
                  FROM pg_class k JOIN other ON other.oid = k.relowner
                 WHERE k.relnamespace IN (SELECT oid FROM own) AND k.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = k.oid
                                   AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i'))
                UNION ALL
                SELECT 'TYPE', t.oid::regtype::text, other.client_role
                  FROM pg_type t JOIN other ON other.oid = t.typowner
                 WHERE t.typnamespace IN (SELECT oid FROM own) AND (t.typtype IN ('e', 'd', 'r')
                       OR t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
                UNION ALL
                SELECT 'ROUTINE', p.oid::regprocedure::text, other.client_role
                  FROM pg_proc p JOIN other ON other.oid = p.proowner WHERE p.pronamespace IN (SELECT oid FROM own)
                """)) {
            ps.setLong(1, layer);
            ps.setString(2, branch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owned.add(new Owned(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        java.util.Map<String, String> roles = new java.util.HashMap<>();
        try (Statement s = c.createStatement()) {
            for (Owned o : owned) {
                String role = roles.get(o.client());
                if (role == null) {
                    role = ensure(c, o.client(), branch).role();
                    roles.put(o.client(), role);
                }
                // A materialized view is altered as one (ALTER VIEW refuses it); the kind only picks the keyword.
                String kind = o.kind().equals("VIEW") && isMaterialized(c, o.name()) ? "MATERIALIZED VIEW" : o.kind();
                s.execute("ALTER " + kind + " " + o.name() + " OWNER TO " + quote(role));
            }
        }
    }

    private static boolean isMaterialized(Connection c, String relation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT relkind = 'm' FROM pg_class WHERE oid = ?::regclass")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The stored secret, when the role still exists under the name it is stored with. */
    private static Optional<String> storedSecret(Connection c, String clientRole, String branch, String roleName)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT s.secret FROM rift.session_roles s"
                + " JOIN pg_roles r ON r.rolname = s.role_name WHERE s.client_role = ? AND s.branch = ?"
                + " AND s.role_name = ?")) {
            ps.setString(1, clientRole);
            ps.setString(2, branch);
            ps.setString(3, roleName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static void create(Connection c, String clientRole, String branch, String roleName, String password)
            throws SQLException {
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
            s.execute("COMMENT ON ROLE " + quote(roleName) + " IS " + literal("rift: sessions of " + clientRole
                    + " on branch " + branch));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rift.session_roles (client_role, branch, role_name,"
                + " secret) VALUES (?, ?, ?, ?) ON CONFLICT (client_role, branch) DO UPDATE"
                + " SET role_name = excluded.role_name, secret = excluded.secret")) {
            ps.setString(1, clientRole);
            ps.setString(2, branch);
            ps.setString(3, roleName);
            ps.setString(4, password);
            ps.executeUpdate();
        }
        PolicyRoles.addSessionRole(c, clientRole);
        // Without event triggers (rift's role is no superuser) tables made on main since have no guard yet.
        UpstreamGuard.guardNewTables(c);
    }

    /** Drops the session roles of a branch being deleted (in the deleting transaction). */
    public static void dropBranch(Connection c, String branch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rift.drop_session_roles(?)")) {
            ps.setString(1, branch);
            ps.execute();
            for (java.sql.SQLWarning w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
                log.warn("branch {}: {}", branch, w.getMessage());
            }
        }
    }

    /** Grants the branch's session roles what they need of its layers, after rift made objects in them. */
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
