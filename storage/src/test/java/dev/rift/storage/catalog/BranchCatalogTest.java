package dev.rift.storage.catalog;

import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(UpstreamExtension.class)
class BranchCatalogTest {
    private static TestUpstream pg;
    private static String db;
    private static BranchCatalog catalog;

    @BeforeAll
    static void freshDatabase(TestUpstream upstream) {
        pg = upstream;
        db = pg.createDatabase();
        catalog = BranchCatalog.open(UpstreamUrl.parse(pg.url(db)));
        catalog.install();
    }

    @AfterAll
    static void dropDatabase() {
        catalog.close();
        pg.dropDatabase(db);
    }

    @Test
    void aFreshDatabaseIsNotInstalledUntilInstallRunsAndInstallingTwiceChangesNothing() throws SQLException {
        String other = pg.createDatabase();
        try (BranchCatalog c = BranchCatalog.open(UpstreamUrl.parse(pg.url(other)))) {
            assertFalse(c.isInstalled());
            c.install();
            String before = catalogDefinition(other);
            c.install();
            assertTrue(c.isInstalled());
            assertEquals(before, catalogDefinition(other));
            assertEquals(List.of("schema_version=" + CatalogSchema.VERSION), metaRows(other));
        } finally {
            pg.dropDatabase(other);
        }
    }

