package dev.rift.cow.ddl;

import dev.rift.cow.Quote;
import dev.rift.cow.shape.TableShape;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a copy of an upstream table carries besides its columns, keys and checks, re-created on the copy (or on the
 * own table of a {@link Materialization}) after it is filled (an index built once is cheaper than one maintained row
 * by row, and a trigger created after the fill never fires for rift's own copy): the indexes that back no
 * constraint (unique ones on expressions or with a predicate included), the exclusion constraints, and the user
 * triggers with their enabled state. Same names as upstream, so PostgreSQL's own errors read as on a copy.
 *
 * <p>Reads the catalog on the caller's connection, inside a transaction where {@code search_path} is empty so every
 * printed name is qualified ({@code TableShapeReader.qualifyNames}).
 */
public final class WholeCopyDdl {
    private WholeCopyDdl() {}

    /**
     * @param copy the filled copy or own table (quoted)
     * @param made indexes the copy already has (by name), for instance plain unique ones its CREATE TABLE made
     */
    public static List<String> afterFill(Connection c, TableShape shape, String copy, Set<String> made)
            throws SQLException {
        List<String> sql = new ArrayList<>(indexes(c, shape, copy, made));
        sql.addAll(triggers(c, shape, copy));
        return sql;
    }

    /** The names of the indexes {@link DataTableDdl} gives a copy itself (plain unique indexes). */
    public static Set<String> madeByDataTable(TableShape shape) {
        return Set.copyOf(shape.uniqueKeys().stream().filter(u -> !u.isConstraint()).map(u -> u.name()).toList());
    }

    /**
     * Indexes that back no constraint, and exclusion constraints, re-created under their own names on {@code target}
     * (except {@code made}) in the order of the upstream's indexes: PostgreSQL checks a row against them in that
     * order, so a row violating two of them fails on the same one as on a copy (23P01 or 23505).
     */
    private static List<String> indexes(Connection c, TableShape t, String target, Set<String> made)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_indexdef(i.indexrelid),"
                + " i.indrelid::regclass::text, x.relname, k.conname, pg_get_constraintdef(k.oid)"
                + " FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid LEFT JOIN pg_constraint k"
                + " ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid"
                + " WHERE i.indrelid = ? AND (k.oid IS NULL OR k.contype = 'x') ORDER BY i.indexrelid")) {
            ps.setLong(1, t.relid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(4) != null) {
                        out.add("ALTER TABLE " + target + " ADD CONSTRAINT " + Quote.ident(rs.getString(4)) + " "
                                + rs.getString(5));
                    } else if (!made.contains(rs.getString(3))) {
                        out.add(retarget(rs.getString(1), " ON " + rs.getString(2) + " USING ", target, " USING ",
                                "index of " + t.id()));
                    }
                }
            }
        }
        return out;
    }

    /** User triggers on the copy, in the enabled state they have upstream ('O', the default, needs nothing). */
    private static List<String> triggers(Connection c, TableShape t, String copy) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_triggerdef(oid), tgrelid::regclass::text,"
                + " tgname, tgenabled::text FROM pg_trigger WHERE tgrelid = ? AND NOT tgisinternal ORDER BY tgname")) {
            ps.setLong(1, t.relid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String on = " ON " + rs.getString(2) + " ";
                    out.add(retarget(rs.getString(1), on, copy, " ", "trigger of " + t.id()));
                    enabledState(copy, rs.getString(3), rs.getString(4)).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** What gives a trigger on {@code table} the {@code tgenabled} state it has ('O', the default, needs nothing). */
    static Optional<String> enabledState(String table, String trigger, String tgenabled) {
        String state = switch (tgenabled) {
            case "D" -> "DISABLE";
            case "R" -> "ENABLE REPLICA";
            case "A" -> "ENABLE ALWAYS";
            default -> null;
        };
        return Optional.ofNullable(state).map(s -> "ALTER TABLE " + table + " " + s + " TRIGGER " + Quote.ident(trigger));
    }

    /** {@code definition} with its first {@code on} (the upstream table) replaced by the target. */
    private static String retarget(String definition, String on, String target, String after, String what)
            throws SQLException {
        int at = definition.indexOf(on);
        if (at < 0) {
            throw new SQLException("cannot re-create " + what + ": " + definition, "0A000");
        }
        return definition.substring(0, at) + " ON " + target + after + definition.substring(at + on.length());
    }
}
