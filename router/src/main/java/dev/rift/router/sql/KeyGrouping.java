package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GROUP BY a changed table's primary key. PostgreSQL lets a query select a table's other columns when it groups by
 * the table's primary key, but only when it reads the table itself; on a branch the reference reads a merged
 * relation (a view, without a key), which would answer 42803. The other columns the statement may name are added
 * to that GROUP BY: the key determines them, so the groups are the same.
 */
final class KeyGrouping {
    /** Types without an equality operator, which cannot be grouped by (the statement keeps its 42803). */
    private static final Set<String> UNGROUPABLE = Set.of("json", "xml", "point", "line", "lseg", "box", "path",
            "polygon", "circle");
    private static final Set<String> CLAUSE_END = Set.of("having", "window", "order", "limit", "offset", "fetch",
            "for", "union", "intersect", "except", "returning");

    /** A read reference replaced by a merged relation, known in the statement as {@code qualifier}. */
    record Replaced(int nameToken, String qualifier, TableId table) {}

    private final Tokens t;

    KeyGrouping(Tokens t) {
        this.t = t;
    }

    void splice(List<Replaced> replaced, List<TableRef> refs, TableShapes shapes, Splicer splicer) {
        for (Replaced r : replaced) {
            int scope = selectScope(r.nameToken());
            int groupBy = groupByAfter(r.nameToken(), scope);
            if (groupBy < 0) {
                continue;
            }
            List<int[]> items = items(groupBy + 2);
            if (items.isEmpty()) {
                continue;
            }
            List<String> key = shapes.primaryKey(r.table());
            boolean alone = refs.stream().filter(TableRef::located)
                    .filter(ref -> selectScope(ref.name().first()) == scope).count() == 1;
            Set<String> grouped = grouped(items, r.qualifier(), alone);
            if (key.isEmpty() || !grouped.containsAll(key)) {
                continue;
            }
            StringBuilder added = new StringBuilder();
            boolean star = mentionsStar();
            for (TableShapes.ColumnType c : shapes.columns(r.table())) {
                if (!grouped.contains(c.name()) && !UNGROUPABLE.contains(c.type()) && (star || mentions(c.name()))) {
                    added.append(", ").append(Quote.ident(r.qualifier())).append('.').append(Quote.ident(c.name()));
                }
            }
            if (!added.isEmpty()) {
                int[] last = items.get(items.size() - 1);
                splicer.insert(t.get(last[1] - 1).end(), added.toString());
            }
        }
    }

    /**
     * The parenthesis opening the query whose FROM holds token {@code i} (-1 for the top level), past the
     * parentheses that only group joins ({@code FROM (a JOIN b ON ...)}, as pg_get_viewdef prints them).
     */
    private int selectScope(int i) {
        int open = t.enclosingOpen(i);
        while (open >= 0 && !(t.is(open + 1, "select") || t.is(open + 1, "with") || t.is(open + 1, "values")
                || t.is(open + 1, "table"))) {
            open = t.enclosingOpen(open);
        }
        return open;
    }

    /** The {@code group} of the first GROUP BY of the query at {@code scope} after token {@code from}, or -1. */
    private int groupByAfter(int from, int scope) {
        int end = scope < 0 ? t.size() : t.matching(scope);
        int depth = scope < 0 ? 0 : t.depth(scope) + 1;
        for (int i = from; i < end && i < t.size(); i++) {
            if (t.depth(i) != depth) {
                continue;
            }
            if (t.is(i, "union") || t.is(i, "intersect") || t.is(i, "except") || t.is(i, Kind.SEMICOLON)) {
                return -1;
            }
            if (t.is(i, "group") && t.is(i + 1, "by")) {
                boolean plain = !(t.is(i + 2, "rollup") || t.is(i + 2, "cube") || t.is(i + 2, "grouping")
                        || t.is(i + 2, "distinct") || t.is(i + 2, "all"));
                return plain ? i : -1;
            }
        }
        return -1;
    }

    /** The GROUP BY's items from token {@code first}, each as [begin, end) token indexes. */
    private List<int[]> items(int first) {
        List<int[]> items = new ArrayList<>();
        int depth = t.depth(first);
        int begin = first;
        int i = first;
        for (; i < t.size(); i++) {
            Token tok = t.get(i);
            if (t.depth(i) < depth || tok.is(Kind.RPAREN) && t.depth(i) == depth - 1 || tok.is(Kind.SEMICOLON)
                    || t.depth(i) == depth && tok.kind() == Kind.IDENT && CLAUSE_END.contains(tok.value())) {
                break;
            }
            if (t.depth(i) == depth && tok.is(Kind.COMMA)) {
                items.add(new int[] {begin, i});
                begin = i + 1;
            }
        }
        if (i > begin) {
            items.add(new int[] {begin, i});
        }
        return items;
    }

    /** The columns of the table known as {@code qualifier} that the items name as plain column references. */
    private Set<String> grouped(List<int[]> items, String qualifier, boolean alone) {
        Set<String> columns = new HashSet<>();
        for (int[] item : items) {
            int n = item[1] - item[0];
            Token first = t.get(item[0]);
            if (n == 1 && first.isName() && alone) {
                columns.add(first.value());
            } else if (n == 3 && first.isName() && first.value().equals(qualifier) && t.is(item[0] + 1, Kind.DOT)
                    && t.get(item[0] + 2).isName()) {
                columns.add(t.get(item[0] + 2).value());
            }
        }
        return columns;
    }

    /** Whether the statement names {@code column} anywhere (the added column is then harmless if it is not ours). */
    private boolean mentions(String column) {
        for (Token tok : t.all()) {
            if (tok.isName() && tok.value().equals(column)) {
                return true;
            }
        }
        return false;
    }

    /** A {@code *} that may expand to the table's columns (not {@code count(*)}). */
    private boolean mentionsStar() {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).is(Kind.OP) && t.get(i).value().equals("*")
                    && !(t.is(i - 1, Kind.LPAREN) && t.is(i + 1, Kind.RPAREN))) {
                return true;
            }
        }
        return false;
    }
}
