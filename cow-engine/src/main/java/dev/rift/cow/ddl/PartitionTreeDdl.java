package dev.rift.cow.ddl;

import dev.rift.cow.shape.PartitionMember;
import dev.rift.cow.shape.TableShape;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A partition tree held whole in one layer: the root and every partition copied under their upstream names, with
 * the same partition keys and bounds, so PostgreSQL itself routes rows, moves them between partitions on UPDATE and
 * raises its own 23514 for a row outside a partition's bounds. Filled once through the root, after every partition
 * exists; indexes and triggers defined on a partitioned table are re-created on it and cloned to its partitions by
 * PostgreSQL, as upstream.
 */
public final class PartitionTreeDdl {
    private PartitionTreeDdl() {}

    /**
     * @param tree      the tree's shapes, root first, each parent before its partitions
     * @param sequences per member, the layer's copies of the sequences it uses
     */
    public static List<String> create(Connection c, List<TableShape> tree, LayerRelations layer,
                                      Map<Long, Map<Long, SequenceCopy>> sequences) throws SQLException {
        LayerNames names = layer.names();
        List<String> sql = new ArrayList<>();
        for (TableShape s : tree) {
            PartitionMember m = s.partitions().orElseThrow();
            String partitionBy = m.key() == null ? "" : " PARTITION BY " + m.key();
            if (m.parent().isEmpty()) {
                List<String> root = new ArrayList<>(DataTableDdl.create(s, names.dataTable(s.id()),
                        sequences.get(s.relid())));
                root.set(0, root.get(0) + partitionBy);
                sql.addAll(root);
            } else {
                TableShape parent = tree.stream().filter(p -> p.relid() == m.parent().get()).findFirst()
                        .orElseThrow();
                sql.add("CREATE TABLE " + names.dataTable(s.id()) + " PARTITION OF " + names.dataTable(parent.id())
                        + " " + m.bound() + partitionBy);
            }
        }
        sql.add(CopyDdl.fill(tree.get(0), layer));
        for (TableShape s : tree) {
            String data = names.dataTable(s.id());
            sql.addAll(WholeCopyDdl.afterFill(c, s, data, s.partitions().orElseThrow().parent().isEmpty()
                    ? WholeCopyDdl.madeByDataTable(s) : Set.of()));
            sql.add(CopyDdl.mergedView(s, names));
        }
        return sql;
    }
}
