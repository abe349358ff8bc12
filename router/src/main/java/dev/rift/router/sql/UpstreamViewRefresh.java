package dev.rift.router.sql;

import dev.rift.cow.Quote;
import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code REFRESH MATERIALIZED VIEW} of an upstream materialized view on a branch: refreshing the upstream's would
 * change it for everyone, so the branch gets its own in the view's place (the upstream one hidden, as a dropped view
 * is), created from the view's definition read over the branch's rows, which a copy's refresh would store. Every
 * upstream table the definition names gets its entry in the branch's top layer first, so the view is bound to the
 * branch's merged relations and later refreshes (of the branch's own view) see later writes. Its indexes are not
 * copied, and {@code CONCURRENTLY} is refused for the first refresh.
 */
final class UpstreamViewRefresh implements StatementPlan {
    private final Tokens t;
    private final TableId view;
    private final String definition;
    private final Set<TableId> tables;
    private final StatementParser parser;

    private UpstreamViewRefresh(Tokens t, TableId view, String definition, Set<TableId> tables,
                                StatementParser parser) {
        this.t = t;
        this.view = view;
        this.definition = definition;
        this.tables = tables;
        this.parser = parser;
    }

    static StatementPlan of(Tokens t, TableId view, Resolver resolver, StatementParser parser) {
        if (t.is(3, "concurrently")) {
            throw Refusal.unsupported("REFRESH MATERIALIZED VIEW CONCURRENTLY of the upstream's materialized view "
                    + view + " is not supported on overlay branches yet (refresh it once without CONCURRENTLY)");
        }
        String definition = resolver.viewDefinition(view).orElseThrow(() -> Refusal.unsupported(
                "rift cannot read the definition of materialized view " + view));
        Tokens def = new Tokens(definition);
        Set<TableId> tables = new LinkedHashSet<>();
        for (int i = 0; i < def.size(); i++) {
            NameChain name = NameChain.at(def, i);
            if (name == null) {
                continue;
            }
            i = name.last();
            if (name.decodable() && name.parts().size() == 2) { // printed under an empty search_path: qualified
                DdlNames.resolveUnlessGone(resolver, name.parts())
                        .filter(id -> !resolver.isOwn(id) && resolver.kind(id) == RelationKind.TABLE)
                        .ifPresent(tables::add);
            }
        }
        return new UpstreamViewRefresh(t, view, definition, Set.copyOf(tables), parser);
    }

    @Override
    public Set<TableId> tablesToWrite() {
        return tables;
    }

    @Override
    public boolean isDdl() {
        return true;
    }

    @Override
    public Set<String> schemasToPrepare() {
        return Set.of(view.schema());
    }

    @Override
    public Rendering render(RenderContext context) {
        Resolver resolver = context.resolver();
        Rendering query = new QueryStatement(definition, parser, resolver, false).render(context);
        if (!query.preludes().isEmpty() || !query.mainHidden().isEmpty()) {
            throw Refusal.unsupported("materialized view " + view + " cannot be refreshed on this branch");
        }
        String physical = resolver.state().divergence().ownSchemas().get(view.schema());
        if (physical == null) {
            throw Refusal.unsupported("rift has no schema of this branch to refresh " + view + " in");
        }
        boolean noData = t.is(t.size() - 1, "data") && t.is(t.size() - 2, "no")
                || t.is(t.size() - 1, Token.Kind.SEMICOLON) && t.is(t.size() - 3, "no");
        String main = "CREATE MATERIALIZED VIEW " + Quote.ident(physical) + "." + Quote.ident(view.name()) + " AS "
                + (query.changed() ? query.main() : definition) + (noData ? " WITH NO DATA" : "");
        DdlEffects effects = new DdlEffects(Map.of(view, RelationKind.MATERIALIZED_VIEW), Set.of(), Set.of(view));
        resolver.useState(PendingState.of(resolver.state(), effects));
        DdlBlock block = DdlBlock.logging(resolver.state().stack().get(0), context.branch(), t.sql.strip())
                .hiding(List.of(view));
        return Rendering.ddl(block.sql(), main, Optional.of("REFRESH MATERIALIZED VIEW"), effects);
    }
}
