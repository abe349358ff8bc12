package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.cow.WriteTarget;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code TRUNCATE [TABLE] [ONLY] t [, ...]} on a branch: the upstream's rows cannot be truncated, so each delta's
 * rows are copied up and deleted from the layer (leaving tombstones), which costs O(rows) rather than O(1); tables
 * the branch holds whole (copies, its own tables) hold all their rows, so they are truncated, and fire TRUNCATE
 * triggers as on a copy. The client sees {@code TRUNCATE TABLE}.
 */
final class TruncateStatement implements StatementPlan {
    private final Set<TableId> tables;

    private TruncateStatement(Set<TableId> tables) {
        this.tables = tables;
    }

    static StatementPlan of(Tokens t, Resolver resolver) {
        int k = t.is(1, "table") ? 2 : 1;
        List<NameChain> names = new ArrayList<>();
        k = TargetNames.list(t, k, names);
        for (; k < t.size(); k++) {
            if (t.is(k, "restart") || t.is(k, "cascade")) {
                throw Refusal.unsupported("TRUNCATE ... " + (t.is(k, "restart") ? "RESTART IDENTITY" : "CASCADE")
                        + " is not supported on overlay branches yet");
            }
        }
        Set<TableId> tables = new LinkedHashSet<>();
        for (NameChain name : names) {
            tables.add(TargetNames.writable(name, resolver, "TRUNCATE"));
        }
        return new TruncateStatement(tables);
    }

    @Override
    public Set<TableId> tablesToWrite() {
        return tables;
    }

    @Override
    public Rendering render(RenderContext context) {
        for (TableId table : tables) {
            for (TableId referencing : context.shapes().referencingTables(table)) {
                if (!tables.contains(referencing)) {
                    // PostgreSQL's own refusal (it names the same SQLSTATE).
                    throw Refusal.unsupported("cannot truncate a table referenced in a foreign key constraint: table \""
                            + referencing.name() + "\" references \"" + table.name() + "\"");
                }
            }
        }
        List<String> preludes = new ArrayList<>();
        List<String> copies = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (TableId table : tables) {
            WriteTarget w = context.target(table);
            if (w.isCopy()) {
                copies.add(w.writeRelation()); // the branch's own rows only: truncated, firing what a copy fires
                continue;
            }
            preludes.add(Prelude.copyUp(w, Quote.ident(table.name()), null, null, List.of(), ""));
            deletes.add("DELETE FROM " + w.writeRelation());
        }
        String truncate = copies.isEmpty() ? null : "TRUNCATE " + String.join(", ", copies);
        if (deletes.isEmpty()) {
            return new Rendering(true, preludes, List.of(), truncate, Optional.of("TRUNCATE TABLE"));
        }
        // One statement for all the deltas: the foreign key triggers between them fire at its end, when every row is
        // gone, so tables that reference each other empty in any order (as TRUNCATE a, b empties them at once).
        String last = deletes.remove(deletes.size() - 1);
        if (!deletes.isEmpty()) {
            List<String> ctes = new ArrayList<>();
            for (int i = 0; i < deletes.size(); i++) {
                ctes.add("rift_truncate_" + (i + 1) + " AS (" + deletes.get(i) + ")");
            }
            last = "WITH " + String.join(", ", ctes) + " " + last;
        }
        if (truncate != null) {
            // The copies first: a delta's foreign key actions then find their rows gone, as one TRUNCATE would. One
            // statement, so the client gets the notices of the copies' TRUNCATE triggers (a prelude's are not sent).
            last = "DO $rift$BEGIN " + truncate + "; " + last + "; END$rift$";
        }
        return new Rendering(true, preludes, List.of(), last, Optional.of("TRUNCATE TABLE"));
    }
}
