package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code SET} list of an UPDATE or of {@code ON CONFLICT DO UPDATE}: which column gets which expression
 * (by token range), so a prelude can mention every expression in the context PostgreSQL types it in.
 */
final class Assignments {

    /**
     * One assignment: {@code column[sub].field = value}, with the target's tokens [target, targetEnd) and the value's
     * [first, end) (negative for {@code DEFAULT}); or a sub-select feeding several columns ({@code column} null, the
     * value being the parenthesised sub-select).
     */
    record Assignment(String column, int target, int targetEnd, int first, int end) {
        boolean isDefault() {
            return first < 0;
        }

        /** An assignment to an array element, a jsonb subscript or a composite field rather than to a column. */
        boolean isIndirect() {
            return targetEnd - target > 1;
        }

        /** {@code (a, b) = (SELECT ...)}. */
        boolean isSubSelect() {
            return column == null;
        }
    }

    private Assignments() {}

    /** Parses the assignments in tokens [from, to) at parenthesis depth {@code depth}. */
    static List<Assignment> parse(Tokens t, int from, int to, int depth) {
        List<Assignment> out = new ArrayList<>();
        for (int[] item : splitAtCommas(t, from, to, depth)) {
            int s = item[0];
            int e = item[1];
            if (t.is(s, Kind.LPAREN)) {
                multiple(t, s, e, depth, out);
            } else {
                single(t, s, e, out);
            }
        }
        return out;
    }

    /** {@code col = v}, {@code col[i] = v}, {@code col['k'] = v}, {@code col.field = v} (and chains of them). */
    private static void single(Tokens t, int s, int e, List<Assignment> out) {
        if (!t.get(s).isName()) {
            throw Refusal.unsupported("rift cannot read this SET clause");
        }
        int k = s + 1;
        while (k < e && !isEquals(t, k)) {
            if (t.is(k, Kind.LBRACKET)) {
                k = closingBracket(t, k, e) + 1;
            } else if (t.is(k, Kind.DOT) && k + 1 < e && t.get(k + 1).isName()) {
                k += 2;
            } else {
                throw Refusal.unsupported("rift cannot read this SET clause");
            }
        }
        if (k >= e) {
            throw Refusal.unsupported("rift cannot read this SET clause");
        }
        out.add(value(t, NameChain.truncate(t.get(s).value()), s, k, k + 1, e));
    }

    private static int closingBracket(Tokens t, int open, int e) {
        int nested = 0;
        for (int i = open; i < e; i++) {
            if (t.is(i, Kind.LBRACKET)) {
                nested++;
            } else if (t.is(i, Kind.RBRACKET) && --nested == 0) {
                return i;
            }
        }
        throw Refusal.unsupported("rift cannot read this SET clause");
    }

    /** {@code (a, b) = (x, y)}, {@code (a, b) = ROW(x, y)} or {@code (a, b) = (SELECT ...)}. */
    private static void multiple(Tokens t, int s, int e, int depth, List<Assignment> out) {
        int close = t.matching(s);
        List<String> columns = new ArrayList<>();
        List<int[]> targets = splitAtCommas(t, s + 1, close, depth + 1);
        for (int[] c : targets) {
            if (c[1] - c[0] != 1 || !t.get(c[0]).isName()) {
                throw Refusal.unsupported("assignments to array elements or fields of composite columns inside a "
                        + "multiple-column assignment are not supported on overlay branches yet");
            }
            columns.add(NameChain.truncate(t.get(c[0]).value()));
        }
        if (!isEquals(t, close + 1)) {
            throw Refusal.unsupported("rift cannot read this SET clause");
        }
        int open = t.is(close + 2, "row") ? close + 3 : close + 2;
        if (!t.is(open, Kind.LPAREN) || t.matching(open) != e - 1) {
            throw Refusal.unsupported("multiple-column assignments from anything but a row of expressions or a "
                    + "sub-select are not supported on overlay branches yet");
        }
        if (open == close + 2 && (t.is(open + 1, "select") || t.is(open + 1, "with") || t.is(open + 1, "values"))) {
            // The sub-select only supplies values: the rows updated are chosen by WHERE alone.
            out.add(new Assignment(null, s, close + 1, open, e));
            return;
        }
        List<int[]> values = splitAtCommas(t, open + 1, t.matching(open), depth + 1);
        if (values.size() != columns.size()) {
            throw Refusal.unsupported("rift cannot read this SET clause");
        }
        for (int i = 0; i < columns.size(); i++) {
            int[] c = targets.get(i);
            out.add(value(t, columns.get(i), c[0], c[1], values.get(i)[0], values.get(i)[1]));
        }
    }

    private static Assignment value(Tokens t, String column, int target, int targetEnd, int first, int end) {
        if (first >= end) {
            throw Refusal.unsupported("rift cannot read this SET clause");
        }
        if (end - first == 1 && t.is(first, "default")) {
            return new Assignment(column, target, targetEnd, -1, -1);
        }
        return new Assignment(column, target, targetEnd, first, end);
    }

    private static boolean isEquals(Tokens t, int i) {
        return t.is(i, Kind.OP) && t.get(i).value().equals("=");
    }

    /**
     * Token ranges [first, end) of the comma-separated items of [from, to) at {@code depth}. Commas inside
     * brackets ({@code ARRAY['a', 'b']}) separate array elements, not items.
     */
    static List<int[]> splitAtCommas(Tokens t, int from, int to, int depth) {
        List<int[]> items = new ArrayList<>();
        int start = from;
        int brackets = 0;
        for (int i = from; i < to; i++) {
            if (t.is(i, Kind.LBRACKET)) {
                brackets++;
            } else if (t.is(i, Kind.RBRACKET) && brackets > 0) {
                brackets--;
            } else if (brackets == 0 && t.is(i, Kind.COMMA) && t.depth(i) == depth) {
                items.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (start < to) {
            items.add(new int[] {start, to});
        }
        return items;
    }
}
