package dev.rift.storage.catalog;

/**
 * A row of {@code rift.layer_tables}: an upstream table that has its own data in a layer.
 *
 * @param relid  the upstream table's pg_class oid
 * @param schema the upstream table's schema, as PostgreSQL stores it
 * @param table  the upstream table's name, as PostgreSQL stores it
 */
public record LayerEntry(long layerId, long relid, String schema, String table, Kind kind) {

    /** How a layer holds a table: changed rows plus a shadow of keys, or a full copy (tables without a key). */
    public enum Kind {
        DELTA("delta"), COPY("copy");

        private final String sql;

        Kind(String sql) {
            this.sql = sql;
        }

        /** The value stored in {@code rift.layer_tables.kind}. */
        public String sql() {
            return sql;
        }

        public static Kind of(String sql) {
            for (Kind k : values()) {
                if (k.sql.equals(sql)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown layer table kind \"" + sql + "\"");
        }
    }
}
