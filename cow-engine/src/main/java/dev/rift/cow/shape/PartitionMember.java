package dev.rift.cow.shape;

import java.util.List;
import java.util.Optional;

/**
 * A table's place in a partition tree, which a layer holds whole as one unit: a row written through the root lands
 * in a partition and an UPDATE moves it between partitions, so no member can be held apart from the others.
 *
 * @param tree   every member of the tree, root first, each parent before its partitions
 * @param parent the partitioned table this one is a partition of, empty for the root
 * @param bound  the partition bound as PostgreSQL prints it ({@code FOR VALUES FROM (...) TO (...)},
 *               {@code DEFAULT}), null for the root
 * @param key    the partition key ({@code RANGE (occurred_at)}) of a partitioned table, null for a leaf
 */
public record PartitionMember(List<Long> tree, Optional<Long> parent, String bound, String key) {
    public PartitionMember {
        tree = List.copyOf(tree);
    }

    public long root() {
        return tree.get(0);
    }
}
