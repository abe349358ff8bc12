package dev.rift.cow.ddl;

import dev.rift.cow.OverlayException;
import dev.rift.cow.Quote;
import dev.rift.cow.shape.CheckConstraint;
import dev.rift.cow.shape.Column;
import dev.rift.cow.shape.SequenceRef;
import dev.rift.cow.shape.TableShape;
import dev.rift.cow.shape.UniqueKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A layer's data table (delta or copy) under the upstream table's own name: same columns in the same order, same
 * types, collations, NOT NULL, CHECK constraints, keys and unique indexes under the upstream's names, so
 * PostgreSQL's own errors read as they would upstream. Defaults that take values from an upstream sequence take
 * them from the layer's copy instead. No foreign keys: those are triggers ({@link ForeignKeyDdl}).
 */
final class DataTableDdl {
    private static final String NOT_VALID = " NOT VALID";

    private DataTableDdl() {}

    /**
     * @param sequences the layer's copies of the sequences the table's defaults and identity columns use, by the
     *                  upstream sequence's relid (created before this table, except identity sequences which the
     *                  table creates)
     */
    static List<String> create(TableShape shape, String dataTable, Map<Long, SequenceCopy> sequences) {
        List<String> parts = new ArrayList<>();
        for (Column c : shape.columns()) {
            parts.add(column(shape, c, sequences));
        }
        shape.primaryKey().ifPresent(pk -> parts.add(constraint(pk.name(), pk.definition())));
        for (UniqueKey u : shape.uniqueKeys()) {
            if (u.isConstraint()) {
                parts.add(constraint(u.name(), u.definition()));
            }
        }
        for (CheckConstraint ck : shape.checks()) {
            parts.add(constraint(ck.name(), ck.definition()));
        }
        List<String> sql = new ArrayList<>();
        sql.add("CREATE TABLE " + dataTable + " (\n  " + String.join(",\n  ", parts) + "\n)");
        for (UniqueKey u : shape.uniqueKeys()) {
            if (!u.isConstraint()) {
                sql.add("CREATE UNIQUE INDEX " + Quote.ident(u.name()) + " ON " + dataTable + " ("
                        + Plpgsql.columns(null, u.columns()) + ")" + (u.nullsNotDistinct() ? " NULLS NOT DISTINCT" : ""));
            }
        }
        for (Column c : shape.columns()) {
            c.identitySequence().ifPresent(ref -> {
                SequenceCopy copy = sequences.get(ref.relid());
                sql.add(SequenceCopyDdl.position(copy.copy(), copy.source()));
            });
        }
        return sql;
    }

    private static String column(TableShape shape, Column c, Map<Long, SequenceCopy> sequences) {
        StringBuilder b = new StringBuilder(Quote.ident(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
            b.append(" COLLATE ").append(c.collation());
        }
        if (c.isGenerated()) {
            b.append(" GENERATED ALWAYS AS (").append(c.defaultExpr()).append(") STORED");
        } else if (c.isIdentity()) {
            SequenceRef ref = c.identitySequence().orElseThrow(() -> new OverlayException("XX000",
                    "identity column \"" + c.name() + "\" of " + shape.id() + " has no sequence"));
            SequenceCopy copy = sequences.get(ref.relid());
            b.append(' ').append(SequenceCopyDdl.identity(copy.copy(), copy.source(), c.isIdentityAlways()));
        } else if (c.defaultExpr() != null) {
            b.append(" DEFAULT ").append(redirectSequences(shape, c, sequences));
        }
        if (c.notNull()) {
            b.append(" NOT NULL");
        }
        return b.toString();
    }

    /** The default with every upstream sequence it names replaced by the layer's copy; refuses what it cannot see. */
    static String redirectSequences(TableShape shape, Column c, Map<Long, SequenceCopy> sequences) {
        String expr = c.defaultExpr();
        for (SequenceRef ref : c.defaultSequences()) {
            String upstream = Quote.literal(ref.regclass()) + "::regclass";
            if (!expr.contains(upstream)) {
                throw new OverlayException("0A000", "rift cannot write to " + shape.id() + " on a branch: the default"
                        + " of column \"" + c.name() + "\" uses sequence " + ref.id() + " in a form rift cannot"
                        + " redirect to the branch's copy (" + expr + ")");
            }
            expr = expr.replace(upstream, Quote.literal(sequences.get(ref.relid()).copy()) + "::regclass");
        }
        return expr;
    }

    private static String constraint(String name, String definition) {
        // A NOT VALID check is still enforced on new rows; CREATE TABLE has no such state to give it.
        String def = definition.endsWith(NOT_VALID)
                ? definition.substring(0, definition.length() - NOT_VALID.length()) : definition;
        return "CONSTRAINT " + Quote.ident(name) + " " + def;
    }
}
