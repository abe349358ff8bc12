package dev.rift.router.sql;

import dev.rift.cow.BranchState;
import dev.rift.cow.Quote;
import dev.rift.cow.ddl.LayerNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The search_path a branch's backend really runs under (docs/ddl.md): each schema of the session's path preceded by
 * its own schema, so PostgreSQL finds and creates the branch's objects there; and, for a statement that runs code in
 * the database, by the layers' name views of it, so that code reads and writes the branch's tables (docs/overlay.md,
 * "Code in the database"). Only such statements get the name views: with them first, an upstream table the branch
 * holds is no longer the first of its name, and PostgreSQL would print it schema-qualified ({@code ::regclass}).
 */
public final class PhysicalSearchPath {
    private PhysicalSearchPath() {}

    /** The path as {@code set_config} takes it; empty when it equals the session's own. */
    public static String of(BranchState state, List<String> path, String user, boolean nameViews) {
        Map<String, String> own = state.divergence().ownSchemas();
        if (own.isEmpty() && (!nameViews || state.isEmpty())) {
            return "";
        }
        List<String> physical = new ArrayList<>();
        for (String entry : path) {
            String schema = entry.equals("$user") ? user : entry;
            String ownSchema = own.get(schema);
            if (ownSchema != null) {
                physical.add(Quote.ident(ownSchema));
            }
            if (nameViews && !state.isEmpty() && !schema.equals("pg_catalog") && !schema.equals("pg_temp")) {
                for (long layer : state.stack()) { // top first
                    physical.add(Quote.ident(new LayerNames(layer).nameViewSchema(schema)));
                }
            }
            // Quoted only where PostgreSQL's own SHOW quotes it (the router shows the path without rift's entries).
            physical.add(entry.matches("[a-z_][a-z0-9_$]*") ? entry : Quote.ident(entry));
        }
        return String.join(", ", physical);
    }

    /** A hidden statement giving the rest of the transaction the path with the name views. */
    static String forCode(BranchState state, List<String> path, String user) {
        return "SELECT pg_catalog.set_config('search_path', "
                + Quote.literal(of(state, path, user, true)) + ", true)";
    }
}
