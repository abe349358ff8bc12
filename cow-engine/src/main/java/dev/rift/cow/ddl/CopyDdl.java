package dev.rift.cow.ddl;

import dev.rift.cow.shape.Column;
import dev.rift.cow.shape.TableShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table without a primary key, held whole in a layer: a copy of the merged relation below taken at the first
 * write, written directly; its merged view simply reads the copy. Its unique constraints and checks are the copy's
 * own, complete since the copy is; foreign keys come from {@link ForeignKeyDdl}.
 */
public final class CopyDdl {
    private CopyDdl() {}

    public static List<String> create(TableShape shape, LayerRelations layer, Map<Long, SequenceCopy> sequences) {
        List<String> sql = new ArrayList<>(DataTableDdl.create(shape, layer.names().dataTable(shape.id()), sequences));
        sql.add(fill(shape, layer));
        sql.add(mergedView(shape, layer.names()));
        return sql;
    }

    /** Fills the copy from the merged relation below (for a partitioned table, every partition through it). */
    static String fill(TableShape shape, LayerRelations layer) {
        List<String> insertable = shape.insertableColumns().stream().map(Column::name).toList();
        return "INSERT INTO " + layer.names().dataTable(shape.id()) + " (" + Plpgsql.columns(null, insertable) + ")"
                + (shape.hasIdentityAlways() ? " OVERRIDING SYSTEM VALUE" : "")
                + " SELECT " + Plpgsql.columns("b", insertable) + " FROM " + layer.below(shape.relid(), shape.id())
                + " AS b";
    }

    /** The merged view of a copy: the copy itself. */
    static String mergedView(TableShape shape, LayerNames names) {
        return "CREATE VIEW " + names.merged(shape.relid()) + DeltaDdl.securityInvoker() + " AS SELECT "
                + Plpgsql.columns(null, DeltaDdl.columnNames(shape)) + " FROM " + names.dataTable(shape.id());
    }
}
