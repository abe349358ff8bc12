package dev.rift.cow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.rift.cow.catalog.CatalogViews;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.BranchDiffs;
import dev.rift.cow.merge.BranchMerge;
import dev.rift.cow.merge.BranchMerges;
import dev.rift.cow.layer.BranchListing;
import dev.rift.cow.layer.BranchSnapshot;
import dev.rift.cow.layer.BranchStates;
import dev.rift.cow.layer.Branches;
import dev.rift.cow.layer.LayerPreparation;
import dev.rift.cow.layer.SchemaChanges;
import dev.rift.cow.layer.SchemaLog;
import dev.rift.cow.upstream.PgUpstreamCatalog;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchEvents;
import dev.rift.storage.catalog.BranchRecord;
import dev.rift.storage.catalog.CatalogException;
import dev.rift.storage.catalog.SessionRoles;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * The overlay engine: branch states for the router, preparation of writes, and the branch operations the CLI runs.
 * Thread-safe; every method may block on JDBC.
 *
 * <p>States are cached per branch and dropped on every change, this process's own at once and other processes'
 * when their {@code NOTIFY rift_branches} arrives. A write target taken from a state another process has just
 * frozen (by creating a child branch) is refused by the frozen layer with SQLSTATE 40001, never applied.
 */
public final class OverlayEngine implements Overlay, AutoCloseable {
    private static final int MAX_TARGETS = 100_000;

    private final BranchCatalog catalog;
    private final BranchEvents events;
    private final boolean owned;
    private final BranchStates states;
    private final LayerPreparation preparation;
    private final Branches branches;
    private final BranchListing listing;
    private final PgUpstreamCatalog upstream;
    private final SchemaChanges schemaChanges;
    private final LayerTableOrigins layerTableOrigins;
    /** Write targets by (layer, table): a layer's objects never change once made, so these never go stale. */
    private final Cache<TargetKey, WriteTarget> targets = Caffeine.newBuilder().maximumSize(MAX_TARGETS).build();

    private record TargetKey(long layer, TableId table) {
    }

    /**
     * Logins given lately, by (client role, branch): a layer object made later is granted to the branch's session
     * roles by the preparation that makes it ({@code SessionRoles.grantBranch}), so the next session within this time
     * skips the catalog round trip; after it, the upstream's grants are mirrored again (a grant revoked upstream
     * reaches branches by then).
     */
    private final Cache<List<String>, SessionRoles.Login> logins = Caffeine.newBuilder()
            .expireAfterWrite(java.time.Duration.ofSeconds(30)).maximumSize(10_000).build();

