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
 * @param copyUpKeyType  SQL type of the copy-up function's array element: the key column's type (e.g.
 *                       {@code integer}), or for composite keys the shadow's row type. PostgreSQL cannot cast
 *                       {@code record[]} to a row type's array, so a composite key must be cast element by element:
 *                       {@code ARRAY(SELECT ROW(t.a, t.b)::<type> FROM ...)}; {@link #copyUpKey(String)} writes it.
 */
public record WriteTarget(TableId table, String writeRelation, Optional<String> copyUpFunction,
                          String belowRelation, List<String> keyColumns, String copyUpKeyType) {
    public boolean isCopy() {
        return copyUpFunction.isEmpty();
    }

    /**
     * The key of the row aliased {@code alias} (SQL text, already quoted) as the copy-up function takes it:
     * {@code alias."id"}, or {@code ROW(alias."a", alias."b")::<copyUpKeyType>} for composite keys.
     */
    public String copyUpKey(String alias) {
        if (isCopy()) {
            throw new IllegalStateException(table + " is held as a copy: it has no copy-up function");
        }
        if (keyColumns.size() == 1) {
            return alias + "." + Quote.ident(keyColumns.get(0));
        }
        StringBuilder row = new StringBuilder("ROW(");
        for (int i = 0; i < keyColumns.size(); i++) {
            row.append(i == 0 ? "" : ", ").append(alias).append('.').append(Quote.ident(keyColumns.get(i)));
        }
        return row.append(")::").append(copyUpKeyType).toString();
    }
}
