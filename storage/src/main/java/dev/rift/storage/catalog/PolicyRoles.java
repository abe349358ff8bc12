package dev.rift.storage.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The roles a row-level security policy on a branch's copy of a table applies to. Upstream a policy names client
 * roles ({@code TO app_user}); on a branch those clients' sessions run as their session roles (docs/security.md),
 * so the copy's policy names both: the roles it names upstream (PostgreSQL needs the list non-empty, and they never
 * read the copy) and every session role whose client has the privileges of one of them, as
 * {@code has_privs_of_role} decides for a policy. Session roles of every branch are named, not only the copy's own:
 * a child branch reads its parent's frozen copies, and a policy grants nothing, it only filters rows, so a role
 * that may not read the table gains nothing by being named. {@code PUBLIC} stays {@code PUBLIC}.
 */
public final class PolicyRoles {
    /** The policy's own roles that are not session roles, by oid; a session role's client has the privileges of one. */
    private static final String MAPPED = """
            WITH named AS (SELECT r.oid, r.rolname FROM unnest(%s) AS u(oid) JOIN pg_roles r ON r.oid = u.oid
                            WHERE NOT EXISTS (SELECT 1 FROM rift.session_roles s WHERE s.role_name = r.rolname))
            SELECT string_agg(quote_ident(n), ', ' ORDER BY n) FROM (
                SELECT rolname AS n FROM named
                UNION
                SELECT s.role_name FROM rift.session_roles s
                  JOIN pg_roles sr ON sr.rolname = s.role_name JOIN pg_roles cr ON cr.rolname = s.client_role
                 WHERE EXISTS (SELECT 1 FROM named WHERE pg_has_role(cr.oid, named.oid, 'USAGE'))) AS x""";

    private PolicyRoles() {}

    /** The TO list (SQL) for a copy of the policy {@code policy} (an oid of pg_policy). */
    public static String of(Connection c, long policy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 0 = ANY (p.polroles), ("
                + MAPPED.formatted("p.polroles") + ") FROM pg_policy p WHERE p.oid = ?")) {
            ps.setLong(1, policy);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("policy " + policy + " does not exist", "42704");
                }
                return rs.getBoolean(1) || rs.getString(2) == null ? "PUBLIC" : rs.getString(2);
            }
        }
    }

    /**
     * Names the session role just made for {@code clientRole} in the policies of rift's copies that apply to that
     * client (every mapped list is recomputed), so that its first session meets them as its client would on a copy. Only tables the caller may alter
     * (rift's own copies; an own table a session role made is altered when rift's role may act as its owner).
     */
    static void addSessionRole(Connection c, String clientRole) throws SQLException {
        List<String> alters = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT quote_ident(p.polname), p.polrelid::regclass::text, (%s)
                  FROM pg_policy p JOIN pg_class t ON t.oid = p.polrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                 WHERE NOT 0 = ANY (p.polroles) AND n.nspname ~ '^rift_[lo][0-9]+_'
                   AND pg_has_role(current_user, t.relowner, 'USAGE')
                   AND EXISTS (SELECT 1 FROM unnest(p.polroles) AS u(oid)
                               WHERE pg_has_role(?, u.oid, 'USAGE'))""".formatted(MAPPED.formatted("p.polroles")))) {
            ps.setString(1, clientRole);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alters.add("ALTER POLICY " + rs.getString(1) + " ON " + rs.getString(2) + " TO " + rs.getString(3));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String alter : alters) {
                s.execute(alter);
            }
        }
    }
}
