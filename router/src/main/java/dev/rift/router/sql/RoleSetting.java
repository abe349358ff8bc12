package dev.rift.router.sql;

import java.util.Locale;

/**
 * {@code SET [SESSION | LOCAL] ROLE name} and {@code SET SESSION AUTHORIZATION name} on a branch, whose session runs
 * as its client role's session role (docs/security.md). Becoming the client's own role means being the session role
 * again ({@code ROLE NONE}, {@code AUTHORIZATION DEFAULT}): Flyway and others read {@code current_user} and set it back
 * this way. Any other role is for the server to refuse: a session role is a member of no role that could write.
 */
final class RoleSetting {
    private RoleSetting() {}

    static boolean isRoleSetting(Tokens t) {
        int i = scopeEnd(t);
        return t.is(i, "role") || t.is(i, "session") && t.is(i + 1, "authorization");
    }

    static StatementPlan plan(Tokens t, String clientRole) {
        int i = scopeEnd(t);
        boolean role = t.is(i, "role");
        int value = role ? i + 1 : i + 2;
        if (value != t.size() - 1 || clientRole == null || !clientRole.equals(name(t.get(value)))) {
            return StatementPlan.fixed(Rendering.passThrough());
        }
        StringBuilder sql = new StringBuilder("SET");
        for (int k = 1; k < i; k++) {
            sql.append(' ').append(t.get(k).value());
        }
        sql.append(role ? " ROLE NONE" : " SESSION AUTHORIZATION DEFAULT");
        return StatementPlan.fixed(Rendering.rewritten(java.util.List.of(), sql.toString()));
    }

    /** The index after {@code SET [SESSION | LOCAL]} (SESSION AUTHORIZATION keeps its SESSION). */
    private static int scopeEnd(Tokens t) {
        if (t.is(1, "local") || t.is(1, "session") && !t.is(2, "authorization")) {
            return 2;
        }
        return 1;
    }

    /** A role name as the server reads it: an identifier folded to lower case, a quoted one or a string as written. */
    private static String name(Token token) {
        return switch (token.kind()) {
            case IDENT -> token.value().toLowerCase(Locale.ROOT);
            case QIDENT, STRING -> token.value();
            default -> null;
        };
    }
}
