package dev.rift.testsupport;

/**
 * ACLs as text without rift's session roles (docs/security.md): rift makes and grants them itself when a branch
 * session opens (SELECT mirrored from the client, never a write), so they are not a change a client's statements made.
 */
public final class RoleAcl {
    private RoleAcl() {}

    /** A session role's name ({@code rift_<database oid>_<client role oid>_<branch hash>}) as a regex literal. */
    public static final String SESSION_ROLE = "'^\"?rift_[0-9]+_[0-9]+_[0-9a-f]{8}\"?$'";

    /** An ACL column as text without rift's session roles, NULL read as the default it stands for. */
    public static String acl(String column, String kind, String owner) {
        return withoutSessionRoles("coalesce(" + column + ", acldefault(" + kind + ", " + owner + "))");
    }

    /** A column ACL (NULL: none) as text without rift's session roles. */
    public static String columnAcl(String column) {
        return withoutSessionRoles("coalesce(" + column + ", '{}'::aclitem[])");
    }

    private static String withoutSessionRoles(String items) {
        return "(SELECT coalesce(string_agg(a::text, ',' ORDER BY a::text), '') FROM unnest(" + items + ") a"
                + " WHERE split_part(a::text, '=', 1) !~ " + SESSION_ROLE + ")";
    }
}
