package dev.rift.testsupport;

import java.util.List;

/**
 * The cluster's roles (attributes, password md5) and memberships, as {@link Described} parts. The user's roles are all
 * but rift's: its session roles ({@link RoleAcl#SESSION_ROLE}), made per session, and the roles rift's catalog
 * installs once per cluster ({@code rift_branch}, {@code rift_admin}, {@code rift_merge_main}), which a suite's
 * "before" may or may not have seen; a check of rift's own (the escape suite's) reads those with {@link #rift()}.
 */
public final class Roles {
    private Roles() {}

    /** A role name (as text, quoted or not) of the roles rift's catalog installs. */
    private static final String INSTALLED = "'^\"?rift_(branch|admin|merge_main)\"?$'";

    private static final String SESSION = " !~ " + RoleAcl.SESSION_ROLE;

    /** The user's roles and the memberships among them. */
    public static List<String[]> user() {
        return parts("", "rolname !~ " + INSTALLED + " AND rolname" + SESSION,
                "roleid::regrole::text !~ " + INSTALLED + " AND member::regrole::text !~ " + INSTALLED);
    }

    /** The roles rift's catalog installs and the memberships that grant one or make one a member, kinds "rift ...". */
    public static List<String[]> rift() {
        return parts("rift ", "rolname ~ " + INSTALLED,
                "(roleid::regrole::text ~ " + INSTALLED + " OR member::regrole::text ~ " + INSTALLED + ")");
    }

    /** A session role is never a membership's member here: rift grants those itself. */
    private static List<String[]> parts(String prefix, String roles, String memberships) {
        return List.of(
                new String[] {prefix + "role", "SELECT rolname, rolsuper || ' ' || rolinherit || ' ' || rolcreaterole"
                        + " || ' ' || rolcreatedb || ' ' || rolcanlogin || ' ' || rolreplication || ' ' || rolbypassrls"
                        + " || ' ' || rolconnlimit || ' ' || coalesce(md5(rolpassword), '-') || ' '"
                        + " || coalesce(rolvaliduntil::text, '-') FROM pg_authid WHERE " + roles},
                new String[] {prefix + "membership", "SELECT roleid::regrole || ' > ' || member::regrole,"
                        + " admin_option::text FROM pg_auth_members WHERE member::regrole::text" + SESSION
                        + " AND " + memberships});
    }
}
