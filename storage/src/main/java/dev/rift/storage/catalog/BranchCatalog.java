package dev.rift.storage.catalog;

import com.zaxxer.hikari.HikariDataSource;
import dev.rift.storage.BranchName;
import dev.rift.storage.UpstreamUrl;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * rift's branch catalog: the {@code rift} schema in the upstream database (docs/overlay.md). Reads run on a
 * pooled connection of their own; writes take the caller's {@link Connection} so that they commit or roll back
 * together with the DDL the engine runs in the same transaction. Every write that changes a branch's shape gives it
 * a new version (from the sequence {@code rift.versions}: versions only grow and never repeat, across all branches)
 * and sends {@code NOTIFY rift_branches, '<branch>'} (delivered at commit).
 *
 * <p>Branch names are validated with {@link BranchName} and always bound as parameters.
 */
public final class BranchCatalog implements AutoCloseable {
    /** The channel every change of a branch is announced on, with the branch's name as payload. */
    public static final String CHANNEL = "rift_branches";

    private static final String BRANCH_COLUMNS = "name, parent, mode, top_layer, created_at, version";

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final LayerCatalog layers = new LayerCatalog();

    /** A catalog over a pool of {@value CatalogDataSource#MAX_POOL_SIZE} connections it owns and closes. */
    public static BranchCatalog open(UpstreamUrl upstream) {
        HikariDataSource pool = CatalogDataSource.pool(upstream, "rift-catalog");
        return new BranchCatalog(pool, pool);
    }

    /** A catalog over the caller's data source (which the caller closes). */
    public BranchCatalog(DataSource dataSource) {
        this(dataSource, null);
    }

    private BranchCatalog(DataSource dataSource, HikariDataSource ownedPool) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Layers and their tables and sequences. */
    public LayerCatalog layers() {
        return layers;
    }

    /** Creates the {@code rift} schema and its tables when missing; safe to run repeatedly and concurrently. */
    public void install() {
        try (Connection c = dataSource.getConnection()) {
            CatalogSchema.install(c);
        } catch (SQLException e) {
            throw new CatalogException("cannot install the rift catalog", e);
        }
    }

    public boolean isInstalled() {
        try (Connection c = dataSource.getConnection()) {
            return CatalogSchema.version(c).isPresent();
        } catch (SQLException e) {
            throw new CatalogException("cannot read the rift catalog", e);
        }
    }

    /** Runs {@code work} in one transaction on a pooled connection: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new CatalogException("rift catalog transaction failed", e);
        }
    }

    /** A unit of work in the caller's transaction. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    // ------------------------------------------------------------------ reads

    public Optional<BranchRecord> branch(String name) {
        return inTransaction(c -> branch(c, name));
    }

    public List<BranchRecord> branches() {
        return inTransaction(this::branches);
    }

    /** The layers a branch reads, top (its own writable layer) to bottom; empty when there is no such branch. */
    public List<LayerRecord> stack(String branch) {
        return inTransaction(c -> {
            Optional<BranchRecord> b = branch(c, branch);
            return b.isPresent() ? layers.stack(c, b.get().topLayer()) : List.of();
        });
    }

    /** The tables a layer holds. */
    public List<LayerEntry> tables(long layerId) {
        return inTransaction(c -> layers.tables(c, List.of(layerId)));
    }

    /** The sequence copies a layer holds. */
    public List<SequenceEntry> sequences(long layerId) {
        return inTransaction(c -> layers.sequences(c, List.of(layerId)));
    }

    public Optional<BranchRecord> branch(Connection c, String name) throws SQLException {
        return selectBranch(c, name, "");
    }

    /** The branch's row, locked until the caller's transaction ends (serialises changes of one branch's shape). */
    public Optional<BranchRecord> lockBranch(Connection c, String name) throws SQLException {
        return selectBranch(c, name, " FOR UPDATE");
    }

    public List<BranchRecord> branches(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + BRANCH_COLUMNS + " FROM rift.branches ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<BranchRecord> out = new ArrayList<>();
            while (rs.next()) {
                out.add(branchRecord(rs));
            }
            return out;
        }
    }

    /** Every branch made from {@code name}, directly or not, deepest first (the order they can be deleted in). */
    public List<String> descendants(Connection c, String name) throws SQLException {
        String checked = new BranchName(name).value();
        try (PreparedStatement ps = c.prepareStatement(
                "WITH RECURSIVE d(name, depth) AS ("
                        + " SELECT name, 1 FROM rift.branches WHERE parent = ?"
                        + " UNION ALL SELECT b.name, d.depth + 1 FROM rift.branches b JOIN d ON b.parent = d.name)"
                        + " SELECT name FROM d ORDER BY depth DESC, name")) {
            ps.setString(1, checked);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    // ------------------------------------------------------------------ writes (caller's transaction)

    public void insertBranch(Connection c, String name, String parent, long topLayer) throws SQLException {
        String checked = new BranchName(name).value();
        String checkedParent = parent == null ? null : new BranchName(parent).value();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rift.branches (name, parent, top_layer) VALUES (?, ?, ?)")) {
            ps.setString(1, checked);
            ps.setString(2, checkedParent);
            ps.setLong(3, topLayer);
            ps.executeUpdate();
        }
        notifyChanged(c, checked);
    }

    /** Points the branch at another top layer (after a reset or a child's creation); bumps its version. */
    public void moveTopLayer(Connection c, String name, long topLayer) throws SQLException {
        String checked = new BranchName(name).value();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE rift.branches SET top_layer = ?, version = nextval('rift.versions') WHERE name = ?")) {
            ps.setLong(1, topLayer);
            ps.setString(2, checked);
            requireOneRow(ps.executeUpdate(), checked);
        }
        notifyChanged(c, checked);
    }

    /** Records that the branch's shape changed (a table or sequence gained a layer entry). */
    public void bumpVersion(Connection c, String name) throws SQLException {
        String checked = new BranchName(name).value();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE rift.branches SET version = nextval('rift.versions') WHERE name = ?")) {
            ps.setString(1, checked);
            requireOneRow(ps.executeUpdate(), checked);
        }
        notifyChanged(c, checked);
    }

    /** Deletes the branch's row (its children must be gone); its layers are collected separately. */
    public void deleteBranch(Connection c, String name) throws SQLException {
        String checked = new BranchName(name).value();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM rift.branches WHERE name = ?")) {
            ps.setString(1, checked);
            requireOneRow(ps.executeUpdate(), checked);
        }
        notifyChanged(c, checked);
    }

    /** {@code NOTIFY rift_branches, '<name>'}, delivered when the caller's transaction commits. */
    public void notifyChanged(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, new BranchName(name).value());
            ps.execute();
        }
    }

    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private Optional<BranchRecord> selectBranch(Connection c, String name, String lockClause) throws SQLException {
        String checked = new BranchName(name).value();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + BRANCH_COLUMNS + " FROM rift.branches WHERE name = ?" + lockClause)) {
            ps.setString(1, checked);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(branchRecord(rs)) : Optional.empty();
            }
        }
    }

    private static BranchRecord branchRecord(ResultSet rs) throws SQLException {
        return new BranchRecord(rs.getString("name"), rs.getString("parent"), rs.getString("mode"),
                rs.getLong("top_layer"), rs.getObject("created_at", OffsetDateTime.class), rs.getLong("version"));
    }

    private static void requireOneRow(int rows, String branch) {
        if (rows != 1) {
            throw new CatalogException("3D000", "branch \"" + branch + "\" does not exist");
        }
    }
}
