package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.cow.WriteTarget;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code INSERT INTO t [AS a] [(cols)] [OVERRIDING ... VALUE] {VALUES ... | DEFAULT VALUES | query}
 * [ON CONFLICT ...] [RETURNING ...]}. The target becomes the layer's table; with {@code ON CONFLICT} a prelude
 * first copies up the rows of {@code <below>} whose unique keys equal an incoming row's, so the conflict
 * arbiter sees them in the layer's table.
 */
final class InsertSite extends WriteSite {
    private final int columnsOpen;
    private final int source;
    private final int onConflict;
    private final int returning;

    InsertSite(Tokens t, TableRef target, TableId table, int end) {
        super("INSERT", null, t, target, table, end);
        int k = afterAlias;
        if (t.is(k, Kind.LPAREN) && !startsQuery(k + 1)) {
            columnsOpen = k;
            k = t.matching(k) + 1;
        } else {
            columnsOpen = -1;
        }
        if (t.is(k, "overriding")) {
            k += 3;
        }
        source = k;
        int on = -1;
        for (int i = source; i < end; i++) {
            if (t.depth(i) == depth && t.is(i, "on") && t.is(i + 1, "conflict")) {
                on = i;
                break;
            }
        }
        onConflict = on;
        returning = clause(source, "returning");
    }

    private boolean startsQuery(int i) {
        return t.is(i, "select") || t.is(i, "with") || t.is(i, "values") || t.is(i, "table") || t.is(i, Kind.LPAREN);
    }

    @Override
    List<String> preludes(WriteTarget w, Splicer splicer, RenderContext context, PreludeWith with) {
        if (w.isCopy() || onConflict < 0 || t.is(source, "default")) {
            // DEFAULT VALUES: the only keys come from defaults, which the branch's own sequences supply.
            return List.of();
        }
        int sourceEnd = onConflict;
        InsertSource src = InsertSource.of(t, source, sourceEnd, depth);
        List<TableShapes.ColumnType> tableColumns = context.shapes().columns(table);
        List<int[]> items = src.items();
        List<String> columns = insertColumns(tableColumns, items != null ? items.size() : tableColumns.size());
        Map<String, String> types = new LinkedHashMap<>();
        tableColumns.forEach(c -> types.put(c.name(), c.type()));
        if (columns == null || !types.keySet().containsAll(columns)
                || items != null && items.size() != columns.size()
                || src.isPlainValues() && src.rows().stream().anyMatch(r -> r.size() != columns.size())) {
            return List.of(); // PostgreSQL rejects the INSERT itself before inserting anything
        }
        List<List<String>> keys = context.shapes().uniqueKeys(table).stream()
                .filter(columns::containsAll).toList();
        if (keys.isEmpty()) {
            return List.of(); // incoming keys all come from defaults: nothing below can conflict with them
        }
        List<int[]> ranges = new ArrayList<>();
        Set<String> keyColumns = new HashSet<>();
        keys.forEach(keyColumns::addAll);
        String excluded;
        if (src.isPlainValues()) {
            ranges.add(new int[] {source + 1, sourceEnd});
            excluded = excludedRelation(splicer, src.rows(), columns, types, keyColumns);
        } else {
            ranges.add(new int[] {source, sourceEnd});
            excluded = excludedFromQuery(splicer, items, columns, types, keyColumns, sourceEnd);
        }
        List<String> typing = conflictTyping(splicer, context, ranges);
        List<String> match = new ArrayList<>();
        for (List<String> key : keys) {
            match.add(keyMatch(key));
        }
        return List.of(Prelude.copyUp(w, aliasText(), excluded, String.join(" OR ", match), typing,
                with.clauseFor(ranges)));
    }

