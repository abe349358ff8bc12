package dev.rift.cow.upstream;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.rift.cow.DatabaseCode;
import dev.rift.cow.OverlayException;
import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import dev.rift.cow.UpstreamCatalog;
import dev.rift.cow.ddl.LayerNames;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The upstream's relations from pg_class / pg_namespace, as one snapshot of every relation cached for a short while
 * (so resolving a name costs a map lookup, and upstream DDL shows within {@link #EXPIRY}). rift's own schemas
 * ({@code rift}, {@code rift_l*}) and temporary schemas are never listed.
 */
public final class PgUpstreamCatalog implements UpstreamCatalog {
    public static final Duration EXPIRY = Duration.ofSeconds(2);
    private static final String PG_CATALOG = "pg_catalog";

    private final DataSource dataSource;
    private final LoadingCache<Boolean, Map<String, Map<String, RelationKind>>> relations;
    private final LoadingCache<TableId, List<TableId>> viewDependencies;
    private final LoadingCache<TableId, Optional<String>> viewDefinitions;
    private final LoadingCache<Boolean, Set<String>> definerFunctions;
    private final LoadingCache<Boolean, DatabaseCode> code;
    private final LoadingCache<Boolean, Set<TableId>> rowSecurityTables;
    private final LoadingCache<String, Boolean> bypassesRowSecurity;

    public PgUpstreamCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
        this.relations = Caffeine.newBuilder().expireAfterWrite(EXPIRY).build(k -> loadRelations());
        this.viewDependencies = Caffeine.newBuilder().expireAfterWrite(EXPIRY).maximumSize(10_000)
                .build(this::loadViewDependencies);
        this.viewDefinitions = Caffeine.newBuilder().expireAfterWrite(EXPIRY).maximumSize(10_000)
                .build(this::loadViewDefinition);
        this.definerFunctions = Caffeine.newBuilder().expireAfterWrite(EXPIRY).build(k -> loadDefinerFunctions());
        this.code = Caffeine.newBuilder().expireAfterWrite(EXPIRY).build(k -> DatabaseCodeReader.read(dataSource));
        this.rowSecurityTables = Caffeine.newBuilder().expireAfterWrite(EXPIRY).build(k -> loadRowSecurityTables());
        this.bypassesRowSecurity = Caffeine.newBuilder().expireAfterWrite(EXPIRY).maximumSize(10_000)
                .build(this::loadBypassesRowSecurity);
    }

    @Override
    public Optional<TableId> resolve(List<String> searchPath, String schema, String name) {
        Map<String, Map<String, RelationKind>> all = relations.get(Boolean.TRUE);
        if (schema != null) {
            return has(all, schema, name) ? Optional.of(new TableId(schema, name)) : Optional.empty();
        }
        // PostgreSQL searches pg_catalog first unless the path places it explicitly.
        List<String> path = new ArrayList<>();
        if (!searchPath.contains(PG_CATALOG)) {
            path.add(PG_CATALOG);
        }
        path.addAll(searchPath);
        for (String s : path) {
            if (has(all, s, name)) {
                return Optional.of(new TableId(s, name));
            }
        }
        return Optional.empty();
    }

    @Override
    public RelationKind kind(TableId relation) {
        Map<String, RelationKind> schema = relations.get(Boolean.TRUE).get(relation.schema());
        RelationKind kind = schema == null ? null : schema.get(relation.name());
        return kind == null ? RelationKind.OTHER : kind;
    }

    @Override
    public List<TableId> viewDependencies(TableId view) {
        return viewDependencies.get(view);
    }

    @Override
    public List<TableId> dependentViews(TableId relation) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "WITH RECURSIVE views(oid) AS ("
                        + " SELECT r.ev_class FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid"
                        + " WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass"
                        + " AND d.refobjid = (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ?) AND r.ev_class <> d.refobjid"
                        + " UNION SELECT r.ev_class FROM views v JOIN pg_depend d ON d.refobjid = v.oid"
                        + " AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass"
                        + " JOIN pg_rewrite r ON r.oid = d.objid AND r.ev_class <> v.oid)"
                        + " SELECT n.nspname, c.relname FROM views v JOIN pg_class c ON c.oid = v.oid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') ORDER BY 1, 2")) {
            ps.setString(1, relation.schema());
            ps.setString(2, relation.name());
            try (ResultSet rs = ps.executeQuery()) {
                List<TableId> out = new ArrayList<>();
                while (rs.next()) {
                    // Branches' merged views over the table are rift's, not the upstream's: they never keep a
                    // branch from dropping it (before, a change on one branch made DROP fail on every other).
                    if (!LayerNames.isRiftSchema(rs.getString(1))) {
                        out.add(new TableId(rs.getString(1), rs.getString(2)));
                    }
                }
                return out;
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read the views over " + relation + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> viewDefinition(TableId view) {
        return viewDefinitions.get(view);
    }

    private Optional<String> loadViewDefinition(TableId view) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT set_config('search_path', '', true)"); // every name printed qualified
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_viewdef(c.oid) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?"
                    + " AND c.relkind IN ('v', 'm')")) {
                ps.setString(1, view.schema());
                ps.setString(2, view.name());
                try (ResultSet rs = ps.executeQuery()) {
                    Optional<String> def = rs.next() ? Optional.of(rs.getString(1).strip()) : Optional.empty();
                    c.rollback();
                    return def.map(d -> d.endsWith(";") ? d.substring(0, d.length() - 1) : d);
                }
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read the definition of view " + view + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean schemaExists(String schema) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read the upstream's schemas: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<TableId> indexTable(TableId index) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT tn.nspname, t.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
                        + " JOIN pg_namespace n ON n.oid = i.relnamespace JOIN pg_class t ON t.oid = x.indrelid"
                        + " JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE n.nspname = ? AND i.relname = ?")) {
            ps.setString(1, index.schema());
            ps.setString(2, index.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new TableId(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read the table of index " + index + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> definerFunctions() {
        return definerFunctions.get(Boolean.TRUE);
    }

    private Set<String> loadDefinerFunctions() {
        Set<String> out = new HashSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT p.proname FROM pg_proc p"
                     + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.prosecdef"
                     + " AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'rift', 'rift_catalog')"
                     + " AND n.nspname !~ '^(pg_|rift_[lov][0-9])'"
                     + " AND (p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a"
                     + " WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'))")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read the upstream's functions: " + e.getMessage(), e);
        }
        return Set.copyOf(out);
    }

    @Override
    public DatabaseCode code() {
        return code.get(Boolean.TRUE);
    }

    @Override
    public Set<TableId> rowSecurityTables() {
        return rowSecurityTables.get(Boolean.TRUE);
    }

    @Override
    public boolean bypassesRowSecurity(String clientRole) {
        return bypassesRowSecurity.get(clientRole);
    }

    private Set<TableId> loadRowSecurityTables() {
        Set<TableId> out = new HashSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.nspname, c.relname FROM pg_class c"
                     + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE c.relrowsecurity AND c.relkind IN ('r', 'p')")) {
            while (rs.next()) {
                if (!LayerNames.isRiftSchema(rs.getString(1))) {
                    out.add(new TableId(rs.getString(1), rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read the upstream's row security: " + e.getMessage(),
                    e);
        }
        return Set.copyOf(out);
    }

    private boolean loadBypassesRowSecurity(String clientRole) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
                        + " AND coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = ?), false)")) {
            ps.setString(1, clientRole);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read the attributes of role " + clientRole + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void refresh() {
        rowSecurityTables.invalidateAll();
        bypassesRowSecurity.invalidateAll();
        definerFunctions.invalidateAll();
        code.invalidateAll();
        relations.invalidateAll();
        viewDependencies.invalidateAll();
        viewDefinitions.invalidateAll();
    }

    private static boolean has(Map<String, Map<String, RelationKind>> all, String schema, String name) {
        Map<String, RelationKind> s = all.get(schema);
        return s != null && s.containsKey(name);
    }

    private Map<String, Map<String, RelationKind>> loadRelations() {
        Map<String, Map<String, RelationKind>> out = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.nspname, c.relname, c.relkind::text FROM pg_class c"
                     + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'i', 'I')"
                     + " AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'")) {
            while (rs.next()) {
                String schema = rs.getString(1);
                if (!LayerNames.isRiftSchema(schema)) {
                    out.computeIfAbsent(schema, k -> new HashMap<>())
                            .put(rs.getString(2), RelationKind.of(rs.getString(3).charAt(0)));
                }
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read the upstream's relations: " + e.getMessage(), e);
        }
        return out;
    }

    private List<TableId> loadViewDependencies(TableId view) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "WITH RECURSIVE deps(relid) AS ("
                        + " SELECT d.refobjid FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass"
                        + " AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class"
                        + " WHERE r.ev_class = (SELECT c.oid FROM pg_class c JOIN pg_namespace n"
                        + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?)"
                        + " UNION SELECT d.refobjid FROM deps JOIN pg_class v ON v.oid = deps.relid AND v.relkind = 'v'"
                        + " JOIN pg_rewrite r ON r.ev_class = v.oid JOIN pg_depend d"
                        + " ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid"
                        + " AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class)"
                        + " SELECT DISTINCT n.nspname, c.relname FROM deps JOIN pg_class c ON c.oid = deps.relid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind <> 'v' ORDER BY 1, 2")) {
            ps.setString(1, view.schema());
            ps.setString(2, view.name());
            try (ResultSet rs = ps.executeQuery()) {
                List<TableId> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new TableId(rs.getString(1), rs.getString(2)));
                }
                return List.copyOf(out);
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read the tables of view " + view + ": "
                    + e.getMessage(), e);
        }
    }
}
