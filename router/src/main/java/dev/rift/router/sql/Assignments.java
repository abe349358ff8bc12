package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code SET} list of an UPDATE or of {@code ON CONFLICT DO UPDATE}: which column gets which expression
 * (by token range), so a prelude can mention every expression cast to its column's type.
 */
final class Assignments {

    /** One column and its value's tokens [first, end), or null bounds for {@code DEFAULT}. */
    record Assignment(String column, int first, int end) {
        boolean isDefault() {
            return first < 0;
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

    private static void single(Tokens t, int s, int e, List<Assignment> out) {
        if (!t.get(s).isName() || !isEquals(t, s + 1)) {
            throw Refusal.unsupported("assignments to array elements or fields of composite columns are not "
                    + "supported on overlay branches yet");
        }
        out.add(value(t, NameChain.truncate(t.get(s).value()), s + 2, e));
    }

    /** {@code (a, b) = (x, y)} or {@code (a, b) = ROW(x, y)}. */
    private static void multiple(Tokens t, int s, int e, int depth, List<Assignment> out) {
        int close = t.matching(s);
        List<String> columns = new ArrayList<>();
        for (int[] c : splitAtCommas(t, s + 1, close, depth + 1)) {
            if (c[1] - c[0] != 1 || !t.get(c[0]).isName()) {
                throw Refusal.unsupported("assignments to array elements or fields of composite columns are not "
                        + "supported on overlay branches yet");
            }
            columns.add(NameChain.truncate(t.get(c[0]).value()));
        }
        if (!isEquals(t, close + 1)) {
            throw Refusal.unsupported("rift cannot read this SET clause");
        }
        int open = t.is(close + 2, "row") ? close + 3 : close + 2;
        if (!t.is(open, Kind.LPAREN) || t.matching(open) != e - 1) {
            throw Refusal.unsupported("multiple-column assignments from anything but a row of expressions are not "
                    + "supported on overlay branches yet");
        }
        if (t.is(open + 1, "select") || t.is(open + 1, "with") || t.is(open + 1, "values")) {
            throw Refusal.unsupported("multiple-column assignments from a subquery are not supported on overlay "
                    + "branches yet");
        }
        List<int[]> values = splitAtCommas(t, open + 1, t.matching(open), depth + 1);
        if (values.size() != columns.size()) {
            throw Refusal.unsupported("rift cannot read this SET clause");
        }
        for (int i = 0; i < columns.size(); i++) {
            out.add(value(t, columns.get(i), values.get(i)[0], values.get(i)[1]));
        }
    }

    private static Assignment value(Tokens t, String column, int first, int end) {
        if (first >= end) {
            throw Refusal.unsupported("rift cannot read this SET clause");
        }
        if (end - first == 1 && t.is(first, "default")) {
            return new Assignment(column, -1, -1);
        }
        return new Assignment(column, first, end);
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
