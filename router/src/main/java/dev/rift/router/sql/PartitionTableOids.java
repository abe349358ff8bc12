package dev.rift.router.sql;

import dev.rift.cow.Quote;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tableoid} of a row read from a partition tree the branch holds: the oid of the layer's copy becomes the
 * upstream table's oid, which a full copy ({@code CREATE DATABASE ... TEMPLATE}) keeps, so {@code tableoid::regclass}
 * prints the partition's name exactly as on the copy (qualified only where the search_path does not show it).
 */
final class PartitionTableOids {
    private PartitionTableOids() {}

    /** Whether the statement mentions {@code tableoid} as a column. */
    static boolean mentioned(Tokens t) {
        for (int i = 0; i < t.size(); i++) {
            if (isTableoid(t, i)) {
                return true;
            }
        }
        return false;
    }

    /** Replaces each {@code [alias.]tableoid} by the upstream oid of the copy the row comes from. */
    static void splice(Tokens t, Splicer splicer, Map<String, Long> copies) {
        StringBuilder cases = new StringBuilder();
        for (Map.Entry<String, Long> e : new TreeMap<>(copies).entrySet()) {
            cases.append(" WHEN ").append(Quote.literal(e.getKey())).append("::regclass::oid THEN ")
                    .append(e.getValue()).append("::oid");
        }
        for (int i = 0; i < t.size(); i++) {
            if (!isTableoid(t, i)) {
                continue;
            }
            int first = i;
            if (t.is(i - 1, Token.Kind.DOT)) {
                first = i - 2;
                if (first < 0 || !t.get(first).isName() || t.is(first - 1, Token.Kind.DOT)) {
                    throw Refusal.unsupported("tableoid qualified by a schema is not supported on overlay branches");
                }
            }
            String column = t.sql.substring(t.get(first).begin(), t.get(i).end());
            splicer.replace(t.get(first).begin(), t.get(i).end(),
                    "(CASE " + column + cases + " ELSE " + column + " END)");
        }
    }

    private static boolean isTableoid(Tokens t, int i) {
        Token tok = t.get(i);
        return tok.kind() == Token.Kind.IDENT && tok.value().equals("tableoid") && !t.is(i + 1, Token.Kind.LPAREN);
    }
}
