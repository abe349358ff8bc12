package dev.rift.cow.shape;

import java.util.List;

/**
 * A primary key, UNIQUE constraint or plain unique index of an upstream table.
 *
 * @param name             the constraint's (= its index's) name, the one PostgreSQL's errors name
 * @param columns          column names in key order, as stored
 * @param keyText          the columns as PostgreSQL's "Key (...)" error detail prints them ({@code quote_ident} each)
 * @param definition       {@code pg_get_constraintdef()} for constraints, null for plain unique indexes
 * @param nullsNotDistinct whether NULLs count as equal ({@code NULLS NOT DISTINCT}, PostgreSQL 15+)
 */
public record UniqueKey(String name, boolean primary, List<String> columns, String keyText, String definition,
                        boolean nullsNotDistinct) {

    public boolean isConstraint() {
        return definition != null;
    }
}
