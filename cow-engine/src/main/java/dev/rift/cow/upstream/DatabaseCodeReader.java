package dev.rift.cow.upstream;

import dev.rift.cow.DatabaseCode;
import dev.rift.cow.OverlayException;
import dev.rift.cow.TableId;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.storage.catalog.UpstreamGuard;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@link DatabaseCode} from the upstream's catalog in three queries. Functions of extensions and of C or internal
 * language are left out (their bodies name no table); branches' own functions and tables ({@code rift_o}) are in,
 * since a trigger a branch made may write an upstream table.
 */
final class DatabaseCodeReader {
    /** Schemas whose code is not the user's: PostgreSQL's and rift's layer objects. */
    private static final String USER_SCHEMA = "%1$s NOT IN ('pg_catalog', 'information_schema', 'rift', 'rift_catalog',"
            + " 'rift_information_schema') AND %1$s !~ '^(pg_|rift_[lv][0-9])'";

    private static final String FUNCTIONS = "SELECT p.proname, p.prosrc || ' ' || COALESCE((SELECT string_agg("
            + "COALESCE(c.relname, f.proname), ' ') FROM pg_depend d"
            + " LEFT JOIN pg_class c ON d.refclassid = 'pg_class'::regclass AND c.oid = d.refobjid"
            + " LEFT JOIN pg_proc f ON d.refclassid = 'pg_proc'::regclass AND f.oid = d.refobjid"
            + " WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid), '')"
            + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
            + " WHERE " + USER_SCHEMA.formatted("n.nspname") + " AND l.lanname NOT IN ('c', 'internal')"
            + " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid"
            + " AND e.deptype = 'e')";

    /** Per relation, the functions its user triggers run and its defaults and CHECKs call. */
    private static final String TABLE_CODE = "SELECT c.relname, p.proname FROM pg_trigger t"
            + " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal"
            + " AND t.tgname <> '" + UpstreamGuard.TRIGGER + "' AND " + USER_SCHEMA.formatted("n.nspname")
            + " UNION SELECT c.relname, p.proname FROM pg_depend d JOIN pg_proc p ON p.oid = d.refobjid"
            + " JOIN pg_attrdef a ON a.oid = d.objid JOIN pg_class c ON c.oid = a.adrelid"
            + " WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_proc'::regclass"
            + " UNION SELECT c.relname, p.proname FROM pg_depend d JOIN pg_proc p ON p.oid = d.refobjid"
            + " JOIN pg_constraint k ON k.oid = d.objid JOIN pg_class c ON c.oid = k.conrelid"
            + " WHERE d.classid = 'pg_constraint'::regclass AND d.refclassid = 'pg_proc'::regclass";

    private static final String TABLES = "SELECT n.nspname, c.relname FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
            + " AND " + USER_SCHEMA.formatted("n.nspname");

    private DatabaseCodeReader() {}

    static DatabaseCode read(DataSource dataSource) {
        Map<String, String> bodies = new HashMap<>();
        Map<String, Set<String>> tableCode = new HashMap<>();
        Map<String, Set<TableId>> tables = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(FUNCTIONS)) {
                while (rs.next()) {
                    bodies.merge(rs.getString(1), rs.getString(2), (a, b) -> a + "\n" + b);
                }
            }
            try (ResultSet rs = s.executeQuery(TABLE_CODE)) {
                while (rs.next()) {
                    tableCode.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery(TABLES)) {
                while (rs.next()) {
                    TableId table = new TableId(rs.getString(1), rs.getString(2));
                    if (!LayerNames.isRiftSchema(table.schema())) {
                        tables.computeIfAbsent(table.name(), k -> new LinkedHashSet<>()).add(table);
                    }
                }
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read the upstream's functions: " + e.getMessage(), e);
        }
        return new DatabaseCode(bodies, tableCode, tables);
    }
}
