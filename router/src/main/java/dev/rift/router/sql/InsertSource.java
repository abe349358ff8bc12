package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an INSERT ... ON CONFLICT inserts, read from its text: a plain {@code VALUES} list (its rows' items), or any
 * other query, whose output items rift knows when it can read them (a SELECT list without {@code *}, or the first row
 * of a VALUES with ORDER BY/LIMIT/set operations).
 *
 * @param rows  the rows of a plain VALUES list, each as its items' token ranges; null for a query
 * @param items the token ranges of the source's output columns, or null when rift cannot tell them
 */
record InsertSource(List<List<int[]>> rows, List<int[]> items) {
    private static final Set<String> AFTER_SELECT_LIST = Set.of("from", "into", "where", "group", "having", "window",
            "order", "limit", "offset", "fetch", "union", "intersect", "except", "for");

    boolean isPlainValues() {
        return rows != null;
    }

    /** The source in tokens [from, to), the INSERT's clauses being at parenthesis depth {@code depth}. */
    static InsertSource of(Tokens t, int from, int to, int depth) {
        if (t.is(from, "values")) {
            List<List<int[]>> rows = plainValues(t, from + 1, to, depth);
            if (rows != null) {
                return new InsertSource(rows, rows.get(0));
            }
        }
        return new InsertSource(null, queryItems(t, from, to, depth));
    }

    /** The rows of {@code VALUES (...), (...)}, or null when more follows them (ORDER BY, LIMIT, UNION, ...). */
    private static List<List<int[]>> plainValues(Tokens t, int from, int to, int depth) {
        List<List<int[]>> rows = new ArrayList<>();
        int k = from;
        while (k < to) {
            if (!t.is(k, Kind.LPAREN) || t.matching(k) < 0) {
                return null;
            }
            int close = t.matching(k);
            rows.add(Assignments.splitAtCommas(t, k + 1, close, depth + 1));
            k = close + 1;
            if (k < to && !t.is(k, Kind.COMMA)) {
                return null;
            }
            k++;
        }
        return rows.isEmpty() ? null : rows;
    }

    /** The output items of the query's first SELECT list or VALUES row at {@code depth}, or null. */
    private static List<int[]> queryItems(Tokens t, int from, int to, int depth) {
        for (int i = from; i < to; i++) {
            if (t.depth(i) != depth) {
                continue;
            }
            if (t.is(i, "values") && t.is(i + 1, Kind.LPAREN) && t.matching(i + 1) > 0) {
                return Assignments.splitAtCommas(t, i + 2, t.matching(i + 1), depth + 1);
            }
            if (t.is(i, "select")) {
                return selectList(t, i + 1, to, depth);
            }
            if (t.is(i, "table") || t.is(i, Kind.LPAREN) && i == from) {
                return null;
            }
        }
        return null;
    }

    private static List<int[]> selectList(Tokens t, int from, int to, int depth) {
        int k = from;
        if (t.is(k, "all")) {
            k++;
        } else if (t.is(k, "distinct")) {
            k++;
            if (t.is(k, "on") && t.is(k + 1, Kind.LPAREN)) {
                k = t.matching(k + 1) + 1;
            }
        }
        int stop = k;
        while (stop < to && !(t.depth(stop) == depth && t.get(stop).kind() == Kind.IDENT
                && AFTER_SELECT_LIST.contains(t.get(stop).value()))) {
            stop++;
        }
        List<int[]> items = Assignments.splitAtCommas(t, k, stop, depth);
        for (int[] item : items) {
            Token last = t.get(item[1] - 1);
            if (last.kind() == Kind.OP && last.value().equals("*")) {
                return null; // t.* or *: as many columns as the relation has
            }
        }
        return items;
    }
}
