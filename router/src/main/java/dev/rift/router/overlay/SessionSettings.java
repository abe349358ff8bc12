package dev.rift.router.overlay;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rift.cow.BranchState;
import dev.rift.cow.Quote;
import dev.rift.router.sql.PhysicalSearchPath;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The settings an overlay session's statements run under (docs/ddl.md): {@code rift.stack}, the branch's layers
 * for rift's catalog views, {@code rift.branch}, the name the branch answers for its database, and, once the branch has own schemas, the physical search_path in which each schema of the
 * session's path is preceded by its own schema ({@link PhysicalSearchPath}; a statement that runs code in the
 * database adds the layers' name views for its transaction itself).
 */
final class SessionSettings {
    private record Key(String branch, long version, List<String> path, String user, java.util.Set<String> ownSchemas) {}

    private final Cache<Key, String> statements = Caffeine.newBuilder().maximumSize(10_000).build();

    String of(BranchState state, StatementPlanner.Context context) {
        Map<String, String> own = state.divergence().ownSchemas();
        Key key = new Key(context.branch(), state.version(), context.searchPath(), context.user(), own.keySet());
        return statements.get(key, k -> statement(state, context));
    }

    private static String statement(BranchState state, StatementPlanner.Context context) {
        String stack = state.stack().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        // rift.branch: the name current_database() and the catalog's *_catalog columns answer (docs/ddl.md).
        String setStack = "pg_catalog.set_config('rift.stack', " + Quote.literal(stack) + ", false), "
                + "pg_catalog.set_config('rift.branch', " + Quote.literal(context.branch()) + ", false)";
        String path = PhysicalSearchPath.of(state, context.searchPath(), context.user(), false);
        if (path.isEmpty()) {
            return "SELECT " + setStack;
        }
        return "SELECT pg_catalog.set_config('search_path', " + Quote.literal(path) + ", false), " + setStack;
    }
}
