package dev.rift.router.sql;

import dev.rift.cow.catalog.CatalogRedirects;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The system column {@code tableoid} of a redirected catalog relation. rift_catalog's relations are views, which have
 * no system columns, and a view column of that name would show in {@code SELECT *}; so a reference to it ({@code
 * n.tableoid}, or {@code tableoid} in a query level that reads one redirected relation) becomes a call that gives
 * pg_catalog's table's oid under the column name {@code tableoid} (pg_dump reads it with every object).
 */
final class CatalogTableOids {
    /** Words that may follow a relation in a FROM list and are not its alias. */
    private static final Set<String> NOT_ALIASES = Set.of("where", "join", "left", "right", "inner", "full", "cross",
            "natural", "on", "using", "group", "order", "limit", "offset", "union", "except", "intersect", "window",
            "having", "for", "fetch", "returning", "tablesample", "with", "set");

    /** A redirected relation: the query level it is read at (its enclosing parenthesis), name and alias. */
    private record Read(int level, String table, String alias) {}

    private final Tokens t;
    private final List<Read> reads = new ArrayList<>();

    CatalogTableOids(Tokens t) {
        this.t = t;
    }

    /** Notes the redirected relation {@code table} whose name is token {@code i}, when it has a tableoid. */
    void read(int i, String table) {
        if (!CatalogRedirects.PG_CATALOG_TABLES.contains(table)) {
            return;
        }
        int a = t.is(i + 1, "as") ? i + 2 : i + 1;
        boolean aliased = a < t.size() && (t.is(a, Kind.QIDENT)
                || t.is(a, Kind.IDENT) && !NOT_ALIASES.contains(t.get(a).value()));
        reads.add(new Read(t.enclosingOpen(i), table, aliased ? t.get(a).value() : table));
    }

    /** Replaces every reference to a noted relation's tableoid. */
    void rewrite(Splicer s) {
        if (reads.isEmpty() || !mentionsTableoid()) {
            return;
        }
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).is("tableoid") || t.is(i + 1, Kind.DOT) || t.is(i + 1, Kind.LPAREN)) {
                continue;
            }
            boolean qualified = t.is(i - 1, Kind.DOT);
            if (qualified && (i < 2 || !t.get(i - 2).isName() || t.is(i - 3, Kind.DOT))) {
                continue;
            }
            Read r = resolve(i, qualified ? t.get(i - 2).value() : null);
            if (r != null) {
                s.replace(t.get(qualified ? i - 2 : i).begin(), t.get(i).end(),
                        CatalogRedirects.TABLE_OID + "('pg_catalog." + r.table() + "')");
            }
        }
    }

    /**
     * The relation a reference at token {@code i} means. Qualified: the innermost query level, from {@code i}'s
     * outwards, that reads a relation of that alias. Unqualified: the one noted relation of {@code i}'s own query
     * level (parentheses of an expression are not a level), if it reads exactly one.
     */
    private Read resolve(int i, String alias) {
        for (int level = t.enclosingOpen(i); ; level = t.enclosingOpen(level)) {
            if (alias == null && level >= 0 && !t.is(level + 1, "select")) {
                continue;
            }
            Read found = null;
            int count = 0;
            for (Read r : reads) {
                if (r.level() == level && (alias == null || r.alias().equals(alias))) {
                    found = r;
                    count++;
                }
            }
            if (count == 1) {
                return found;
            }
            if (alias == null || count > 1 || level < 0) {
                return null;
            }
        }
    }

    private boolean mentionsTableoid() {
        for (Token tok : t.all()) {
            if (tok.is("tableoid")) {
                return true;
            }
        }
        return false;
    }
}
