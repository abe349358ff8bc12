package dev.rift.router.overlay;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rift.cow.BranchState;
import dev.rift.cow.Quote;
import dev.rift.cow.ddl.LayerNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The settings an overlay session's statements run under (docs/ddl.md): {@code rift.stack}, the branch's layers
 * for rift's catalog views, and, once the branch has own schemas or layer tables, the physical search_path in which each
 * schema of the session's path is preceded by its own schema (so PostgreSQL finds and creates the branch's objects
 * there) and by the layers' name views of it (so code in the database reads and writes the branch's tables).
 */
final class SessionSettings {
    private record Key(long version, List<String> path, String user, java.util.Set<String> ownSchemas) {}

    private final Cache<Key, String> statements = Caffeine.newBuilder().maximumSize(10_000).build();

    String of(BranchState state, StatementPlanner.Context context) {
        Map<String, String> own = state.divergence().ownSchemas();
        Key key = new Key(state.version(), context.searchPath(), context.user(), own.keySet());
        return statements.get(key, k -> statement(state, context));
    }

    private static String statement(BranchState state, StatementPlanner.Context context) {
        String stack = state.stack().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        String setStack = "pg_catalog.set_config('rift.stack', " + Quote.literal(stack) + ", false)";
        Map<String, String> own = state.divergence().ownSchemas();
        if (own.isEmpty() && state.isEmpty()) {
            return "SELECT " + setStack;
        }
        List<String> physical = new ArrayList<>();
        for (String entry : context.searchPath()) {
            String schema = entry.equals("$user") ? context.user() : entry;
            String ownSchema = own.get(schema);
            if (ownSchema != null) {
                physical.add(Quote.ident(ownSchema));
            }
            if (!state.isEmpty() && !schema.equals("pg_catalog") && !schema.equals("pg_temp")) {
                // The layers' name views, top first: code in the database finds the branch's tables under their names.
                for (long layer : state.stack()) {
                    physical.add(Quote.ident(new LayerNames(layer).nameViewSchema(schema)));
                }
            }
            // Quoted only where PostgreSQL's own SHOW quotes it (the router shows the path without rift's entries).
            physical.add(entry.matches("[a-z_][a-z0-9_$]*") ? entry : Quote.ident(entry));
        }
        return "SELECT pg_catalog.set_config('search_path', " + Quote.literal(String.join(", ", physical))
                + ", false), " + setStack;
    }
}
