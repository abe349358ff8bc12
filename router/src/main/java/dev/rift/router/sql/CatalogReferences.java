package dev.rift.router.sql;

import dev.rift.cow.catalog.CatalogRedirects;
import dev.rift.router.sql.Token.Kind;

import java.util.Locale;
import java.util.Set;

/**
 * Points a statement's catalog references at the catalog the branch shows (docs/ddl.md): {@code pg_catalog.X} and
 * an unqualified {@code X} in a FROM list to {@code rift_catalog.X}, {@code information_schema.X} to
 * {@code rift_information_schema.X}, and calls of the wrapped functions to their wrappers. Works on tokens, not on
 * a parse tree, so the catalog queries of psql and drivers (operators like {@code OPERATOR(pg_catalog.~)}, casts
 * to {@code regclass}) never need to parse.
 */
final class CatalogReferences {
    private static final Set<String> RELATION_PRECEDERS = Set.of("from", "join", "only", "lateral");
    /** The SQL keywords that name the current role as a value. */
    private static final Set<String> CLIENT_USER_WORDS = Set.of("current_user", "session_user", "current_role", "user");
    /** Where those keywords are a role specification, not a value ({@code OWNER TO current_user}, {@code CREATE USER}). */
    private static final Set<String> ROLE_SPEC_PRECEDERS = Set.of("to", "role", "authorization", "for", "from", "by",
            "create", "alter", "drop", "owner", "grant", "revoke", "mapping", "as", "overriding", "user", "trigger");

    private CatalogReferences() {}

    /** The statement redirected, or null when it names nothing redirected. */
    static String redirect(String sql) {
        if (!mayMention(sql)) {
            return null;
        }
        Tokens t = new Tokens(sql);
        Splicer s = new Splicer(sql);
        CatalogTableOids tableOids = new CatalogTableOids(t);
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (!tok.isName() || t.is(i - 1, Kind.DOT)) {
                continue;
            }
            boolean qualified = t.is(i + 1, Kind.DOT) && t.is(i + 2, Kind.IDENT) || t.is(i + 1, Kind.DOT)
                    && t.is(i + 2, Kind.QIDENT);
            if (qualified) {
                String name = t.get(i + 2).value();
                boolean call = t.is(i + 3, Kind.LPAREN);
                if ("pg_catalog".equals(tok.value()) && (CatalogRedirects.PG_CATALOG_RELATIONS.contains(name) && !call
                        || CatalogRedirects.FUNCTIONS.contains(name) && call)) {
                    s.replace(tok.begin(), tok.end(), CatalogRedirects.CATALOG_SCHEMA);
                    if (!call) {
                        tableOids.read(i + 2, name);
                    }
                } else if ("information_schema".equals(tok.value())
                        && CatalogRedirects.INFORMATION_SCHEMA_RELATIONS.contains(name)) {
                    s.replace(tok.begin(), tok.end(), CatalogRedirects.INFORMATION_SCHEMA);
                }
                i += 2;
                continue;
            }
            if (tok.kind() != Kind.IDENT) {
                continue;
            }
            String name = tok.value();
            if (t.is(i + 1, Kind.LPAREN) && CatalogRedirects.FUNCTIONS.contains(name)) {
                s.replace(tok.begin(), tok.begin(), CatalogRedirects.CATALOG_SCHEMA + ".");
            } else if (CLIENT_USER_WORDS.contains(name) && !t.is(i + 1, Kind.LPAREN) && !t.is(i + 1, Kind.DOT)
                    && !t.is(i + 1, "value") && !t.is(i + 1, "mapping")
                    && !(i > 0 && t.get(i - 1).kind() == Kind.IDENT && ROLE_SPEC_PRECEDERS.contains(t.get(i - 1).value()))) {
                // The session runs as a session role (docs/security.md): the client's role is what a copy answers.
                s.replace(tok.begin(), tok.end(), CatalogRedirects.CLIENT_USER);
            } else if (name.equals("current_schema") && !t.is(i + 1, Kind.LPAREN)) {
                s.replace(tok.begin(), tok.end(), CatalogRedirects.CATALOG_SCHEMA + ".current_schema()");
            } else if (name.equals("current_catalog") && !t.is(i + 1, Kind.LPAREN) && !t.is(i + 1, Kind.DOT)) {
                // The branch's name, as a copy of that name answers (current_database() is a wrapped function).
                s.replace(tok.begin(), tok.end(), CatalogRedirects.CURRENT_CATALOG);
            } else if (CatalogRedirects.PG_CATALOG_RELATIONS.contains(name) && i > 0
                    && (t.is(i - 1, Kind.COMMA) || t.get(i - 1).kind() == Kind.IDENT
                    && RELATION_PRECEDERS.contains(t.get(i - 1).value()))) {
                s.replace(tok.begin(), tok.begin(), CatalogRedirects.CATALOG_SCHEMA + ".");
                tableOids.read(i, name);
            }
        }
        tableOids.rewrite(s);
        return s.isEmpty() ? null : s.render();
    }

    private static boolean mayMention(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        return lower.contains("pg_") || lower.contains("information_schema") || lower.contains("current_schema")
                || lower.contains("format_type") || lower.contains("set_config") || lower.contains("user")
                || lower.contains("current_role") || lower.contains("to_reg") || lower.contains("current_database")
                || lower.contains("current_catalog");
    }
}
