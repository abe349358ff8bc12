package dev.rift.cow.ddl;

import dev.rift.cow.Quote;
import dev.rift.cow.shape.Column;
import dev.rift.cow.shape.TableShape;
import dev.rift.cow.shape.UniqueKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table's delta in a layer (docs/overlay.md, "A table in a layer"): the data table {@code D}, the shadow {@code S}
 * of every key the layer has an opinion about, the merged view {@code M}, the copy-up function and the trigger that
 * keeps keys unique across the layer and the relation below it. Foreign keys come from {@link ForeignKeyDdl}.
 */
public final class DeltaDdl {
    private DeltaDdl() {}

    public static List<String> create(TableShape shape, LayerRelations layer, Map<Long, SequenceCopy> sequences) {
        LayerNames names = layer.names();
        long relid = shape.relid();
        String data = names.dataTable(shape.id());
        String shadow = names.shadow(relid);
        String below = layer.below(relid, shape.id());
        List<String> keys = shape.keyColumns();

        List<String> sql = new ArrayList<>(DataTableDdl.create(shape, data, sequences));
        sql.add(shadowTable(shape, shadow));
        // Base images for three-way merges: same columns as D, no constraints (LIKE copies only NOT NULL).
        sql.add("CREATE TABLE " + names.base(relid) + " (LIKE " + data + ")");
        sql.add("CREATE VIEW " + names.merged(relid) + securityInvoker() + " AS SELECT "
                + Plpgsql.columns(null, columnNames(shape)) + " FROM " + data
                + " UNION ALL SELECT " + Plpgsql.columns("b", columnNames(shape)) + " FROM " + below + " AS b"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + shadow + " AS s WHERE " + Plpgsql.equal("s", keys, "b", keys)
                + ")");
        sql.add(copyUp(shape, names, data, below));
        sql.add(keyCheck(shape, names, below));
        // Only inserts and updates that set a key column can clash with a row below; an UPDATE of other columns
        // (most of them) skips the check.
        sql.add("CREATE TRIGGER \"rift_a_keys\" AFTER INSERT OR UPDATE OF " + Plpgsql.columns(null, keyedColumns(shape))
                + " ON " + data + " FOR EACH ROW EXECUTE FUNCTION " + names.keyCheck(relid) + "()");
        return sql;
    }

    /** Columns of the primary key and of every unique key, each once, in table order. */
    private static List<String> keyedColumns(TableShape shape) {
        java.util.Set<String> keyed = new java.util.HashSet<>(shape.keyColumns());
        shape.uniqueKeys().forEach(u -> keyed.addAll(u.columns()));
        return shape.columns().stream().map(Column::name).filter(keyed::contains).toList();
    }

    /** The SQL type of the copy-up function's array elements: the key column's type, or the shadow's row type. */
    public static String copyUpKeyType(TableShape shape, LayerNames names) {
        List<String> keys = shape.keyColumns();
        return keys.size() == 1 ? shape.column(keys.get(0)).type() : names.shadow(shape.relid());
    }

    /** A key of the row aliased {@code alias} as the copy-up function takes it. */
    public static String copyUpKey(TableShape shape, LayerNames names, String alias) {
        List<String> keys = shape.keyColumns();
        return keys.size() == 1 ? alias + "." + Quote.ident(keys.get(0))
                : "ROW(" + Plpgsql.columns(alias, keys) + ")::" + names.shadow(shape.relid());
    }

    /**
     * {@code WITH (security_invoker = true)}: reads through the view check the client's own privileges on the
     * upstream table, as a read of the table would (PostgreSQL 15+; rift's supported floor).
     */
    static String securityInvoker() {
        return " WITH (security_invoker = true)";
    }

    private static String shadowTable(TableShape shape, String shadow) {
        List<String> cols = new ArrayList<>();
        for (String k : shape.keyColumns()) {
            Column c = shape.column(k);
            cols.add(Quote.ident(k) + " " + c.type() + (c.collation() == null ? "" : " COLLATE " + c.collation()));
        }
        return "CREATE TABLE " + shadow + " (" + String.join(", ", cols) + ", PRIMARY KEY ("
                + Plpgsql.columns(null, shape.keyColumns()) + "))";
    }

