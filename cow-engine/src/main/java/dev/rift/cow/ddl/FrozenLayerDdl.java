package dev.rift.cow.ddl;

import dev.rift.cow.Quote;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Freezing a layer when a child branch is created on it. The creator first takes {@code EXCLUSIVE} locks on the
 * layer's data tables (so no writer is in flight), then this guard refuses every later write: a session still
 * holding the branch's old state gets SQLSTATE 40001 and retries with the new one, instead of changing the
 * child's snapshot.
 */
public final class FrozenLayerDdl {
    private FrozenLayerDdl() {}

    /** The lock statement; null when the layer has no data tables (deltas, copies and own tables). */
    public static String lock(Collection<String> dataTables) {
        return dataTables.isEmpty() ? null
                : "LOCK TABLE " + String.join(", ", dataTables) + " IN EXCLUSIVE MODE";
    }

    public static List<String> guard(LayerNames names, Collection<String> dataTables) {
        List<String> sql = new ArrayList<>();
        if (dataTables.isEmpty()) {
            return sql;
        }
        // A layer that holds only own tables (DDL) has no schema of rift's own objects yet.
        sql.add("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(names.ownSchema()));
        sql.add(Plpgsql.function(names.frozenGuard() + "()", "trigger", "",
                "  RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = "
                        + Quote.literal("could not serialize access: the branch's layer " + names.layer()
                        + " was frozen when a branch was created from it") + ", HINT = "
                        + Quote.literal("Retry the transaction.") + ";\n"));
        for (String table : dataTables) {
            sql.add("CREATE TRIGGER \"rift_frozen\" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON " + table
                    + " FOR EACH STATEMENT EXECUTE FUNCTION " + names.frozenGuard() + "()");
        }
        return sql;
    }
}
