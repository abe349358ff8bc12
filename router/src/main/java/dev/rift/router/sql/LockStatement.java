package dev.rift.router.sql;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code LOCK [TABLE] [ONLY] t [, ...] [IN mode MODE] [NOWAIT]}: locks the branch's own relation of each table,
 * never main's: an upstream table gets its place in the branch's top layer (as for a write) and the layer's data
 * table is locked in the mode asked. Every statement of the branch that reads or writes the table goes through
 * that data table, so two sessions of the branch contend as on a copy, while main's sessions never wait.
 */
final class LockStatement implements StatementPlan {
    private record Item(NameChain name, Optional<TableId> table) {}

    private final Tokens t;
    private final List<Item> items = new ArrayList<>();
    private final Set<TableId> upstream = new LinkedHashSet<>();

    LockStatement(Tokens t, Resolver resolver) {
        this.t = t;
        for (NameChain name : TargetNames.list(t, t.is(1, "table") ? 2 : 1)) {
            if (!name.decodable()) {
                throw Refusal.unsupported("rift cannot decode the name of this LOCK's table");
            }
            Optional<TableId> table = resolver.resolve(name.parts());
            items.add(new Item(name, table));
            if (table.isEmpty()) {
                continue; // PostgreSQL reports it missing
            }
            RelationKind kind = resolver.kind(table.get());
            if (resolver.isOwn(table.get()) && kind != RelationKind.VIEW) {
                continue; // the branch's own tables are locked as they are
            }
            if (kind != RelationKind.TABLE) {
                // A view's lock goes on to the tables it reads, which may be main's.
                throw Refusal.unsupported("LOCK TABLE on " + kind.name().toLowerCase().replace('_', ' ') + " "
                        + table.get() + " is not supported on overlay branches (it would lock main's tables)");
            }
            upstream.add(table.get());
        }
    }

    @Override
    public Set<TableId> tablesToWrite() {
        return upstream;
    }

    @Override
    public Rendering render(RenderContext context) {
        Splicer s = new Splicer(t.sql);
        for (Item item : items) {
            if (item.table().isEmpty()) {
                continue;
            }
            TableId table = item.table().get();
            String relation = upstream.contains(table) ? context.target(table).writeRelation()
                    : context.resolver().ownRelation(table);
            s.replace(t.get(item.name().first()).begin(), t.get(item.name().last()).end(), relation);
        }
        return s.isEmpty() ? Rendering.passThrough() : Rendering.rewritten(List.of(), s.render());
    }
}
