package dev.rift.router.sql;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;

import java.util.List;
import java.util.Optional;

/**
 * {@code REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]} of a materialized view the branch holds: run
 * on its own one. An upstream one is not refreshed (that would change the upstream): {@link UpstreamViewRefresh}
 * gives the branch its own in its place.
 */
record RefreshMaterializedView(NameChain name) implements DdlCommand {

    static RefreshMaterializedView parse(Tokens t, String statement) {
        return new RefreshMaterializedView(DdlNames.require(t, nameAt(t), statement));
    }

    /** The token of the view's name. */
    static int nameAt(Tokens t) {
        return t.is(3, "concurrently") ? 4 : 3;
    }

    /** The upstream materialized view the statement refreshes, if that is what it names. */
    static Optional<TableId> upstreamView(Tokens t, Resolver resolver) {
        NameChain name = DdlNames.readable(t, nameAt(t));
        if (!t.is(1, "materialized") || !t.is(2, "view") || name == null) {
            return Optional.empty();
        }
        return DdlNames.resolveUnlessGone(resolver, name.parts())
                .filter(id -> !resolver.isOwn(id) && resolver.kind(id) == RelationKind.MATERIALIZED_VIEW);
    }

    @Override
    public List<NameChain> names() {
        return List.of(name);
    }

    @Override
    public void analyse(DdlAnalysis.Builder a) {
        Optional<TableId> id = DdlNames.resolveUnlessGone(a.resolver(), name.parts());
        if (id.isEmpty()) {
            throw new Refusal("42P01", "relation \"" + String.join(".", name.parts()) + "\" does not exist");
        }
        if (!a.resolver().isOwn(id.get())) {
            throw new Refusal("42809", "\"" + id.get().name() + "\" is not a materialized view");
        }
        a.target(name);
    }
}
