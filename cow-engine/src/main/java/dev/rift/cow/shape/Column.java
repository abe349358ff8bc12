package dev.rift.cow.shape;

import java.util.List;
import java.util.Optional;

/**
 * A column of an upstream table, as a delta or copy must re-create it.
 *
 * @param type             {@code format_type()} with an empty search_path (user types come schema-qualified)
 * @param collation        a {@code COLLATE} clause's argument when the column's collation is not its type's, else null
 * @param defaultExpr      {@code pg_get_expr()} of the default (null when none; for generated columns, their expression)
 * @param identity         {@code pg_attribute.attidentity}: {@code 'a'} ALWAYS, {@code 'd'} BY DEFAULT, 0 when none
 * @param generated        {@code pg_attribute.attgenerated}: {@code 's'} for STORED generated columns, 0 when none
 * @param defaultSequences sequences the default depends on (serial columns: their own)
 * @param identitySequence the identity column's sequence
 */
public record Column(int attnum, String name, String type, String collation, boolean notNull, String defaultExpr,
                     char identity, char generated, List<SequenceRef> defaultSequences,
                     Optional<SequenceRef> identitySequence) {

    public boolean isGenerated() {
        return generated == 's';
    }

    public boolean isIdentity() {
        return identity == 'a' || identity == 'd';
    }

    public boolean isIdentityAlways() {
        return identity == 'a';
    }
}
