package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * The common table expressions a statement defines and where each name is visible: a CTE name shadows a table
 * of the same name inside its scope, so such a reference is never rewritten. PostgreSQL's rules: a WITH list's
 * names are visible in the query it is attached to (up to the enclosing parenthesis or the statement's end); a
 * non-recursive item is visible after its own body (later items, the query); with RECURSIVE, every item of the
 * list is visible everywhere in the list, including its own body.
 */
final class CteScopes {

    /**
     * One CTE: its name, where it is (token indices of its WITH keyword, its name, its body's parentheses) and
     * the text range (offsets) where a reference to the name means the CTE.
     */
    record Cte(String name, int withToken, int nameToken, int bodyOpen, int bodyClose, boolean recursive,
               int scopeBegin, int scopeEnd) {

        /** Whether the body is INSERT, UPDATE or DELETE (a data-modifying WITH query). */
        boolean modifiesData(Tokens t) {
            return t.is(bodyOpen + 1, "insert") || t.is(bodyOpen + 1, "update") || t.is(bodyOpen + 1, "delete");
        }
    }

    private final List<Cte> ctes;

    private CteScopes(List<Cte> ctes) {
        this.ctes = ctes;
    }

    List<Cte> all() {
        return ctes;
    }

    /** Whether an unqualified reference to {@code name} at {@code offset} means a CTE. */
    boolean shadows(String name, int offset) {
        return innermost(name, offset) != null;
    }

    /** The CTE an unqualified reference to {@code name} at {@code offset} means, or null. */
    Cte innermost(String name, int offset) {
        Cte best = null;
        for (Cte c : ctes) {
            if (c.name().equals(name) && offset >= c.scopeBegin() && offset < c.scopeEnd()
                    && (best == null || c.scopeBegin() >= best.scopeBegin() && c.scopeEnd() <= best.scopeEnd())) {
                best = c;
            }
        }
        return best;
    }

    /** The items of the WITH list at the statement's top level (where data-modifying WITH queries live). */
    List<Cte> topLevel(Tokens t) {
        return ctes.stream().filter(c -> t.depth(c.withToken()) == 0).toList();
    }

    static CteScopes of(Tokens t) {
        List<Cte> found = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (!t.is(i, "with")) {
                continue;
            }
            boolean recursive = t.is(i + 1, "recursive");
            int[] item = item(t, recursive ? i + 2 : i + 1);
            if (item == null) {
                continue; // WITH ORDINALITY, WITH TIME ZONE, WITH (options) ...
            }
            int d = t.depth(i);
            int open = t.enclosingOpen(i);
            int scopeEnd = open >= 0 && t.matching(open) > 0 ? t.get(t.matching(open)).begin() : t.sql.length();
            int listBegin = t.get(i).begin();
            while (item != null) {
                int bodyClose = t.matching(item[1]);
                if (bodyClose < 0) {
                    break;
                }
                String name = NameChain.truncate(t.get(item[0]).value());
                int scopeBegin = recursive ? listBegin : t.get(bodyClose).end();
                found.add(new Cte(name, i, item[0], item[1], bodyClose, recursive, scopeBegin, scopeEnd));
                item = null;
                // Next item: after a comma at the list's depth, before the query the list belongs to
                // (a SEARCH/CYCLE clause may hold commas too, hence the scan).
                for (int k = bodyClose + 1; k < t.size() && t.depth(k) >= d; k++) {
                    if (t.depth(k) != d) {
                        continue;
                    }
                    if (startsQuery(t, k)) {
                        break;
                    }
                    if (t.is(k, Kind.COMMA)) {
                        item = item(t, k + 1);
                        if (item != null) {
                            break;
                        }
                    }
                }
            }
        }
        return new CteScopes(List.copyOf(found));
    }

    /** {@code name [(cols)] AS [NOT] [MATERIALIZED] (} at {@code j}: the name's and the body's token indices. */
    private static int[] item(Tokens t, int j) {
        if (!(t.is(j, Kind.IDENT) || t.is(j, Kind.QIDENT))) {
            return null;
        }
        int k = j + 1;
        if (t.is(k, Kind.LPAREN)) {
            if (t.matching(k) < 0) {
                return null;
            }
            k = t.matching(k) + 1;
        }
        if (!t.is(k, "as")) {
            return null;
        }
        k++;
        if (t.is(k, "not")) {
            k++;
        }
        if (t.is(k, "materialized")) {
            k++;
        }
        return t.is(k, Kind.LPAREN) ? new int[] {j, k} : null;
    }

    private static boolean startsQuery(Tokens t, int k) {
        return t.is(k, Kind.LPAREN) || t.is(k, "select") || t.is(k, "insert") || t.is(k, "update")
                || t.is(k, "delete") || t.is(k, "values") || t.is(k, "table") || t.is(k, "merge");
    }
}
