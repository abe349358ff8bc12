package dev.rift.router.sql;

import dev.rift.cow.TableId;
import dev.rift.cow.WriteTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code DELETE FROM [ONLY] t [[AS] a] [USING ...] [WHERE ...] [RETURNING ...]}. */
final class DeleteSite extends WriteSite {
    private final int using;
    private final int where;
    private final int returning;

    DeleteSite(Tokens t, TableRef target, TableId table, int end) {
        super("DELETE", Set.of("using", "where", "returning"), t, target, table, end);
        using = clause(afterAlias, "using");
        where = clause(afterAlias, "where");
        returning = clause(afterAlias, "returning");
        int first = UpdateSite.firstOf(using, where, returning, end);
        if (first != afterAlias && afterAlias < end
                || using > 0 && where > 0 && using > where || where > 0 && returning > 0 && where > returning) {
            throw Refusal.unsupported("rift cannot read this DELETE");
        }
    }

    @Override
    List<String> preludes(WriteTarget w, Splicer splicer, RenderContext context, PreludeWith with) {
        if (w.isCopy()) {
            return List.of();
        }
        int usingEnd = UpdateSite.firstOf(where, returning, end);
        int condEnd = returning > 0 ? returning : end;
        List<int[]> ranges = new ArrayList<>();
        if (using > 0) {
            refuseVolatile(using + 1, usingEnd, "USING list");
            ranges.add(new int[] {using + 1, usingEnd});
        }
        if (where > 0) {
            refuseVolatile(where + 1, condEnd, "condition");
            ranges.add(new int[] {where + 1, condEnd});
        }
        List<String> typing = new ArrayList<>();
        if (returning > 0 && t.hasParam(returning + 1, end)) {
            typing.add(Prelude.returningTyping(render(splicer, returning + 1, end)));
            ranges.add(new int[] {returning + 1, end});
        }
        // Without WHERE, every row of <below> is deleted: copy them all up (the DELETE then leaves tombstones).
        return List.of(Prelude.copyUp(w, aliasText(),
                using > 0 ? render(splicer, using + 1, usingEnd) : null,
                where > 0 ? render(splicer, where + 1, condEnd) : null,
                typing, with.clauseFor(ranges)));
    }
}