    /**
     * {@code cu_<relid>(keys)}: puts the keys the shadow lacks into it, then copies exactly those rows from below
     * into {@code D} and into the base images {@code b_<relid>}.
     * A concurrent copy-up of the same key waits on the shadow's primary key and then copies nothing.
     */
    private static String copyUp(TableShape shape, LayerNames names, String data, String below) {
        List<String> keys = shape.keyColumns();
        List<String> insertable = shape.insertableColumns().stream().map(Column::name).toList();
        String shadow = names.shadow(shape.relid());
        String body = "  PERFORM set_config('rift.copy_up', 'on', true);\n"
                + "  WITH fresh AS (INSERT INTO " + shadow + " AS s (" + Plpgsql.columns(null, keys) + ")"
                + " SELECT " + Plpgsql.columns("u", keys) + " FROM unnest($1) AS u(" + Plpgsql.columns(null, keys)
                + ") WHERE NOT (" + Plpgsql.anyNull("u", keys) + ") ON CONFLICT DO NOTHING RETURNING "
                + Plpgsql.columns("s", keys) + ")\n"
                + ", copied AS (INSERT INTO " + data + " (" + Plpgsql.columns(null, insertable) + ")"
                + (shape.hasIdentityAlways() ? " OVERRIDING SYSTEM VALUE" : "")
                + " SELECT " + Plpgsql.columns("b", insertable) + " FROM " + below + " AS b JOIN fresh AS f ON "
                + Plpgsql.equal("b", keys, "f", keys) + " RETURNING *)\n"
                // The row as it was when the branch first took it: the base of a three-way merge, even when the
                // relation below (the live upstream) changes later.
                + "  INSERT INTO " + names.base(shape.relid()) + " SELECT * FROM copied;\n"
                + "  GET DIAGNOSTICS copied = ROW_COUNT;\n"
                + "  PERFORM set_config('rift.copy_up', 'off', true);\n"
                + "  RETURN copied;\n";
        return Plpgsql.function(names.copyUp(shape.relid()) + "(rift_keys " + copyUpKeyType(shape, names) + "[])",
                "bigint", "  copied bigint;\n", body);
    }

    /**
     * After each insert or key change in {@code D}: a key (primary or unique) the relation below still holds for
     * another row is a duplicate, reported as PostgreSQL reports it; then the new primary key joins the shadow.
     * Runs after the row's NOT NULL and CHECK constraints and {@code D}'s own unique indexes, as PostgreSQL orders
     * those checks. Copy-ups pass unchecked: their rows come from below, where they were valid.
     */
    private static String keyCheck(TableShape shape, LayerNames names, String below) {
        UniqueKey pk = shape.primaryKey().orElseThrow();
        String shadow = names.shadow(shape.relid());
        List<String> keys = pk.columns();
        StringBuilder body = new StringBuilder("  IF " + Plpgsql.COPYING_UP + " THEN RETURN NULL; END IF;\n");
        body.append("  IF TG_OP = 'INSERT' OR ").append(Plpgsql.changed(keys)).append(" THEN\n")
                .append("    IF NOT EXISTS (SELECT 1 FROM ").append(shadow).append(" AS s WHERE ")
                .append(Plpgsql.equal("s", keys, "NEW", keys)).append(")\n")
                .append("       AND EXISTS (SELECT 1 FROM ").append(below).append(" AS b WHERE ")
                .append(Plpgsql.equal("b", keys, "NEW", keys)).append(") THEN\n")
                .append("      ").append(duplicate(shape, pk)).append("\n    END IF;\n  END IF;\n");
        for (UniqueKey u : shape.uniqueKeys()) {
            String match = u.nullsNotDistinct() ? notDistinct("b", u.columns(), "NEW")
                    : Plpgsql.equal("b", u.columns(), "NEW", u.columns());
            body.append("  IF TG_OP = 'INSERT' OR ").append(Plpgsql.changed(u.columns())).append(" THEN\n")
                    .append("    IF EXISTS (SELECT 1 FROM ").append(below).append(" AS b WHERE ").append(match)
                    .append(" AND NOT EXISTS (SELECT 1 FROM ").append(shadow).append(" AS s WHERE ")
                    .append(Plpgsql.equal("s", keys, "b", keys)).append(")) THEN\n")
                    .append("      ").append(duplicate(shape, u)).append("\n    END IF;\n  END IF;\n");
        }
        body.append("  IF TG_OP = 'INSERT' OR ").append(Plpgsql.changed(keys)).append(" THEN\n")
                .append("    INSERT INTO ").append(shadow).append(" (").append(Plpgsql.columns(null, keys))
                .append(") VALUES (").append(Plpgsql.columns("NEW", keys)).append(") ON CONFLICT DO NOTHING;\n")
                .append("  END IF;\n  RETURN NULL;\n");
        return Plpgsql.triggerFunction(names.keyCheck(shape.relid()), body.toString());
    }

    private static String duplicate(TableShape shape, UniqueKey key) {
        return Plpgsql.raise("23505",
                Quote.literal("duplicate key value violates unique constraint \"" + key.name() + "\""),
                Quote.literal("Key (" + key.keyText() + ")=(") + " || " + Plpgsql.valuesText("NEW", key.columns())
                        + " || " + Quote.literal(") already exists."),
                key.name(), shape.id());
    }

    private static String notDistinct(String row, List<String> columns, String other) {
        return String.join(" AND ", columns.stream().map(c -> row + "." + Quote.ident(c) + " IS NOT DISTINCT FROM "
                + other + "." + Quote.ident(c)).toList());
    }

    static List<String> columnNames(TableShape shape) {
        return shape.columns().stream().map(Column::name).toList();
    }
}
