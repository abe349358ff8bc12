package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sequences a {@code CREATE TABLE} makes by itself, for {@code serial} columns and identity columns, named as
 * PostgreSQL names them: {@code <table>_<column>_seq}. A later statement of the same transaction may call
 * {@code nextval('schema.table_id_seq')}, which must find the branch's own new sequence.
 */
final class ImplicitSequences {
    private static final Set<String> SERIALS = Set.of("serial", "serial2", "serial4", "serial8", "smallserial",
            "bigserial");
    private static final Set<String> NOT_COLUMNS = Set.of("constraint", "primary", "unique", "check", "foreign",
            "exclude", "like");
    /** PostgreSQL's NAMEDATALEN - 1: a longer name is shortened by rules not worth copying; such names are left out. */
    private static final int MAX_NAME = 63;

    private ImplicitSequences() {
    }

    static List<String> of(Tokens t, String table) {
        int open = -1;
        for (int i = 0; i < t.size(); i++) {
            if (t.is(i, Kind.LPAREN)) {
                open = i;
                break;
            }
        }
        List<String> names = new ArrayList<>();
        if (open < 0) {
            return names;
        }
        int depth = t.depth(open) + 1;
        String column = null;
        int start = -1;
        boolean makesSequence = false;
        for (int i = open + 1; i < t.size() && !(t.is(i, Kind.RPAREN) && t.depth(i) < depth); i++) {
            if (t.depth(i) != depth) {
                continue;
            }
            boolean starts = i == open + 1 || t.is(i - 1, Kind.COMMA) && t.depth(i - 1) == depth;
            if (starts) {
                add(names, table, column, makesSequence);
                column = (t.is(i, Kind.IDENT) || t.is(i, Kind.QIDENT)) && !NOT_COLUMNS.contains(t.get(i).value())
                        ? t.get(i).value() : null;
                start = i;
                makesSequence = false;
            } else if (column != null && t.is(i, Kind.IDENT)
                    && (i == start + 1 && SERIALS.contains(t.get(i).value()) || t.get(i).value().equals("identity"))) {
                makesSequence = true;
            }
        }
        add(names, table, column, makesSequence);
        return names;
    }

    private static void add(List<String> names, String table, String column, boolean makesSequence) {
        if (column != null && makesSequence) {
            String name = table + "_" + column + "_seq";
            if (name.length() <= MAX_NAME) {
                names.add(name);
            }
        }
    }
}