    /**
     * {@code (SELECT ... FROM (query) AS rift_source(cols)) AS excluded(every column)}: the query's rows as
     * {@code excluded} sees them. The prelude runs the query once more, in the same snapshot, before the INSERT; it
     * yields the same rows then (copying rows up does not change what the branch reads) unless it calls a volatile
     * function, which is refused. Only the columns up to the last key column are named, so a source narrower than
     * the table still reads.
     */
    private String excludedFromQuery(Splicer splicer, List<int[]> items, List<String> columns,
                                     Map<String, String> types, Set<String> keyColumns, int sourceEnd) {
        refuseVolatile(source, sourceEnd, "source query");
        int width = 0;
        for (int i = 0; i < columns.size(); i++) {
            if (keyColumns.contains(columns.get(i))) {
                width = i + 1;
            }
        }
        List<String> named = columns.subList(0, width);
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> column : types.entrySet()) {
            values.add(keyColumns.contains(column.getKey()) && named.contains(column.getKey())
                    ? Prelude.castTo("rift_source." + Quote.ident(column.getKey()), column.getValue())
                    : "CAST(NULL AS " + column.getValue() + ")");
        }
        List<String> names = types.keySet().stream().map(Quote::ident).toList();
        return "(SELECT " + String.join(", ", values) + " FROM (" + sourceText(splicer, items, columns, types, sourceEnd)
                + ") AS rift_source(" + String.join(", ", named.stream().map(Quote::ident).toList()) + ")) AS excluded("
                + String.join(", ", names) + ")";
    }

    /**
     * The source query's text. INSERT types a bare parameter in the source's output as its column (it leaves unknown
     * types unresolved there), where a subquery would make it text: such an item is cast to its column's type.
     */
    private String sourceText(Splicer splicer, List<int[]> items, List<String> columns, Map<String, String> types,
                              int sourceEnd) {
        StringBuilder b = new StringBuilder();
        int at = source;
        for (int i = 0; items != null && i < items.size(); i++) {
            int[] item = items.get(i);
            if (item[1] - item[0] == 1 && t.is(item[0], Kind.PARAM)) {
                if (item[0] > at) {
                    b.append(render(splicer, at, item[0])).append(' ');
                }
                b.append(Prelude.castTo(render(splicer, item[0], item[1]), types.get(columns.get(i)))).append(' ');
                at = item[1];
            }
        }
        return at < sourceEnd ? b.append(render(splicer, at, sourceEnd)).toString() : b.toString();
    }

    /** The explicit column list, or the table's first {@code arity} columns; null when the text names none rift knows. */
    private List<String> insertColumns(List<TableShapes.ColumnType> tableColumns, int arity) {
        if (columnsOpen < 0) {
            return arity <= tableColumns.size()
                    ? tableColumns.subList(0, arity).stream().map(TableShapes.ColumnType::name).toList()
                    : null;
        }
        List<String> names = new ArrayList<>();
        for (int[] c : Assignments.splitAtCommas(t, columnsOpen + 1, t.matching(columnsOpen), depth + 1)) {
            if (c[1] - c[0] != 1 || !t.get(c[0]).isName()) {
                throw Refusal.unsupported("INSERT into array elements or fields of composite columns is not "
                        + "supported on overlay branches yet");
            }
            names.add(NameChain.truncate(t.get(c[0]).value()));
        }
        return names;
    }

    /**
     * {@code (VALUES (...), ...) AS excluded(every column)}: the incoming rows as ON CONFLICT's {@code excluded}
     * sees them, each value cast to its column's type as the INSERT itself coerces it. Only key values are needed
     * (and evaluated); other values appear only when they hold parameters, for typing, and are NULL otherwise.
     */
    private String excludedRelation(Splicer splicer, List<List<int[]>> rows, List<String> columns,
                                    Map<String, String> types, Set<String> keyColumns) {
        List<String> renderedRows = new ArrayList<>();
        for (List<int[]> row : rows) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> column : types.entrySet()) {
                int at = columns.indexOf(column.getKey());
                int[] item = at < 0 ? null : row.get(at);
                boolean defaulted = item == null || item[1] - item[0] == 1 && t.is(item[0], "default");
                boolean needed = !defaulted && (keyColumns.contains(column.getKey()) || t.hasParam(item[0], item[1]));
                if (needed) {
                    refuseVolatile(item[0], item[1], "VALUES list");
                }
                values.add(!needed
                        ? "CAST(NULL AS " + column.getValue() + ")"
                        : Prelude.castTo(render(splicer, item[0], item[1]), column.getValue()));
            }
            renderedRows.add("(" + String.join(", ", values) + ")");
        }
        List<String> names = types.keySet().stream().map(Quote::ident).toList();
        return "(VALUES " + String.join(", ", renderedRows) + ") AS excluded(" + String.join(", ", names) + ")";
    }

    /**
     * Typing for the parameters of the ON CONFLICT clause and RETURNING, in the order PostgreSQL analyses them:
     * the arbiter's predicate, DO UPDATE's SET, its WHERE, RETURNING.
     */
    private List<String> conflictTyping(Splicer splicer, RenderContext context, List<int[]> ranges) {
        List<String> typing = new ArrayList<>();
        int stop = returning > 0 ? returning : end;
        int k = onConflict + 2;
        int doToken = clause(k, "do");
        if (doToken < 0) {
            throw Refusal.unsupported("rift cannot read this ON CONFLICT clause");
        }
        int predicate = clause(k, "where");
        if (predicate > 0 && predicate < doToken && t.hasParam(predicate + 1, doToken)) {
            typing.add("(" + render(splicer, predicate + 1, doToken) + ")");
            ranges.add(new int[] {predicate + 1, doToken});
        }
        if (t.is(doToken + 1, "update")) {
            int set = doToken + 2;
            int actionWhere = clause(set + 1, "where");
            int setEnd = actionWhere > 0 && actionWhere < stop ? actionWhere : stop;
            List<String> setTyping = assignmentTyping(Assignments.parse(t, set + 1, setEnd, depth), splicer,
                    context, ranges);
            if (setTyping == null) {
                return typing; // no such column: PostgreSQL rejects the statement before inserting anything
            }
            typing.addAll(setTyping);
            if (setEnd < stop && t.hasParam(setEnd + 1, stop)) {
                typing.add("(" + render(splicer, setEnd + 1, stop) + ")");
                ranges.add(new int[] {setEnd + 1, stop});
            }
        }
        if (returning > 0 && t.hasParam(returning + 1, end)) {
            typing.add(Prelude.returningTyping(render(splicer, returning + 1, end)));
            ranges.add(new int[] {returning + 1, end});
        }
        return typing;
    }

    private String keyMatch(List<String> key) {
        String alias = aliasText();
        if (key.size() == 1) {
            return alias + "." + Quote.ident(key.get(0)) + " = excluded." + Quote.ident(key.get(0));
        }
        List<String> left = key.stream().map(k -> alias + "." + Quote.ident(k)).toList();
        List<String> right = key.stream().map(k -> "excluded." + Quote.ident(k)).toList();
        return "(" + String.join(", ", left) + ") = (" + String.join(", ", right) + ")";
    }
}
