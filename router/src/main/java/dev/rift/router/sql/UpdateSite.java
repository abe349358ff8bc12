package dev.rift.router.sql;

import dev.rift.cow.TableId;
import dev.rift.cow.WriteTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code UPDATE [ONLY] t [[AS] a] SET ... [FROM ...] [WHERE ...] [RETURNING ...]}. */
final class UpdateSite extends WriteSite {
    private final int set;
    private final int from;
    private final int where;
    private final int returning;
    private final List<Assignments.Assignment> assignments;

    UpdateSite(Tokens t, TableRef target, TableId table, int end) {
        super("UPDATE", Set.of("set"), t, target, table, end);
        set = clause(afterAlias, "set");
        if (set != afterAlias) {
            throw Refusal.unsupported("rift cannot read this UPDATE");
        }
        int f = clause(set + 1, "from");
        while (f > 0 && t.is(f - 1, "distinct")) { // IS [NOT] DISTINCT FROM in a SET expression
            f = clause(f + 1, "from");
        }
        from = f;
        where = clause(set + 1, "where");
        returning = clause(set + 1, "returning");
        int setEnd = firstOf(from, where, returning, end);
        assignments = Assignments.parse(t, set + 1, setEnd, depth);
        if (from > 0 && where > 0 && from > where || where > 0 && returning > 0 && where > returning) {
            throw Refusal.unsupported("rift cannot read this UPDATE");
        }
    }

    @Override
    List<String> preludes(WriteTarget w, Splicer splicer, RenderContext context, PreludeWith with) {
        if (w.isCopy()) {
            return List.of();
        }
        int fromEnd = firstOf(where, returning, end);
        int condEnd = returning > 0 ? returning : end;
        List<int[]> ranges = new ArrayList<>();
        if (from > 0) {
            refuseVolatile(from + 1, fromEnd, "FROM list");
            ranges.add(new int[] {from + 1, fromEnd});
        }
        if (where > 0) {
            refuseVolatile(where + 1, condEnd, "condition");
            ranges.add(new int[] {where + 1, condEnd});
        }
        // Parameter typing: RETURNING is analysed before SET by PostgreSQL, so it comes first here too.
        List<String> typing = new ArrayList<>();
        if (returning > 0 && t.hasParam(returning + 1, end)) {
            typing.add(Prelude.returningTyping(render(splicer, returning + 1, end)));
            ranges.add(new int[] {returning + 1, end});
        }
        List<String> setTyping = assignmentTyping(assignments, splicer, context, ranges);
        if (setTyping == null) {
            return List.of(); // PostgreSQL rejects the UPDATE itself (no such column) before touching a row
        }
        typing.addAll(setTyping);
        // Without WHERE, every row of <below> (joined with FROM) is the UPDATE's: copy them all up.
        return List.of(Prelude.copyUp(w, aliasText(),
                from > 0 ? render(splicer, from + 1, fromEnd) : null,
                where > 0 ? render(splicer, where + 1, condEnd) : null,
                typing, with.clauseFor(ranges)));
    }

    static int firstOf(int... candidates) {
        int best = Integer.MAX_VALUE;
        for (int c : candidates) {
            if (c > 0 && c < best) {
                best = c;
            }
        }
        return best;
    }
}
