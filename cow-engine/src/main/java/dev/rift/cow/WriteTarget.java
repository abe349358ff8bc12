package dev.rift.cow;

import java.util.List;
import java.util.Optional;

/**
 * Where writes to an upstream table go on a branch's top layer.
 *
 * @param table          the upstream table
 * @param writeRelation  the layer's data table (delta or copy), quoted SQL text
 * @param copyUpFunction for deltas, the quoted name of {@code cu_<relid>(keys)}; empty for copies
 * @param belowRelation  for deltas, the merged relation below the top layer (quoted SQL text): the copy-up source
 * @param keyColumns     primary key columns in key order (empty for copies)
 * @param copyUpKeyType  SQL type of the copy-up function's array element (e.g. {@code integer}, or a row type for
 *                       composite keys), so the router can write {@code ARRAY(SELECT ...)::<type>[]}
 */
public record WriteTarget(TableId table, String writeRelation, Optional<String> copyUpFunction,
                          String belowRelation, List<String> keyColumns, String copyUpKeyType) {
    public boolean isCopy() {
        return copyUpFunction.isEmpty();
    }
}
