package dev.rift.router.sql;

import dev.rift.cow.TableId;

import java.util.Map;
import java.util.Optional;

/**
 * An upstream view read on a branch that changed a table under it: PostgreSQL would read the upstream's tables
 * through it, so rift reads the view's query instead, rewritten like any read (merged relations, the branch's own
 * tables, views under it expanded in turn). The query runs with the reader's privileges, not the view owner's.
 */
final class ViewExpansion {
    private static final int MAX_DEPTH = 16;

    private final StatementParser parser;
    private final Resolver resolver;
    private final SessionView session;
    private int depth;

    ViewExpansion(StatementParser parser, Resolver resolver, SessionView session) {
        this.parser = parser;
        this.resolver = resolver;
        this.session = session;
    }

    /** The view's query as a parenthesised subquery over the branch's relations. */
    String expand(TableId view) {
        if (depth >= MAX_DEPTH) {
            throw Refusal.unsupported("views nested more than " + MAX_DEPTH + " deep over tables changed on this branch");
        }
        String definition = session.overlay().catalog().viewDefinition(view)
                .orElseThrow(() -> Refusal.unsupported("rift cannot read the definition of view " + view));
        depth++;
        try {
            QueryStatement query = new QueryStatement(definition, parser, resolver, false);
            Rendering r = query.render(new RenderContext(resolver, Map.of(), Map.of(), session.shapes(),
                    session.branch(), Optional.empty(), Map.of()));
            if (!r.preludes().isEmpty() || !r.mainHidden().isEmpty()) {
                throw Refusal.unsupported("view " + view + " cannot be read on this branch");
            }
            String text = r.changed() ? r.main() : definition;
            return depth > 1 ? "(" + text + ")" : withoutColumnOrigins(text);
        } finally {
            depth--;
        }
    }

    /**
     * On a copy the result's columns come from the view itself; read as its query they would name the tables under
     * it (a {@code bigserial} key instead of the view's {@code bigint}, to JDBC). A set operation's columns name no
     * table: an empty second branch, which the planner drops, takes the origins away and keeps types and names.
     */
    private static String withoutColumnOrigins(String query) {
        return "((" + query + ") UNION ALL (SELECT * FROM (" + query + ") AS rift_no_rows WHERE false))";
    }
}
