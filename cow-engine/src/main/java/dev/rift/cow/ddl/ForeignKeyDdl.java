package dev.rift.cow.ddl;

import dev.rift.cow.Quote;
import dev.rift.cow.shape.ForeignKey;
import dev.rift.cow.shape.ForeignKeyAction;
import dev.rift.cow.shape.TableShape;
import dev.rift.storage.catalog.LayerEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * Foreign keys across a layer, as triggers on the layer's data tables with PostgreSQL's own SQLSTATE (23503),
 * constraint names and messages. The referencing end checks the referenced key in the referenced table's merged
 * relation at this layer; the referenced end restricts, or cascades into the referencing table's data table in this
 * layer (copying rows up first), which fires that table's own triggers in turn, as PostgreSQL's actions do.
 *
 * <p>Both ends take a transaction-level advisory lock on the key (shared when referencing, exclusive when the
 * referenced row goes), so a concurrent insert of a referencing row and delete of the referenced one on the same
 * branch serialise instead of both committing.
 *
 * <p>The functions name the merged relations as the layer sees them when generated; when a related table gains
 * its own entry in the layer later, the engine generates them again ({@code CREATE OR REPLACE}).
 */
public final class ForeignKeyDdl {
    private ForeignKeyDdl() {}

    /** The check on the referencing table's data table in this layer: function and trigger. */
    public static List<String> referencing(ForeignKey fk, LayerRelations layer) {
        String table = layer.names().dataTable(fk.child());
        return List.of(referencingFunction(fk, layer),
                trigger(fk, "rift_fc_" + fk.oid(), "INSERT OR UPDATE OF " + Plpgsql.columns(null, fk.childColumns()), table,
                        layer.names().referencingCheck(fk.oid())));
    }

    /** The action on the referenced table's data table in this layer: function and trigger. */
    public static List<String> referenced(ForeignKey fk, LayerRelations layer, TableShape child) {
        String table = layer.names().dataTable(fk.parent());
        return List.of(referencedFunction(fk, layer, child),
                trigger(fk, "rift_fa_" + fk.oid(), "UPDATE OF " + Plpgsql.columns(null, fk.parentColumns()) + " OR DELETE", table,
                        layer.names().referencedAction(fk.oid())));
    }

    public static String referencingFunction(ForeignKey fk, LayerRelations layer) {
        List<String> cols = fk.childColumns();
        StringBuilder b = new StringBuilder("  IF " + Plpgsql.COPYING_UP + " THEN RETURN NULL; END IF;\n");
        b.append("  IF TG_OP = 'UPDATE' THEN\n    IF NOT (").append(Plpgsql.changed(cols))
                .append(") THEN RETURN NULL; END IF;\n  END IF;\n");
        if (fk.matchFull()) {
            b.append("  IF ").append(Plpgsql.allNull("NEW", cols)).append(" THEN RETURN NULL; END IF;\n");
            b.append("  IF ").append(Plpgsql.anyNull("NEW", cols)).append(" THEN\n    ")
                    .append(Plpgsql.raise("23503", notPresentMessage(fk),
                            Quote.literal("MATCH FULL does not allow mixing of null and nonnull key values."),
                            fk.name(), fk.child()))
                    .append("\n  END IF;\n");
        } else {
            b.append("  IF ").append(Plpgsql.anyNull("NEW", cols)).append(" THEN RETURN NULL; END IF;\n");
        }
        b.append("  PERFORM pg_advisory_xact_lock_shared(").append(lockKey(fk, layer, "NEW", cols)).append(");\n");
        b.append("  IF NOT EXISTS (SELECT 1 FROM ").append(layer.mergedAt(fk.parentRelid(), fk.parent()))
                .append(" AS p WHERE ").append(Plpgsql.equal("p", fk.parentColumns(), "NEW", cols)).append(") THEN\n    ")
                .append(Plpgsql.raise("23503", notPresentMessage(fk),
                        Quote.literal("Key (" + String.join(", ", cols) + ")=(") + " || "
                                + Plpgsql.valuesText("NEW", cols) + " || "
                                + Quote.literal(") is not present in table \"" + fk.parent().name() + "\"."),
                        fk.name(), fk.child()))
                .append("\n  END IF;\n  RETURN NULL;\n");
        return Plpgsql.triggerFunction(layer.names().referencingCheck(fk.oid()), b.toString());
    }

    public static String referencedFunction(ForeignKey fk, LayerRelations layer, TableShape child) {
        List<String> cols = fk.parentColumns();
        StringBuilder b = new StringBuilder("  IF " + Plpgsql.COPYING_UP + " THEN RETURN NULL; END IF;\n");
        b.append("  IF TG_OP = 'UPDATE' THEN\n    IF NOT (").append(Plpgsql.changed(cols))
                .append(") THEN RETURN NULL; END IF;\n  END IF;\n");
        b.append("  IF ").append(Plpgsql.anyNull("OLD", cols)).append(" THEN RETURN NULL; END IF;\n");
        b.append("  PERFORM pg_advisory_xact_lock(").append(lockKey(fk, layer, "OLD", cols)).append(");\n");
        b.append("  IF TG_OP = 'DELETE' THEN\n").append(action(fk, fk.onDelete(), true, layer, child))
                .append("  ELSE\n").append(action(fk, fk.onUpdate(), false, layer, child))
                .append("  END IF;\n  RETURN NULL;\n");
        return Plpgsql.triggerFunction(layer.names().referencedAction(fk.oid()), b.toString());
    }

