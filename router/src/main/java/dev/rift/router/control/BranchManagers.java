package dev.rift.router.control;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Who may manage branches (docs/diff.md, "Who may manage branches"): members of {@value #ADMIN} create, reset,
 * delete, merge between branches and read diffs; members of {@value #MERGE_MAIN} merge into main; superusers do
 * everything. The roles are NOLOGIN roles {@code rift init} creates, one pair per cluster (roles are cluster-wide).
 * Where they do not exist (rift's role could not create them) only superusers manage branches. Asked with rift's
 * catalog connection, by the name of the role the client authenticated as, since that is who PostgreSQL admitted.
 */
public final class BranchManagers {
    /** Creates, resets, deletes branches, merges between branches and reads their diffs. */
    public static final String ADMIN = "rift_admin";
    /** Merges a branch into main, i.e. writes to the upstream (which its own privileges check again). */
    public static final String MERGE_MAIN = "rift_merge_main";

    private final DataSource catalog;

    public BranchManagers(DataSource catalog) {
        this.catalog = catalog;
    }

    /**
     * Returns when {@code role} (null: the catalog connection's own session user) is a superuser or a member of
     * {@code needed}; else throws {@link Denied} naming the role to grant.
     *
     * @param doing what is refused, for the message ("create a branch")
     */
    public void require(String role, String needed, String doing) {
        try (Connection c = catalog.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT r.rolname, r.rolsuper, g.oid IS NOT NULL,"
                     + " coalesce(pg_has_role(r.oid, g.oid, 'MEMBER'), false)"
                     + " FROM pg_roles r LEFT JOIN pg_roles g ON g.rolname = ?"
                     + " WHERE r.rolname = coalesce(?, session_user)")) {
            ps.setString(1, needed);
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new Denied("permission denied to " + doing + ": role \"" + role + "\" does not exist",
                            null, false);
                }
                String name = rs.getString(1);
                if (rs.getBoolean(2) || rs.getBoolean(4)) {
                    return;
                }
                if (!rs.getBoolean(3)) {
                    throw new Denied("permission denied to " + doing + ": only superusers may, since role \""
                            + needed + "\" does not exist", "A superuser can create it with: rift init (or CREATE ROLE "
                            + needed + " NOLOGIN), then GRANT " + needed + " TO " + quote(name) + ";", true);
                }
                String grant = "GRANT " + needed + " TO " + quote(name);
                throw new Denied("permission denied to " + doing + ": role \"" + name + "\" is not a member of "
                        + needed + " (" + grant + ")", grant + ";", false);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not check whether \"" + role + "\" may " + doing + ": "
                    + e.getMessage(), e);
        }
    }

    private static String quote(String role) {
        return role.matches("[a-z_][a-z0-9_$]*") ? role : "\"" + role.replace("\"", "\"\"") + "\"";
    }

    /** A role that may not do what it asked: SQLSTATE 42501 (insufficient_privilege), and the GRANT that lets it. */
    public static final class Denied extends RuntimeException {
        private final String hint;
        private final boolean roleMissing;

        Denied(String message, String hint, boolean roleMissing) {
            super(message);
            this.hint = hint;
            this.roleMissing = roleMissing;
        }

        /** Refused because the role to grant does not exist (rift init has not made it, or could not). */
        public boolean roleMissing() {
            return roleMissing;
        }

        public String sqlState() {
            return "42501";
        }

        /** The statement that would let the role (null when there is none to suggest). */
        public String hint() {
            return hint;
        }
    }
}