    @Test
    void fourProcessesInstallingAtOnceAllSucceed() throws Exception {
        String other = pg.createDatabase();
        int installers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(installers);
        CyclicBarrier start = new CyclicBarrier(installers);
        List<BranchCatalog> catalogs = new ArrayList<>();
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < installers; i++) {
                BranchCatalog c = BranchCatalog.open(UpstreamUrl.parse(pg.url(other)));
                catalogs.add(c);
                Callable<Boolean> install = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    c.install();
                    return c.isInstalled();
                };
                results.add(pool.submit(install));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(60, TimeUnit.SECONDS));
            }
            assertEquals(List.of("schema_version=" + CatalogSchema.VERSION), metaRows(other));
        } finally {
            pool.shutdownNow();
            catalogs.forEach(BranchCatalog::close);
            pg.dropDatabase(other);
        }
    }

    @Test
    void aBranchIsReadBackWithItsStackTopToBottomAndItsLayerEntries() {
        long[] ids = catalog.inTransaction(c -> {
            long bottom = catalog.layers().insertLayer(c, null);
            long middle = catalog.layers().insertLayer(c, bottom);
            long top = catalog.layers().insertLayer(c, middle);
            catalog.layers().freeze(c, bottom);
            catalog.insertBranch(c, "stacked", null, top);
            catalog.layers().addTable(c, new LayerEntry(middle, 16400, "public", "Accounts", LayerEntry.Kind.DELTA));
            catalog.layers().addTable(c, new LayerEntry(top, 16500, "sales", "log", LayerEntry.Kind.COPY));
            catalog.layers().addSequence(c, new SequenceEntry(top, 16401, "public", "accounts_id_seq"));
            return new long[] {bottom, middle, top};
        });

        BranchRecord b = catalog.branch("stacked").orElseThrow();
        assertEquals(ids[2], b.topLayer());
        assertNull(b.parent());
        assertEquals("overlay", b.mode());
        assertTrue(b.version() > 0);
        assertEquals(List.of(new LayerRecord(ids[2], ids[1], false), new LayerRecord(ids[1], ids[0], false),
                new LayerRecord(ids[0], null, true)), catalog.stack("stacked"));
        catalog.inTransaction(c -> {
            assertEquals(List.of(new LayerEntry(ids[1], 16400, "public", "Accounts", LayerEntry.Kind.DELTA),
                            new LayerEntry(ids[2], 16500, "sales", "log", LayerEntry.Kind.COPY)),
                    catalog.layers().tables(c, List.of(ids[0], ids[1], ids[2])));
            assertEquals(List.of(new SequenceEntry(ids[2], 16401, "public", "accounts_id_seq")),
                    catalog.layers().sequences(c, List.of(ids[2])));
            return null;
        });
        assertTrue(catalog.branches().stream().anyMatch(r -> r.name().equals("stacked")));
    }

    @Test
    void invalidBranchNamesAreRefusedBeforeAnySqlRuns() {
        assertThrows(IllegalArgumentException.class, () -> catalog.branch("x'); DROP SCHEMA rift CASCADE; --"));
        assertThrows(IllegalArgumentException.class, () -> catalog.branch("Main"));
        assertTrue(catalog.isInstalled());
    }

    @Test
    void theDatabaseItselfRefusesBadNamesWrittenAroundTheCatalog() throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO rift.branches (name, top_layer) VALUES ('Bad Name', (SELECT min(id) FROM rift.layers))"));
            assertEquals("23514", e.getSQLState());
        }
    }

    @Test
    void descendantsComeDeepestFirstAndLayersNoBranchReachesAreReported() {
        catalog.inTransaction(c -> {
            long root = catalog.layers().insertLayer(c, null);
            catalog.insertBranch(c, "family-a", null, root);
            long mid = catalog.layers().insertLayer(c, root);
            catalog.insertBranch(c, "family-b", "family-a", mid);
            long leaf = catalog.layers().insertLayer(c, mid);
            catalog.insertBranch(c, "family-c", "family-b", leaf);
            assertEquals(List.of("family-c", "family-b"), catalog.descendants(c, "family-a"));

            catalog.deleteBranch(c, "family-c");
            assertTrue(catalog.layers().unreachable(c).contains(leaf));
            assertFalse(catalog.layers().unreachable(c).contains(mid));
            catalog.layers().delete(c, catalog.layers().unreachable(c));
            assertTrue(catalog.layers().unreachable(c).isEmpty());
            return null;
        });
        assertEquals(Optional.empty(), catalog.branch("family-c"));
    }

    @Test
    void changesAreAnnouncedOnCommitToEveryListener() throws Exception {
        long layer = catalog.inTransaction(c -> catalog.layers().insertLayer(c, null));
        catalog.inTransaction(c -> {
            catalog.insertBranch(c, "announced", null, layer);
            return null;
        });
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (BranchEvents events = BranchEvents.start(UpstreamUrl.parse(pg.url(db)))) {
            events.subscribe(heard::add);
            assertTrue(events.awaitListening(10, TimeUnit.SECONDS));

            long before = catalog.branch("announced").orElseThrow().version();
            catalog.inTransaction(c -> {
                catalog.bumpVersion(c, "announced");
                return null;
            });
            assertEquals("announced", heard.poll(10, TimeUnit.SECONDS));
            assertTrue(catalog.branch("announced").orElseThrow().version() > before);
        }
    }

    @Test
    void aRolledBackChangeIsNeitherStoredNorAnnounced() throws Exception {
        long layer = catalog.inTransaction(c -> catalog.layers().insertLayer(c, null));
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (BranchEvents events = BranchEvents.start(UpstreamUrl.parse(pg.url(db)))) {
            events.subscribe(heard::add);
            assertTrue(events.awaitListening(10, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, () -> catalog.inTransaction(c -> {
                catalog.insertBranch(c, "never", null, layer);
                throw new IllegalStateException("abandon");
            }));
            catalog.inTransaction(c -> {
                catalog.insertBranch(c, "after-never", null, layer);
                return null;
            });
            assertEquals("after-never", heard.poll(10, TimeUnit.SECONDS));
        }
        assertEquals(Optional.empty(), catalog.branch("never"));
    }

    private String catalogDefinition(String database) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname)"
                     + " FROM pg_class c WHERE c.relnamespace = 'rift'::regnamespace")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private List<String> metaRows(String database) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT key || '=' || value FROM rift.meta ORDER BY key")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @Test
    void aBranchCreatedAgainUnderADeletedBranchsNameNeverRepeatsAVersion() {
        long layer = catalog.inTransaction(c -> catalog.layers().insertLayer(c, null));
        catalog.inTransaction(c -> {
            catalog.insertBranch(c, "reborn", null, layer);
            catalog.bumpVersion(c, "reborn");
            return null;
        });
        long first = catalog.branch("reborn").orElseThrow().version();
        catalog.inTransaction(c -> {
            catalog.deleteBranch(c, "reborn");
            catalog.insertBranch(c, "reborn", null, layer);
            return null;
        });
        assertTrue(catalog.branch("reborn").orElseThrow().version() > first);
    }
}