    private static String action(ForeignKey fk, ForeignKeyAction action, boolean delete, LayerRelations layer,
                                 TableShape child) {
        String matches = Plpgsql.equal("c", fk.childColumns(), "OLD", fk.parentColumns());
        return switch (action) {
            case NO_ACTION -> "    IF NOT EXISTS (SELECT 1 FROM " + layer.mergedAt(fk.parentRelid(), fk.parent())
                    + " AS p WHERE " + Plpgsql.equal("p", fk.parentColumns(), "OLD", fk.parentColumns()) + ") THEN\n"
                    + restrict(fk, layer, "  ") + "    END IF;\n";
            case RESTRICT -> restrict(fk, layer, "");
            case CASCADE -> copyUp(fk, layer, child, matches) + (delete
                    ? "    DELETE FROM " + childTable(fk, layer) + " AS c WHERE " + matches + ";\n"
                    : "    UPDATE " + childTable(fk, layer) + " AS c SET " + assignments(fk.childColumns(),
                    fk.parentColumns().stream().map(p -> "NEW." + Quote.ident(p)).toList()) + " WHERE " + matches
                    + ";\n");
            case SET_NULL, SET_DEFAULT -> {
                List<String> set = delete && !fk.deleteSetColumns().isEmpty() ? fk.deleteSetColumns()
                        : fk.childColumns();
                String value = action == ForeignKeyAction.SET_NULL ? "NULL" : "DEFAULT";
                yield copyUp(fk, layer, child, matches) + "    UPDATE " + childTable(fk, layer) + " AS c SET "
                        + assignments(set, set.stream().map(x -> value).toList()) + " WHERE " + matches + ";\n";
            }
        };
    }

    private static String restrict(ForeignKey fk, LayerRelations layer, String indent) {
        List<String> cols = fk.parentColumns();
        return indent + "    IF EXISTS (SELECT 1 FROM " + layer.mergedAt(fk.childRelid(), fk.child()) + " AS c WHERE "
                + Plpgsql.equal("c", fk.childColumns(), "OLD", cols) + ") THEN\n" + indent + "      "
                + Plpgsql.raise("23503",
                Quote.literal("update or delete on table \"" + fk.parent().name() + "\" violates foreign key"
                        + " constraint \"" + fk.name() + "\" on table \"" + fk.child().name() + "\""),
                Quote.literal("Key (" + String.join(", ", cols) + ")=(") + " || " + Plpgsql.valuesText("OLD", cols)
                        + " || " + Quote.literal(") is still referenced from table \"" + fk.child().name() + "\"."),
                fk.name(), fk.child())
                + "\n" + indent + "    END IF;\n";
    }

    /** For a referencing table held as a delta: copies up the referencing rows so the action can change them. */
    private static String copyUp(ForeignKey fk, LayerRelations layer, TableShape child, String matches) {
        if (layer.kind(fk.childRelid()).orElseThrow() == LayerEntry.Kind.COPY) {
            return "";
        }
        LayerNames names = layer.names();
        return "    PERFORM " + names.copyUp(fk.childRelid()) + "(ARRAY(SELECT "
                + DeltaDdl.copyUpKey(child, names, "c") + " FROM " + layer.below(fk.childRelid(), fk.child())
                + " AS c WHERE " + matches + "));\n";
    }

    private static String childTable(ForeignKey fk, LayerRelations layer) {
        return layer.names().dataTable(fk.child());
    }

    private static String assignments(List<String> columns, List<String> values) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            out.add(Quote.ident(columns.get(i)) + " = " + values.get(i));
        }
        return String.join(", ", out);
    }

    private static String notPresentMessage(ForeignKey fk) {
        return Quote.literal("insert or update on table \"" + fk.child().name() + "\" violates foreign key"
                + " constraint \"" + fk.name() + "\"");
    }

    /** Both ends of one foreign key in one layer lock the same key: (referenced table, layer and key values). */
    private static String lockKey(ForeignKey fk, LayerRelations layer, String row, List<String> cols) {
        return (int) fk.parentRelid() + ", hashtext(" + Quote.literal(layer.names().layer() + ":") + " || "
                + Plpgsql.lockText(row, cols) + ")";
    }

    private static String trigger(ForeignKey fk, String name, String events, String table, String function) {
        String deferral = fk.deferrable()
                ? " DEFERRABLE INITIALLY " + (fk.initiallyDeferred() ? "DEFERRED" : "IMMEDIATE") : "";
        return "CREATE " + (fk.deferrable() ? "CONSTRAINT " : "") + "TRIGGER " + Quote.ident(name) + " AFTER "
                + events + " ON " + table + deferral + " FOR EACH ROW EXECUTE FUNCTION " + function + "()";
    }
}
