package dev.rift.cow.layer;

import dev.rift.cow.OverlayException;
import dev.rift.cow.TableId;
import dev.rift.cow.ddl.FrozenLayerDdl;
import dev.rift.cow.Quote;
import dev.rift.cow.ddl.LayerNames;
import dev.rift.cow.ddl.OwnObjectCopy;
import dev.rift.cow.shape.TableShapeReader;
import dev.rift.storage.BranchName;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchRecord;
import dev.rift.storage.catalog.CatalogException;
import dev.rift.storage.catalog.SessionRoles;
import dev.rift.storage.catalog.LayerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Creating, deleting and resetting branches (docs/overlay.md, "Branch operations"). Each is one transaction on
 * rift's own connection; none runs DDL per upstream table, so creating a branch costs the same on any database.
 */
public final class Branches {
    /** The upstream itself, as clients name it; never a row of the catalog. */
    public static final String MAIN = "main";

    private static final Logger log = LoggerFactory.getLogger(Branches.class);

    private final BranchCatalog catalog;

    public Branches(BranchCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * From {@code main} ({@code parent} null or "main"): a new empty layer on the upstream. From a branch: the
     * parent's top layer is frozen (after its writers finish), and parent and child each get a fresh layer on it.
     */
    public BranchRecord create(String name, String parent) {
        String checked = validName(name);
        if (MAIN.equals(checked)) {
            throw new OverlayException("42710", "branch \"main\" is the upstream database itself; choose another name");
        }
        String from = parent == null || MAIN.equals(parent) ? null : validName(parent);
        try {
            return inTransaction(catalog, c -> {
                if (catalog.branch(c, checked).isPresent()) {
                    throw alreadyExists(checked);
                }
                if (from == null) {
                    catalog.insertBranch(c, checked, null, catalog.layers().insertLayer(c, null));
                } else {
                    BranchRecord p = catalog.lockBranch(c, from).orElseThrow(() -> noSuchBranch(from));
                    LayerStack parentStack = LayerStack.load(c, catalog, p);
                    freeze(c, parentStack.top());
                    long parentTop = catalog.layers().insertLayer(c, p.topLayer());
                    long childTop = catalog.layers().insertLayer(c, p.topLayer());
                    // The parent's own objects stay in the frozen layer as the child's snapshot; each new top layer
                    // starts with a copy of them (docs/ddl.md, "Branches of branches").
                    copyOwnObjects(c, p.topLayer(), parentTop);
                    copyOwnObjects(c, p.topLayer(), childTop);
                    catalog.moveTopLayer(c, from, parentTop);
                    catalog.insertBranch(c, checked, from, childTop);
                    // The child's copies are its own client roles' on the child (session roles are per branch).
                    SessionRoles.adopt(c, childTop, checked);
                    BranchBase.record(c, checked, p.topLayer());
                    // Sessions open on the parent use its new top layer from now on.
                    SessionRoles.grantBranch(c, from);
                }
                return catalog.branch(c, checked).orElseThrow();
            });
        } catch (OverlayException e) {
            // Two creators of one name: the second's insert meets the first's primary key.
            throw "23505".equals(e.sqlState()) ? alreadyExists(checked) : e;
        }
    }

    /**
     * Deletes a branch; with {@code force} also every branch made from it (else refuses while there are any).
     * Layers no remaining branch reaches are dropped. Returns the deleted branches, deepest first.
     */
    public List<String> delete(String name, boolean force) {
        String checked = validName(name);
        return inTransaction(catalog, c -> {
            catalog.lockBranch(c, checked).orElseThrow(() -> noSuchBranch(checked));
            List<String> children = catalog.descendants(c, checked);
            if (!children.isEmpty() && !force) {
                throw new OverlayException("2BP01", "cannot delete branch \"" + checked + "\": branches were made"
                        + " from it (" + String.join(", ", children) + "); delete them first, or force the deletion"
                        + " to delete them too");
            }
            List<String> deleted = new ArrayList<>(children);
            deleted.add(checked);
            for (String b : deleted) {
                SessionRoles.dropBranch(c, b);
                catalog.deleteBranch(c, b);
            }
            collect(c);
            return deleted;
        });
    }

    /**
     * Empties a branch, first half: a fresh top layer over the layer it was created on (its parent's snapshot, or
     * the upstream), so its own layers frozen under children are left too. Constant time; committed and announced
     * at once. {@link #dropUnreachableLayers()} then drops what no branch reaches any more.
     */
    public void moveToFreshTop(String name) {
        String checked = validName(name);
        inTransaction(catalog, c -> {
            BranchRecord b = catalog.lockBranch(c, checked).orElseThrow(() -> noSuchBranch(checked));
            LayerRecord top = catalog.layers().stack(c, b.topLayer()).get(0);
            Long base = b.parent() == null ? null : BranchBase.of(c, checked).orElse(top.below());
            long fresh = catalog.layers().insertLayer(c, base);
            if (base != null) {
                copyOwnObjects(c, base, fresh); // the parent's schema as it was when the branch was made
            }
            catalog.moveTopLayer(c, checked, fresh);
            if (base != null) {
                SessionRoles.adopt(c, fresh, checked);
                SessionRoles.grantBranch(c, checked);
            }
            return null;
        });
    }

    /**
     * Drops the layers no branch reaches any more. After a reset it runs in a transaction of its own: the reset is
     * committed and announced first, and dropping the old layer's objects takes time proportional to their number.
     */
    public void dropUnreachableLayers() {
        inTransaction(catalog, c -> {
            collect(c);
            return null;
        });
    }

    /**
     * Makes the layer read-only: waits out its writers and the transactions that ran DDL on it, then refuses later
     * writes to its data and own tables with 40001 (and {@code rift.log_ddl} refuses later DDL on it).
     */
    private void freeze(Connection c, LayerStack.Layer layer) throws SQLException {
        LayerNames names = new LayerNames(layer.id());
        // A DDL statement logs itself first in its transaction, which takes a key-share lock on the layer's row.
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM rift.layers WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, layer.id());
            ps.executeQuery().close();
        }
        List<String> tables = new ArrayList<>(layer.tables().values().stream()
                .map(e -> names.dataTable(new TableId(e.schema(), e.table()))).toList());
        tables.addAll(ownTables(c, layer.id()));
        String lock = FrozenLayerDdl.lock(tables);
        if (lock != null) {
            Sql.execute(c, List.of(lock));
        }
        Sql.execute(c, FrozenLayerDdl.guard(names, tables));
        catalog.layers().freeze(c, layer.id());
        log.info("froze layer {} ({} tables)", layer.id(), tables.size());
    }

    /** The tables in a layer's own schemas, quoted. */
    private static List<String> ownTables(Connection c, long layer) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, k.relname FROM rift.layer_schemas s"
                + " JOIN pg_namespace n ON n.nspname = s.physical_schema JOIN pg_class k ON k.relnamespace = n.oid"
                + " WHERE s.layer_id = ? AND k.relkind = 'r' ORDER BY k.oid")) {
            ps.setLong(1, layer);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Quote.ident(rs.getString(1)) + "." + Quote.ident(rs.getString(2)));
                }
            }
        }
        return out;
    }

    private static void copyOwnObjects(Connection c, long frozen, long fresh) throws SQLException {
        TableShapeReader.qualifyNames(c);
        List<String> copy = new OwnObjectCopy(c, frozen, fresh).statements();
        Sql.execute(c, copy);
        if (!copy.isEmpty()) {
            log.info("copied the own objects of layer {} into layer {} ({} statements)", frozen, fresh, copy.size());
        }
    }

    /** Drops every layer no branch reaches any more, schemas and catalog rows. */
    private void collect(Connection c) throws SQLException {
        List<Long> unreachable = catalog.layers().unreachable(c);
        for (long layer : unreachable) {
            LayerSchemas.drop(c, layer);
        }
        catalog.layers().delete(c, unreachable);
        if (!unreachable.isEmpty()) {
            log.info("dropped layers {}", unreachable);
        }
    }

    /** Runs catalog work in one transaction, reporting failures as {@link OverlayException}s with their SQLSTATE. */
    static <T> T inTransaction(BranchCatalog catalog, BranchCatalog.SqlWork<T> work) {
        try {
            return catalog.inTransaction(work);
        } catch (CatalogException e) {
            throw new OverlayException(e.sqlState() == null ? "XX000" : e.sqlState(), e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new OverlayException("42602", e.getMessage(), e);
        }
    }

    static OverlayException noSuchBranch(String name) {
        return new OverlayException("3D000", "branch \"" + name + "\" does not exist");
    }

    private static OverlayException alreadyExists(String name) {
        return new OverlayException("42710", "branch \"" + name + "\" already exists");
    }

    private static String validName(String name) {
        try {
            return new BranchName(name).value();
        } catch (IllegalArgumentException e) {
            throw new OverlayException("42602", e.getMessage(), e);
        }
    }
}
