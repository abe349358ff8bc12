package dev.rift.cow.ddl;

import dev.rift.cow.Quote;
import dev.rift.cow.catalog.CatalogRedirects;
import dev.rift.cow.shape.TableShape;
import dev.rift.storage.catalog.PolicyRoles;
import dev.rift.storage.catalog.UpstreamGuard;

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
 * constraint (unique ones on expressions or with a predicate included), the exclusion constraints, the user
 * triggers with their enabled state, and row-level security with its policies (naming the session roles that stand
 * for the roles they name, {@link PolicyRoles}). Same names as upstream, so PostgreSQL's own errors read as on a copy.
 *
 * <p>Reads the catalog on the caller's connection, inside a transaction where {@code search_path} is empty so every
 * printed name is qualified ({@code TableShapeReader.qualifyNames}).
 */
public final class WholeCopyDdl {
    private static final Set<String> CLIENT_NAMES = Set.of("CURRENT_USER", "SESSION_USER", "CURRENT_ROLE", "USER");

    private WholeCopyDdl() {}

    /**
     * @param copy the filled copy or own table (quoted)
     * @param made indexes the copy already has (by name), for instance plain unique ones its CREATE TABLE made
     */
    public static List<String> afterFill(Connection c, TableShape shape, String copy, Set<String> made)
            throws SQLException {
        List<String> sql = new ArrayList<>(indexes(c, shape, copy, made));
        sql.addAll(triggers(c, shape, copy));
        sql.addAll(rowSecurity(c, shape.relid(), copy));
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
                + " WHERE i.indrelid = ? AND (k.oid IS NULL OR k.contype = 'x')"
                // a partition's index cloned from its parent's comes back when the parent's is re-created
                + " AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid) ORDER BY i.indexrelid")) {
            ps.setLong(1, t.relid());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(4) != null) {
                        out.add("ALTER TABLE " + target + " ADD CONSTRAINT " + Quote.ident(rs.getString(4)) + " "
                                + rs.getString(5));
                    } else if (!made.contains(rs.getString(3))) {
                        // a partitioned table's index prints ON ONLY: re-created without, it is cloned to partitions
                        String on = rs.getString(1).contains(" ON ONLY ") ? " ON ONLY " : " ON ";
                        out.add(retarget(rs.getString(1), on + rs.getString(2) + " USING ", target, " USING ",
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
                + " tgname, tgenabled::text FROM pg_trigger WHERE tgrelid = ? AND NOT tgisinternal"
                + " AND tgparentid = 0 AND tgname <> '" + UpstreamGuard.TRIGGER + "' ORDER BY tgname")) {
            // A clone of a partitioned table's trigger comes with it; the upstream's guard is not the branch's.
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

    /**
     * ENABLE [FORCE] ROW LEVEL SECURITY as upstream, and every policy with its command, kind and expressions (printed
     * qualified), for the roles {@link PolicyRoles} maps.
     */
    private static List<String> rowSecurity(Connection c, long relid, String copy) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT relrowsecurity, relforcerowsecurity FROM pg_class"
                + " WHERE oid = ?")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    out.add("ALTER TABLE " + copy + " ENABLE ROW LEVEL SECURITY");
                }
                if (rs.getBoolean(2)) {
                    out.add("ALTER TABLE " + copy + " FORCE ROW LEVEL SECURITY");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT oid, polname, polpermissive, polcmd::text,"
                + " pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid) FROM pg_policy"
                + " WHERE polrelid = ? ORDER BY polname")) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String command = switch (rs.getString(4)) {
                        case "r" -> "SELECT";
                        case "a" -> "INSERT";
                        case "w" -> "UPDATE";
                        case "d" -> "DELETE";
                        default -> "ALL";
                    };
                    String using = rs.getString(5);
                    String check = rs.getString(6);
                    out.add("CREATE POLICY " + Quote.ident(rs.getString(2)) + " ON " + copy + " AS "
                            + (rs.getBoolean(3) ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + command
                            + " TO " + PolicyRoles.of(c, rs.getLong(1))
                            + (using == null ? "" : " USING (" + clientNames(using) + ")")
                            + (check == null ? "" : " WITH CHECK (" + clientNames(check) + ")"));
                }
            }
        }
        return out;
    }

    /**
     * A policy expression with {@code CURRENT_USER}, {@code SESSION_USER}, {@code CURRENT_ROLE} and {@code USER} (as
     * pg_get_expr prints them, outside quotes) answering the client's role, as the router makes a statement's do: the
     * policy runs as the session role, and {@code author = current_user} must compare with the client's name.
     */
    static String clientNames(String expression) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < expression.length()) {
            char ch = expression.charAt(i);
            if (ch == '\'' || ch == '"') {
                int end = expression.indexOf(ch, i + 1);
                while (end >= 0 && end + 1 < expression.length() && expression.charAt(end + 1) == ch) {
                    end = expression.indexOf(ch, end + 2);
                }
                end = end < 0 ? expression.length() : end + 1;
                out.append(expression, i, end);
                i = end;
            } else if (Character.isLetter(ch) || ch == '_') {
                int end = i;
                while (end < expression.length() && (Character.isLetterOrDigit(expression.charAt(end))
                        || expression.charAt(end) == '_' || expression.charAt(end) == '$')) {
                    end++;
                }
                String word = expression.substring(i, end);
                boolean qualified = i > 0 && expression.charAt(i - 1) == '.';
                out.append(!qualified && CLIENT_NAMES.contains(word) ? CatalogRedirects.CLIENT_USER : word);
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
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
