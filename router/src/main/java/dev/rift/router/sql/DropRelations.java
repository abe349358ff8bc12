package dev.rift.router.sql;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code DROP TABLE | VIEW | MATERIALIZED VIEW | SEQUENCE | INDEX [CONCURRENTLY] [IF EXISTS] name, ... [CASCADE]}: the branch's own
 * relations are dropped; an upstream one is hidden, or made own first when PostgreSQL must decide what goes with it.
 *
 * @param concurrently the CONCURRENTLY token, left out: it cannot run in the transaction rift's bookkeeping shares
 * @param names        the names up to the first one rift cannot read
 * @param unreadable   whether such a name follows them (refused when analysis reaches it)
 */
record DropRelations(String object, OptionalInt concurrently, List<NameChain> names, boolean unreadable,
                     boolean cascade) implements DdlCommand {
    private static final Set<String> OBJECTS = Set.of("table", "view", "materialized view", "sequence",
            "index");

    static DropRelations parse(Tokens t, String statement) {
        String object = t.is(1, Kind.IDENT) ? t.get(1).value() : "";
        int k = 2;
        if (object.equals("materialized") && t.is(2, "view")) {
            object = "materialized view";
            k = 3;
        }
        if (!OBJECTS.contains(object)) {
            throw DdlCommand.unsupported(statement);
        }
        OptionalInt concurrently = OptionalInt.empty();
        if (t.is(k, "concurrently")) {
            concurrently = OptionalInt.of(k);
            k++;
        }
        k = DdlNames.skipIfExists(t, k);
        List<NameChain> names = new ArrayList<>();
        while (true) {
            NameChain name = DdlNames.readable(t, k);
            if (name == null) {
                return new DropRelations(object, concurrently, List.copyOf(names), true, false);
            }
            names.add(name);
            k = name.last() + 1;
            if (!t.is(k, Kind.COMMA)) {
                break;
            }
            k++;
        }
        return new DropRelations(object, concurrently, List.copyOf(names), false, t.is(k, "cascade"));
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        Resolver resolver = a.resolver();
        concurrently.ifPresent(a::omit);
        List<TableId> upstream = new ArrayList<>();
        for (NameChain name : names) {
            // Dropped on the branch already: PostgreSQL's own answer on the own schema.
            Optional<TableId> id = DdlNames.resolveUnlessGone(resolver, name.parts());
            a.target(name);
            if (id.isEmpty() || resolver.isOwn(id.get())) {
                id.ifPresent(a::dropOwn);
                continue;
            }
            RelationKind kind = resolver.kind(id.get());
            if (kind == RelationKind.TABLE && !object.equals("table")
                    || kind == RelationKind.VIEW && !object.equals("view")
                    || kind == RelationKind.MATERIALIZED_VIEW && !object.equals("materialized view")
                    || kind == RelationKind.SEQUENCE && !object.equals("sequence")
                    || kind == RelationKind.INDEX && !object.equals("index")) {
                throw new Refusal("42809", "\"" + id.get().name() + "\" is not a" + (object.equals("index")
                        ? "n index" : " " + object));
            }
            upstream.add(id.get());
        }
        if (unreadable) {
            throw DdlNames.unreadable(a.statement());
        }
        for (TableId id : upstream) {
            List<TableId> views = resolver.dependentViews(id);
            if (!views.isEmpty() && !cascade) {
                // PostgreSQL's answer on a copy: the upstream's views over it still stand on the branch.
                throw new Refusal("2BP01", "cannot drop " + object + " " + id.name() + " because other objects"
                        + " depend on it");
            }
            views.forEach(a::hideAlso);
        }
        int hidden = 0;
        for (TableId id : upstream) {
            RelationKind kind = resolver.kind(id);
            if (kind == RelationKind.INDEX) {
                // The index goes with its table's own copy: PostgreSQL drops it there.
                resolver.indexTable(id).ifPresent(a::materialize);
            } else if ((kind == RelationKind.TABLE || kind == RelationKind.PARTITIONED_TABLE) && (cascade
                    || a.shapes().linkedByForeignKeys(id) || a.shapes().inPartitionTree(id))) {
                // foreign keys (and a partition tree) decide what the drop may do: PostgreSQL decides, on own copies
                a.materialize(id);
            } else {
                a.dropUpstream(id);
                hidden++;
            }
        }
        if (hidden > 0 && names.size() != hidden) {
            throw Refusal.unsupported("dropping upstream relations together with others in one statement is not"
                    + " supported on overlay branches yet");
        }
    }
}
