package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.TableId;
import dev.rift.router.sql.Token.Kind;
import net.sf.jsqlparser.schema.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The read references of one parsed statement: each reference to an upstream relation the branch changed is
 * replaced by the relation reads use on the branch, under the reference's alias or else the table's own name;
 * CTE names shadow tables in their scope; views over changed tables are refused.
 */
final class ReadReferences {
    private final Tokens t;
    private final List<TableRef> refs;
    private final CteScopes ctes;
    private final Set<Table> targets;
    private final Set<Integer> located = new HashSet<>();
    /** Relations now read under the table's bare name (so {@code schema.table.column} must lose the schema). */
    private final Set<TableId> unaliased = new HashSet<>();
    /** Whether every replaced reference reads a partition tree's copy (which has system columns), and one did. */
    private boolean onlyPartitionCopies = true;
    /** Upstream tables now read through a merged relation (which has no primary key). */
    private final List<KeyGrouping.Replaced> merged = new ArrayList<>();

    ReadReferences(Tokens t, List<TableRef> refs, CteScopes ctes, Set<Table> targets) {
        this.t = t;
        this.refs = refs;
        this.ctes = ctes;
        this.targets = targets;
    }

    /** Replaces every read reference to a changed relation; returns whether any was replaced. */
    boolean rewrite(Resolver resolver, Splicer splicer) {
        boolean replaced = false;
        for (TableRef ref : refs) {
            if (!ref.located()) {
                refuseIfItMatters(ref, resolver);
                continue;
            }
            int begin = ref.begin(t);
            located.add(begin);
            if (targets.contains(ref.node())) {
                continue;
            }
            List<String> parts = ref.name().parts();
            if (parts.size() == 1 && ctes.shadows(parts.get(0), begin)) {
                continue;
            }
            Optional<TableId> id = resolver.resolve(parts);
            if (id.isPresent() && parts.size() == 1 && resolver.isOwn(id.get())) {
                continue; // PostgreSQL finds the branch's own relation through the session's search_path
            }
            Optional<String> relation = id.flatMap(i -> readRelation(resolver, i));
            if (relation.isEmpty()) {
                continue;
            }
            if (ref.node().getSampleClause() != null) {
                throw Refusal.unsupported("TABLESAMPLE on " + id.get() + ", which this branch changed, is not "
                        + "supported yet");
            }
            boolean tableCommand = t.is(ref.name().first() - 1, "table")
                    || t.is(ref.name().first() - 1, "only") && t.is(ref.name().first() - 2, "table");
            if (tableCommand && relation.get().startsWith("(")) {
                throw Refusal.unsupported("TABLE on view " + id.get() + ", which reads tables changed on this branch,"
                        + " is not supported yet (SELECT * FROM it works)");
            }
            splicer.replace(begin, ref.end(t), ref.alias() || tableCommand
                    ? relation.get()
                    : relation.get() + " AS " + Quote.ident(ref.name().lastPart()));
            if (!ref.alias()) {
                unaliased.add(id.get());
            }
            onlyPartitionCopies &= resolver.state().partitionCopies().containsKey(relation.get());
            if (!resolver.isOwn(id.get()) && resolver.kind(id.get()) == dev.rift.cow.RelationKind.TABLE) {
                merged.add(new KeyGrouping.Replaced(ref.name().first(), ref.alias()
                        ? TableRefCollector.fold(ref.node().getAlias().getName()) : ref.name().lastPart(), id.get()));
            }
            replaced = true;
        }
        return replaced;
    }

    boolean onlyPartitionCopies() {
        return onlyPartitionCopies;
    }

    /** Tables the rewrite made read through a merged relation. */
    List<KeyGrouping.Replaced> merged() {
        return List.copyOf(merged);
    }

    /** A write target without alias is also known by its bare name (the layer's table has the same name). */
    void targetWithoutAlias(TableId table) {
        unaliased.add(table);
    }

    private static void refuseIfItMatters(TableRef ref, Resolver resolver) {
        List<String> parts = new ArrayList<>();
        if (ref.node().getSchemaName() != null) {
            parts.add(TableRefCollector.fold(ref.node().getSchemaName()));
        }
        parts.add(TableRefCollector.fold(ref.node().getName()));
        if (resolver.needsOverlay(parts)) {
            throw Refusal.unsupported("rift cannot locate the reference to " + String.join(".", parts)
                    + " in the statement's text");
        }
    }

    /** The relation reads of {@code id} use on the branch, refusing views over changed tables. */
    private static Optional<String> readRelation(Resolver resolver, TableId id) {
        if (resolver.isOwn(id)) {
            return resolver.readRelation(id); // the branch's own relation, of any kind, in its own schema
        }
        return switch (resolver.kind(id)) {
            case VIEW -> {
                if (resolver.viewReadsChanges(id)) {
                    // Read as its query over the branch's relations (with the reader's privileges, not the owner's).
                    Optional<String> expanded = resolver.expandView(id);
                    if (expanded.isEmpty()) {
                        throw Refusal.unsupported("view " + id + " reads tables changed on this branch");
                    }
                    yield expanded;
                }
                yield Optional.empty();
            }
            case MATERIALIZED_VIEW -> Optional.empty(); // stored rows: the same as on a full copy until REFRESH
            case SEQUENCE -> resolver.state().sequence(id);
            default -> resolver.readRelation(id);
        };
    }

    /**
     * The independent check: every relation the tokens name in relation position must be a reference the parse
     * tree showed (and {@link #rewrite} handled), if it matters to the branch.
     */
    void checkMentions(Resolver resolver) {
        for (int m : RelationMentions.find(t)) {
            int begin = t.get(m).begin();
            if (located.contains(begin)) {
                continue;
            }
            List<String> parts = NameChain.at(t, m).parts();
            if (parts.size() == 1 && parts.get(0) != null && ctes.shadows(parts.get(0), begin)) {
                continue;
            }
            if (resolver.needsOverlay(parts)) {
                throw Refusal.unsupported("rift cannot analyse the reference to " + parts.get(parts.size() - 1)
                        + " in this statement");
            }
        }
    }

    /**
     * {@code schema.table.column} (or {@code schema.table.*}) names a FROM item by its schema; once the item is the
     * branch's relation under the table's name, the reference must say {@code "table".column}.
     */
    void spliceQualifiedColumns(Resolver resolver, Splicer splicer) {
        if (unaliased.isEmpty()) {
            return;
        }
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).isName() || t.is(i - 1, Kind.DOT)) {
                continue;
            }
            NameChain chain = NameChain.at(t, i);
            // schema.table.column, or schema.table.* (the star is no name part of the chain)
            boolean qualifiedColumn = chain.parts().size() == 3
                    || chain.parts().size() == 2 && isStar(chain.last() + 1);
            if (qualifiedColumn && chain.decodable() && !located.contains(t.get(i).begin())
                    && !t.is(chain.last() + 1, Kind.LPAREN)) {
                Optional<TableId> id = resolver.resolve(chain.parts().subList(0, 2));
                if (id.isPresent() && unaliased.contains(id.get())) {
                    splicer.replace(t.get(i).begin(), t.get(i + 2).end(), Quote.ident(chain.parts().get(1)));
                }
            }
            i = chain.last();
        }
    }

    /** Whether tokens {@code k} and {@code k + 1} are {@code .*}. */
    private boolean isStar(int k) {
        return t.is(k, Kind.DOT) && t.is(k + 1, Kind.OP) && t.get(k + 1).value().equals("*");
    }
}
