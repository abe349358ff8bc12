package dev.rift.cow.ddl;

import dev.rift.cow.Quote;
import dev.rift.cow.shape.Column;
import dev.rift.cow.shape.TableShape;
import dev.rift.storage.catalog.LayerEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table's name view in a layer (docs/overlay.md, "Code in the database"): {@code rift_v<n>_<schema>.<table>}, the
 * layer's merged relation under the table's own name. The session's search_path puts it before the upstream schema, so
 * unqualified names in function bodies, trigger functions and DO blocks, resolved at run time, read and write the
 * branch's rows.
 *
 * <p>A copy's view reads the copy alone: PostgreSQL makes such a view auto-updatable, so writes act on the copy as on
 * the table (its defaults, triggers and constraints). A delta's view reads the merged view and takes D's defaults; an
 * INSTEAD OF trigger turns each row written through it into the write the router makes: an insert into D, or a copy-up
 * followed by the update or delete of D's row, so D's own triggers check keys and record the shadow.
 */
public final class NameViewDdl {
    private NameViewDdl() {}

    public static List<String> create(TableShape shape, LayerRelations layer, Map<Long, SequenceCopy> sequences) {
        LayerNames names = layer.names();
        String view = names.nameView(shape.id());
        List<String> sql = new ArrayList<>();
        sql.add("CREATE SCHEMA IF NOT EXISTS " + Quote.ident(names.nameViewSchema(shape.id().schema())));
        String columns = Plpgsql.columns(null, DeltaDdl.columnNames(shape));
        if (layer.kind(shape.relid()).orElseThrow() != LayerEntry.Kind.DELTA) {
            sql.add("CREATE VIEW " + view + DeltaDdl.securityInvoker() + " AS SELECT " + columns + " FROM "
                    + names.dataTable(shape.id()));
            return sql;
        }
        sql.add("CREATE VIEW " + view + DeltaDdl.securityInvoker() + " AS SELECT " + columns + " FROM "
                + names.merged(shape.relid()));
        for (Column c : shape.columns()) {
            // Identity columns take D's identity when the writer omits them (the trigger leaves NULL out); generated
            // ones are computed by D.
            if (c.defaultExpr() != null && !c.isGenerated() && !c.isIdentity()) {
                sql.add("ALTER VIEW " + view + " ALTER COLUMN " + Quote.ident(c.name()) + " SET DEFAULT "
                        + DataTableDdl.redirectSequences(shape, c, sequences));
            }
        }
        sql.add(writer(shape, names));
        sql.add("CREATE TRIGGER \"rift_w\" INSTEAD OF INSERT OR UPDATE OR DELETE ON " + view
                + " FOR EACH ROW EXECUTE FUNCTION " + names.nameViewWriter(shape.relid()) + "()");
        return sql;
    }

    private static String writer(TableShape shape, LayerNames names) {
        String data = names.dataTable(shape.id());
        List<String> keys = shape.keyColumns();
        List<String> insertable = shape.insertableColumns().stream().map(Column::name).toList();
        List<String> updatable = shape.insertableColumns().stream().filter(c -> !c.isIdentityAlways())
                .map(Column::name).toList();
        String copyUp = "    PERFORM " + names.copyUp(shape.relid()) + "(ARRAY[" + DeltaDdl.copyUpKey(shape, names, "OLD")
                + "]);\n";
        String where = " WHERE " + Plpgsql.equal("d", keys, "OLD", keys);
        StringBuilder body = new StringBuilder("  IF TG_OP = 'INSERT' THEN\n");
        for (Column c : shape.columns()) {
            if (c.isGenerated()) {
                body.append("    IF NEW.").append(Quote.ident(c.name())).append(" IS NOT NULL THEN RAISE EXCEPTION USING")
                        .append(" ERRCODE = '428C9', MESSAGE = ")
                        .append(Quote.literal("cannot insert a non-DEFAULT value into column \"" + c.name() + "\""))
                        .append(", DETAIL = ").append(Quote.literal("Column \"" + c.name() + "\" is a generated column."))
                        .append("; END IF;\n");
            }
        }
        Column identity = shape.columns().stream().filter(Column::isIdentity).findFirst().orElse(null);
        if (identity != null) {
            List<String> rest = insertable.stream().filter(n -> !n.equals(identity.name())).toList();
            body.append("    IF NEW.").append(Quote.ident(identity.name())).append(" IS NULL THEN\n  ")
                    .append(insert(data, rest)).append("    ELSE\n  ").append(insert(data, insertable))
                    .append("    END IF;\n");
        } else {
            body.append(insert(data, insertable));
        }
        body.append("    RETURN NEW;\n  ELSIF TG_OP = 'UPDATE' THEN\n").append(copyUp);
        if (updatable.isEmpty()) {
            // Every column is an identity ALWAYS or generated one: nothing a writer may set, only the row to return.
            body.append("    SELECT d.* INTO NEW FROM ").append(data).append(" AS d").append(where).append(";\n");
        } else {
            body.append("    UPDATE ").append(data).append(" AS d SET (").append(Plpgsql.columns(null, updatable))
                    .append(") = ROW(").append(Plpgsql.columns("NEW", updatable)).append(")").append(where)
                    .append(" RETURNING d.* INTO NEW;\n");
        }
        body.append("    IF NOT FOUND THEN RETURN NULL; END IF;\n    RETURN NEW;\n")
                .append("  ELSE\n").append(copyUp)
                .append("    DELETE FROM ").append(data).append(" AS d").append(where).append(";\n")
                .append("    IF NOT FOUND THEN RETURN NULL; END IF;\n    RETURN OLD;\n  END IF;\n");
        return Plpgsql.triggerFunction(names.nameViewWriter(shape.relid()), body.toString());
    }

    private static String insert(String data, List<String> columns) {
        if (columns.isEmpty()) {
            return "    INSERT INTO " + data + " DEFAULT VALUES RETURNING * INTO NEW;\n";
        }
        return "    INSERT INTO " + data + " (" + Plpgsql.columns(null, columns) + ") VALUES ("
                + Plpgsql.columns("NEW", columns) + ") RETURNING * INTO NEW;\n";
    }
}
