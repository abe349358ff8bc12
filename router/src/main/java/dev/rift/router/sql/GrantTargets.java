package dev.rift.router.sql;

import dev.rift.cow.Quote;

import java.util.Map;

/**
 * How a GRANT or REVOKE on branch objects is sent: token {@code i} of the statement replaced by
 * {@code objects.get(i)} (an own schema in place of a logical one), and a grantee's token by the session role of that
 * client role on the branch (docs/security.md): the client role itself is never granted anything rift made.
 */
record GrantTargets(Map<Integer, String> objects, Map<Integer, String> grantees) {

    String render(Tokens t, Map<String, String> sessionRoles) {
        Splicer s = new Splicer(t.sql);
        objects.forEach((i, text) -> s.replace(t.beginOf(i), t.endOf(i), text));
        grantees.forEach((i, role) -> {
            String session = sessionRoles.get(role);
            if (session == null) {
                throw new IllegalStateException("no session role prepared for " + role);
            }
            s.replace(t.beginOf(i), t.endOf(i), Quote.ident(session));
        });
        return s.render();
    }
}
