package dev.rift.router.sql;

import dev.rift.cow.TableId;
import dev.rift.cow.WriteTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code SELECT ... FROM t [alias] [WHERE ...] ... FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE} on a branch:
 * the rows to lock must be the branch's own real rows, never main's (main's writers would wait for the branch, and
 * the branch's upstream role may not lock them), and a changed table's merged relation is a view over two tables.
 * So the rows the query selects are copied up first (a prelude, as for an UPDATE with the same condition), and the
 * query then reads, and locks, the layer's table, which now holds every row it can return. A table the branch has
 * not changed gets its place in the layer for this, as for a write. Two sessions of the branch then contend on the
 * layer's rows as on a copy, NOWAIT and SKIP LOCKED included, with one limit: a row another session copied up in
 * its still open transaction is waited for by the copy-up (its key is being inserted into the shadow), so NOWAIT
 * and SKIP LOCKED wait for that transaction instead of failing or skipping.
 * Only a single table in FROM is handled; anything else is refused by the caller.
 */
final class LockingReadSite extends WriteSite {
    private static final Set<String> NOT_ALIAS = Set.of("where", "group", "having", "window", "order", "limit",
            "offset", "fetch", "for", "union", "intersect", "except");
    private final int where;
    private final int whereEnd;

    LockingReadSite(Tokens t, TableRef target, TableId table) {
        super("SELECT ... FOR UPDATE/SHARE", NOT_ALIAS, t, target, table, t.size());
        where = clause(afterAlias, "where");
        int stop = end;
        if (where > 0) {
            for (int i = where + 1; i < end; i++) {
                if (t.depth(i) == depth && t.get(i).kind() == Token.Kind.IDENT && NOT_ALIAS.contains(t.get(i).value())
                        && !t.get(i).is("where")) {
                    stop = i;
                    break;
                }
            }
        }
        whereEnd = stop;
        if (where > 0) {
            refuseVolatile(where + 1, whereEnd, "condition");
        }
    }

    @Override
    boolean writes() {
        return false;
    }

    @Override
    List<String> preludes(WriteTarget w, Splicer splicer, RenderContext context, PreludeWith with) {
        if (w.isCopy()) {
            return List.of();
        }
        List<int[]> ranges = new ArrayList<>();
        String cond = null;
        if (where > 0) {
            cond = render(splicer, where + 1, whereEnd);
            ranges.add(new int[] {where + 1, whereEnd});
        }
        List<String> typing = new ArrayList<>();
        if (t.hasParam(0, end)) {
            // The whole query in a sublink types every parameter exactly as the query does.
            typing.add("EXISTS (" + splicer.render() + ")");
            ranges.add(new int[] {0, end});
        }
        return List.of(Prelude.copyUp(w, aliasText(), null, cond, typing, with.clauseFor(ranges)));
    }
}