    /** An engine over its own catalog pool and notification listener, both closed by {@link #close()}. */
    public static OverlayEngine open(UpstreamUrl upstream) {
        BranchCatalog catalog = BranchCatalog.open(upstream);
        try {
            return new OverlayEngine(catalog, BranchEvents.start(upstream), true);
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /** An engine over the caller's catalog and (optional, may be null) listener, which the caller closes. */
    public OverlayEngine(BranchCatalog catalog, BranchEvents events) {
        this(catalog, events, false);
    }

    private OverlayEngine(BranchCatalog catalog, BranchEvents events, boolean owned) {
        this.catalog = catalog;
        this.events = events;
        this.owned = owned;
        this.states = new BranchStates(catalog);
        this.preparation = new LayerPreparation(catalog);
        this.branches = new Branches(catalog);
        this.listing = new BranchListing(catalog);
        this.upstream = new PgUpstreamCatalog(catalog.dataSource());
        this.schemaChanges = new SchemaChanges(catalog);
        this.layerTableOrigins = new LayerTableOrigins(catalog.dataSource());
        if (events != null) {
            events.subscribe(states);
            // A branch deleted (and made again) by any process: its session roles were dropped with it.
            events.subscribe(new BranchEvents.Listener() {
                @Override
                public void changed(String branch) {
                    forgetLogins(branch);
                }

                @Override
                public void missed() {
                    logins.invalidateAll();
                }
            });
        }
    }

    /** {@code rift init}: installs the catalog and the catalog views branches show (idempotent). */
    public void install() {
        try {
            catalog.install();
        } catch (CatalogException e) {
            throw new OverlayException(e.sqlState(), e.getMessage(), e);
        }
        try (Connection c = catalog.dataSource().getConnection()) {
            CatalogViews.install(c);
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot install the rift catalog views: " + e.getMessage(), e);
        }
    }

    public BranchCatalog branchCatalog() {
        return catalog;
    }

    @Override
    public BranchSnapshot state(String branch) {
        return states.get(branch);
    }

    @Override
    public ColumnOrigins columnOrigins(BranchState state) {
        return state instanceof BranchSnapshot s && !s.layerTables().isEmpty() ? layerTableOrigins.of(s)
                : ColumnOrigins.NONE;
    }

    @Override
    public PgUpstreamCatalog catalog() {
        return upstream;
    }

    @Override
    public WriteTarget prepareWrite(String branch, TableId table) {
        BranchSnapshot state = states.get(branch);
        if (state.writable(table)) {
            WriteTarget known = targets.getIfPresent(new TargetKey(state.topLayer(), table));
            if (known != null) {
                return known;
            }
        }
        LayerPreparation.Prepared<WriteTarget> prepared = preparation.prepareWrite(branch, table);
        if (prepared.changed()) {
            states.invalidate(branch);
        }
        targets.put(new TargetKey(prepared.layer(), table), prepared.result());
        return prepared.result();
    }

    @Override
    public String prepareSequence(String branch, TableId sequence) {
        BranchSnapshot state = states.get(branch);
        if (state.sequence(sequence).isPresent()) {
            return state.sequence(sequence).get();
        }
        LayerPreparation.Prepared<String> prepared = preparation.prepareSequence(branch, sequence);
        if (prepared.changed()) {
            states.invalidate(branch);
        }
        return prepared.result();
    }

    @Override
    public void prepareOwnSchemas(String branch, List<String> logicalSchemas) {
        if (schemaChanges.prepareOwnSchemas(branch, logicalSchemas)) {
            states.invalidate(branch);
        }
    }

    @Override
    public void createBranchSchema(String branch, String logicalSchema, String clientRole) {
        if (schemaChanges.createBranchSchema(branch, logicalSchema, clientRole)) {
            states.invalidate(branch);
        }
    }

    @Override
    public MaterializationPlan materialize(String branch, Set<TableId> tables, Set<TableId> sequences) {
        return schemaChanges.materialize(states.get(branch), tables, sequences);
    }

    @Override
    public TypeCopyPlan copyTypes(String branch, List<TypeName> types) {
        return schemaChanges.copyTypes(states.get(branch), types);
    }

    /**
     * What a session of {@code clientRole} on {@code branch} logs in to the upstream as: its session role, made when
     * missing, with its privileges brought up to date (docs/security.md). Call after the client authenticated.
     */
    public SessionRoles.Login sessionLogin(String branch, String clientRole) {
        List<String> key = List.of(clientRole, branch);
        SessionRoles.Login known = logins.getIfPresent(key);
        if (known != null) {
            return known;
        }
        try {
            SessionRoles.Login login = catalog.inTransaction(c -> SessionRoles.prepare(c, clientRole, branch));
            logins.put(key, login);
            return login;
        } catch (CatalogException e) {
            throw new OverlayException(e.sqlState() == null ? "XX000" : e.sqlState(), e.getMessage(), e);
        }
    }

    @Override
    public String sessionRole(String branch, String clientRole) {
        try {
            boolean exists = catalog.inTransaction(c -> {
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                    ps.setString(1, clientRole);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                }
            });
            if (!exists) {
                throw new OverlayException("42704", "role \"" + clientRole + "\" does not exist");
            }
        } catch (CatalogException e) {
            throw new OverlayException(e.sqlState() == null ? "XX000" : e.sqlState(), e.getMessage(), e);
        }
        return sessionLogin(branch, clientRole).role();
    }

    private void forgetLogins(String branch) {
        logins.asMap().keySet().removeIf(k -> k.get(1).equals(branch));
    }

    @Override
    public void forget(String branch) {
        forgetLogins(branch);
        states.invalidate(branch);
    }

    /** Creates a branch from {@code parent} (null or "main": the upstream). O(1) in the upstream's size. */
    public BranchRecord createBranch(String name, String parent) {
        try {
            return branches.create(name, parent);
        } finally {
            states.invalidate(name);
            if (parent != null) {
                states.invalidate(parent);
            }
        }
    }

    /** Deletes a branch (and with {@code force}, the branches made from it); returns the deleted, deepest first. */
    public List<String> deleteBranch(String name, boolean force) {
        List<String> deleted = branches.delete(name, force);
        deleted.forEach(this::forget);
        return deleted;
    }

    /**
     * Empties a branch back to the state it was created with (data, schema, sequences), then drops what it held.
     */
    public BranchReset resetBranch(String name) {
        long start = System.nanoTime();
        try {
            branches.moveToFreshTop(name);
        } finally {
            states.invalidate(name);
        }
        long visible = System.nanoTime();
        branches.dropUnreachableLayers();
        return new BranchReset(name, java.time.Duration.ofNanos(visible - start),
                java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    /** The DDL {@code branch} ran that {@code against} (null or "main": the upstream) does not have, in order. */
    public List<DdlLogEntry> schemaDiff(String branch, String against) {
        return new SchemaLog(catalog).divergence(branch, against);
    }

    /**
     * Opens the diff of {@code branch} against {@code against} (null: its parent; "main": the upstream), read from
     * one snapshot that stays open until the diff is closed (docs/diff.md).
     */
    public BranchDiff diff(String branch, String against) {
        return new BranchDiffs(catalog).open(branch, against);
    }

    /**
     * Opens the merge of {@code branch} into {@code into} (null: its parent; "main": the upstream): its changed keys
     * three ways, read from one snapshot; apply it with {@link dev.rift.cow.merge.MergeApplication}.
     */
    public BranchMerge merge(String branch, String into) {
        return new BranchMerges(catalog).open(branch, into);
    }

    public List<BranchSummary> list() {
        return listing.list();
    }

    @Override
    public void close() {
        if (events != null) {
            events.unsubscribe(states);
        }
        if (owned) {
            if (events != null) {
                events.close();
            }
            catalog.close();
        }
    }
}
