package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.cow.WriteTarget;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One INSERT, UPDATE or DELETE inside a statement (the statement itself, or a data-modifying WITH query): its
 * target, where its clauses are in the text, and how it is rewritten once its target has a place in the layer.
 */
abstract class WriteSite {
    private static final Set<String> VOLATILE = Set.of("random", "random_normal", "setseed", "nextval", "setval",
            "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "clock_timestamp",
            "timeofday");

    final Tokens t;
    final TableRef target;
    final TableId table;
    /** Parenthesis depth of the write's own clauses. */
    final int depth;
    /** Token index just past the write's text. */
    final int end;
    /** The alias as written, or null. */
    final String alias;
    /** First token after the alias (or after the name when there is none). */
    final int afterAlias;

    private final String verb;

    /**
     * @param notAlias words that may follow the target's name without being an alias; null when only
     *                 {@code AS} introduces one (INSERT)
     */
    WriteSite(String verb, Set<String> notAlias, Tokens t, TableRef target, TableId table, int end) {
        this.verb = verb;
        this.t = t;
        this.target = target;
        this.table = table;
        this.depth = t.depth(target.name().first());
        this.end = end;
        int k = target.name().last() + 1;
        if (t.is(k, Kind.OP) && t.get(k).value().equals("*")) {
            k++;
        }
        int aliasToken = -1;
        if (t.is(k, "as")) {
            aliasToken = k + 1;
        } else if (notAlias != null
                && (t.is(k, Kind.QIDENT) || t.is(k, Kind.IDENT) && !notAlias.contains(t.get(k).value()))) {
            aliasToken = k;
        }
        if ((aliasToken >= 0) != target.alias() || aliasToken >= 0 && !t.get(aliasToken).isName()) {
            throw Refusal.unsupported("rift cannot tell the alias of " + verb() + " target " + table);
        }
        this.alias = aliasToken >= 0 ? t.get(aliasToken).text(t.sql) : null;
        this.afterAlias = aliasToken >= 0 ? aliasToken + 1 : k;
    }

    /** Whether the site changes rows (a locking read only moves them into the layer). */
    boolean writes() {
        return true;
    }

    /** The statement keyword: INSERT, UPDATE, DELETE. */
    final String verb() {
        return verb;
    }

    /**
     * The hidden statements that must run before the write, rendered from the statement's text with every
     * replacement already registered in {@code splicer} (including {@link #spliceTarget}).
     */
    abstract List<String> preludes(WriteTarget target, Splicer splicer, RenderContext context, PreludeWith with);

    /** Points the target at the layer's table (the alias, if any, stays as written). */
    void spliceTarget(Splicer splicer, WriteTarget w) {
        splicer.replace(target.begin(t), target.end(t), w.writeRelation());
    }

    /** How the write's own text names its target: the alias, or the table's name. */
    String aliasText() {
        return alias != null ? alias : Quote.ident(table.name());
    }

    /** The first token in [from, end) at the write's depth that is {@code word}, or -1. */
    int clause(int from, String word) {
        return t.find(from, end, depth, word);
    }

    /** The text of tokens [first, stop), with the replacements inside it. */
    String render(Splicer splicer, int first, int stop) {
        return splicer.render(t.beginOf(first), t.endOf(stop - 1));
    }

    /** Refuses conditions that would select different rows in the prelude and in the write itself. */
    void refuseVolatile(int first, int stop, String what) {
        for (int i = first; i < stop; i++) {
            Token tok = t.get(i);
            if (tok.kind() == Kind.IDENT && VOLATILE.contains(tok.value()) && t.is(i + 1, Kind.LPAREN)) {
                throw Refusal.unsupported(verb() + " whose " + what + " calls " + tok.value()
                        + "() is not supported on overlay branches yet (rows would be chosen twice)");
            }
        }
    }

    /**
     * Typing for the parameters of SET expressions (UPDATE's, ON CONFLICT DO UPDATE's), each in the context
     * PostgreSQL types it in: cast to its column's type, compared with the array element, subscript or field it
     * assigns, or a sub-select as written; adds the ranges it renders to {@code ranges}. Null when a column does not
     * exist: PostgreSQL then rejects the statement before it touches a row.
     */
    List<String> assignmentTyping(List<Assignments.Assignment> assignments, Splicer splicer, RenderContext context,
                                  List<int[]> ranges) {
        List<String> casts = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Assignments.Assignment a : assignments) {
            boolean targetParams = a.isIndirect() && t.hasParam(a.target(), a.targetEnd());
            if (a.isDefault() || !t.hasParam(a.first(), a.end()) && !targetParams) {
                continue;
            }
            ranges.add(new int[] {a.first(), a.end()});
            String value = render(splicer, a.first(), a.end());
            if (a.isSubSelect()) {
                others.add("EXISTS " + value);
                continue;
            }
            Optional<String> type = columnType(context, table, a.column());
            if (type.isEmpty()) {
                return null;
            }
            if (a.isIndirect()) {
                ranges.add(new int[] {a.target(), a.targetEnd()});
                String element = "(" + aliasText() + "." + t.get(a.target()).text(t.sql) + ")"
                        + render(splicer, a.target() + 1, a.targetEnd());
                others.add("(" + element + ") IS NOT DISTINCT FROM (" + value + ")");
            } else {
                casts.add(Prelude.castTo(value, type.get()));
            }
        }
        List<String> typing = new ArrayList<>();
        if (!casts.isEmpty()) {
            typing.add(Prelude.rowTyping(casts));
        }
        typing.addAll(others);
        return typing;
    }

    /** The column types of the target, by name. */
    static Optional<String> columnType(RenderContext context, TableId table, String column) {
        return context.shapes().columns(table).stream()
                .filter(c -> c.name().equals(column)).map(TableShapes.ColumnType::type).findFirst();
    }
}
