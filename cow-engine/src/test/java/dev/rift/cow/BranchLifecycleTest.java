package dev.rift.cow;

import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.Await;
import dev.rift.testsupport.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Creating, nesting, resetting, deleting and listing branches. */
@ExtendWith(UpstreamExtension.class)
class BranchLifecycleTest {
    private static final String SCHEMA = """
            CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, qty integer NOT NULL DEFAULT 0);
            INSERT INTO items SELECT g, 'item' || g, g FROM generate_series(1, 50) g;
            CREATE TABLE notes (body text);
            INSERT INTO notes VALUES ('a'), ('b');
            DO $$ BEGIN
              FOR i IN 1..40 LOOP
                EXECUTE format('CREATE TABLE filler_%s (id integer PRIMARY KEY, v text)', i);
              END LOOP;
            END $$;
            """;
    private static final String LAYER_RELATIONS = "SELECT count(*) FROM pg_class c JOIN pg_namespace n"
            + " ON n.oid = c.relnamespace WHERE n.nspname ~ '^rift_l[0-9]+'";
    private static final String LAYER_SCHEMAS = "SELECT count(*) FROM pg_namespace WHERE nspname ~ '^rift_l%s(_|$)'";

    private static EngineFixture fixture;
    private static OverlayEngine engine;

    @BeforeAll
    static void upstream(TestUpstream pg) throws SQLException {
        fixture = EngineFixture.start(pg, SCHEMA);
        engine = fixture.engine;
    }

    @AfterAll
    static void upstreamUnchanged() throws SQLException {
        fixture.close();
    }

    @Test
    void creatingBranchesRunsNoDdlWhateverTheUpstreamHolds() throws SQLException {
        long relationsBefore = scalar(LAYER_RELATIONS);
        String parent = fixture.newBranch();
        engine.createBranch(parent + "-child", parent);
        engine.createBranch(parent + "-grandchild", parent + "-child");
        assertEquals(relationsBefore, scalar(LAYER_RELATIONS));
        assertEquals(0, scalar(LAYER_SCHEMAS.formatted(engine.branchCatalog().branch(parent).orElseThrow().topLayer())));
        assertTrue(engine.state(parent + "-grandchild").isEmpty());
    }

    @Test
    void creationRefusesTakenReservedAndInvalidNamesAndMissingParents() {
        String taken = fixture.newBranch();
        assertEquals("42710", assertThrows(OverlayException.class, () -> engine.createBranch(taken, null)).sqlState());
        assertEquals("42710", assertThrows(OverlayException.class, () -> engine.createBranch("main", null)).sqlState());
        assertEquals("42602", assertThrows(OverlayException.class,
                () -> engine.createBranch("Not Valid", null)).sqlState());
        assertEquals("3D000", assertThrows(OverlayException.class,
                () -> engine.createBranch(taken + "-x", "no-such-parent")).sqlState());
        assertEquals("3D000", assertThrows(OverlayException.class, () -> engine.state("no-such-branch")).sqlState());
    }

    @Test
    void aChildSeesItsParentAsItWasAtCreationAndNeitherSeesTheOthersLaterWrites() throws SQLException {
        String parent = fixture.newBranch();
        String child = parent + "-child";
        run(parent, s -> s.update("items", "qty = 100", "id = 1"));
        engine.createBranch(child, parent);
        run(parent, s -> s.update("items", "qty = 200", "id IN (1, 2)"));
        run(child, s -> s.update("items", "qty = 300", "id = 3"));

        assertEquals(List.of("100", "2", "300"), quantities(child, 1, 2, 3));
        assertEquals(List.of("200", "200", "3"), quantities(parent, 1, 2, 3));
        assertEquals(List.of("1", "2", "3"), quantities("main", 1, 2, 3));
    }

    @Test
    void creatingAChildWaitsForTheParentsWritersAndThenRefusesWritersWithTheOldStateWith40001() throws Exception {
        String parent = fixture.newBranch();
        WriteTarget before = engine.prepareWrite(parent, BranchStatements.table("items"));
        try (Connection writer = fixture.connect(); Connection watcher = fixture.connect()) {
            writer.setAutoCommit(false);
            Outcomes.underSavepoint(writer, "INSERT INTO " + before.writeRelation() + " VALUES (500, 'in flight', 5)");
            CompletableFuture<Void> creating = CompletableFuture.runAsync(
                    () -> engine.createBranch(parent + "-child", parent));
            Await.until("the child's creation waits for the writer's lock", Duration.ofSeconds(20), () -> waitingOnALock(watcher));
            assertFalse(creating.isDone());
            writer.commit();
            creating.get(30, TimeUnit.SECONDS);

            writer.setAutoCommit(true);
            Outcome stale = Outcomes.inTransaction(writer,
                    List.of("INSERT INTO " + before.writeRelation() + " VALUES (501, 'stale', 5)"));
            assertEquals("40001", stale.sqlState());
        }
        assertEquals(List.of("5"), quantities(parent + "-child", 500));
        run(parent, s -> s.insert("items", "VALUES (501, 'fresh state', 5)"));
        assertEquals(List.of("5", "5"), quantities(parent, 500, 501));
    }

    @Test
    void resettingABranchEmptiesItAndDropsItsLayer() throws SQLException {
        String branch = fixture.newBranch();
        run(branch, s -> s.delete("items", "id = 4"));
        long layer = engine.branchCatalog().branch(branch).orElseThrow().topLayer();
        long version = engine.state(branch).version();
        assertEquals(List.of(), quantities(branch, 4));

        engine.resetBranch(branch);
        assertTrue(engine.state(branch).isEmpty());
        assertTrue(engine.state(branch).version() > version);
        assertEquals(quantities("main", 4), quantities(branch, 4));
        assertEquals(0, scalar(LAYER_SCHEMAS.formatted(layer)));
    }

    @Test
    void resettingAChildReturnsItToItsParentsStateAtItsCreation() throws SQLException {
        String parent = fixture.newBranch();
        String child = parent + "-child";
        run(parent, s -> s.update("items", "qty = 7", "id = 5"));
        engine.createBranch(child, parent);
        run(child, s -> s.update("items", "qty = 8", "id = 5"));
        engine.resetBranch(child);
        assertEquals(List.of("7"), quantities(child, 5));
    }

    @Test
    void resettingAParentAfterAChildWasMadeDiscardsTheParentsChangesFromBeforeTheChildToo() throws SQLException {
        String parent = fixture.newBranch();
        String child = parent + "-child";
        run(parent, s -> s.update("items", "qty = 7", "id = 5"));
        engine.createBranch(child, parent);
        run(parent, s -> s.update("items", "qty = 9", "id = 6"));
        engine.resetBranch(parent);
        assertEquals(quantities("main", 5, 6), quantities(parent, 5, 6));
        assertEquals(List.of("7"), quantities(child, 5), "the child keeps the parent's snapshot it was made from");
        engine.resetBranch(child);
        assertEquals(List.of("7"), quantities(child, 5), "a reset child still goes back to that snapshot");
    }

    @Test
    void deletingABranchWithChildrenIsRefusedUnlessForcedAndDropsEveryLayerItOwned() throws SQLException {
        String parent = fixture.newBranch();
        String child = parent + "-child";
        run(parent, s -> s.update("items", "qty = 0", "id = 6"));
        long frozen = engine.branchCatalog().branch(parent).orElseThrow().topLayer();
        engine.createBranch(child, parent);
        run(child, s -> s.update("items", "qty = 1", "id = 6"));
        long childLayer = engine.branchCatalog().branch(child).orElseThrow().topLayer();

        OverlayException refused = assertThrows(OverlayException.class, () -> engine.deleteBranch(parent, false));
        assertEquals("2BP01", refused.sqlState());
        assertTrue(refused.getMessage().contains(child), refused.getMessage());
        assertTrue(engine.branchCatalog().branch(child).isPresent());

        assertEquals(List.of(child, parent), engine.deleteBranch(parent, true));
        assertEquals(0, scalar(LAYER_SCHEMAS.formatted(frozen)));
        assertEquals(0, scalar(LAYER_SCHEMAS.formatted(childLayer)));
        assertEquals("3D000", assertThrows(OverlayException.class, () -> engine.state(child)).sqlState());
    }

    @Test
    void deletingAChildKeepsTheFrozenLayerItsParentStillReads() throws SQLException {
        String parent = fixture.newBranch();
        String child = parent + "-child";
        run(parent, s -> s.update("items", "qty = 70", "id = 7"));
        long frozen = engine.branchCatalog().branch(parent).orElseThrow().topLayer();
        engine.createBranch(child, parent);
        engine.deleteBranch(child, false);
        assertEquals(List.of("70"), quantities(parent, 7));
        assertTrue(scalar(LAYER_SCHEMAS.formatted(frozen)) > 0);
    }

    @Test
    void listingShowsRowsChangedBytesAndMaterializedTablesOfEachBranchsOwnLayers() throws SQLException {
        String parent = fixture.newBranch();
        String child = parent + "-child";
        run(parent, s -> s.update("items", "qty = qty + 1", "id BETWEEN 10 AND 12"));
        run(parent, s -> s.delete("items", "id = 13"));
        run(parent, s -> s.insert("items", "VALUES (1000, 'new', 1)"));
        run(parent, s -> s.insert("notes", "VALUES ('c')"));
        engine.createBranch(child, parent);
        run(child, s -> s.update("items", "qty = 0", "id = 14"));

        BranchSummary p = summary(parent);
        assertEquals(6, p.rowsChanged(), "five keys of items, and the row inserted into notes, held whole");
        assertEquals(List.of(BranchStatements.table("notes")), p.materialized());
        assertTrue(p.bytes() > 0);
        assertEquals(null, p.parent());
        BranchSummary c = summary(child);
        assertEquals(1, c.rowsChanged());
        assertEquals(parent, c.parent());
        assertEquals(List.of(), c.materialized());
        assertEquals("overlay", c.mode());
    }

    @Test
    void rowsChangedCountsWritesToTablesHeldWholeAsAComparisonWithWhatTheBranchStartedFrom() throws SQLException {
        String parent = fixture.newBranch();
        run(parent, s -> s.insert("notes", "VALUES ('c'), ('d')"));
        run(parent, s -> s.delete("notes", "body = 'a'"));
        assertEquals(3, summary(parent).rowsChanged(), "two rows inserted into notes and one deleted");
        String child = parent + "-child";
        engine.createBranch(child, parent);
        assertEquals(0, summary(child).rowsChanged(), "the child starts from its parent's notes");
        run(child, s -> s.update("notes", "body = 'z'", "body = 'b'"));
        assertEquals(2, summary(child).rowsChanged(), "an updated row without a key: one deleted and one inserted");
        assertEquals(3, summary(parent).rowsChanged(), "the child's writes are not its parent's");
    }

    @Test
    void anotherRiftProcessDropsItsCachedStateWhenABranchChanges(TestUpstream pg) throws Exception {
        String branch = fixture.newBranch();
        try (OverlayEngine other = OverlayEngine.open(UpstreamUrl.parse(pg.url(fixture.db)))) {
            assertTrue(other.state(branch).isEmpty());
            engine.prepareWrite(branch, BranchStatements.table("items"));
            Await.until("the other engine hears the change", Duration.ofSeconds(20), () -> !other.state(branch).isEmpty());
            assertEquals(engine.state(branch).readRelation(BranchStatements.table("items")),
                    other.state(branch).readRelation(BranchStatements.table("items")));
        }
    }

    // ------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface Write {
        List<String> statements(BranchStatements on);
    }

    private static void run(String branch, Write write) throws SQLException {
        try (Connection c = fixture.connect()) {
            Outcome o = Outcomes.inTransaction(c, write.statements(new BranchStatements(engine, branch)));
            assertFalse(o.failed(), () -> o.toString());
        }
    }

    private static List<String> quantities(String branch, int... ids) throws SQLException {
        String from = branch.equals("main") ? "public.items AS items" : new BranchStatements(engine, branch).read("items");
        StringBuilder in = new StringBuilder();
        for (int id : ids) {
            in.append(in.isEmpty() ? "" : ", ").append(id);
        }
        try (Connection c = fixture.connect()) {
            return Outcomes.inTransaction(c, List.of("SELECT qty FROM " + from + " WHERE id IN (" + in
                    + ") ORDER BY id")).rows().stream().map(r -> r.get(0)).toList();
        }
    }

    private static BranchSummary summary(String branch) {
        return engine.list().stream().filter(b -> b.name().equals(branch)).findFirst().orElseThrow();
    }

    private static long scalar(String sql) throws SQLException {
        try (Connection c = fixture.connect()) {
            return Long.parseLong(Outcomes.inTransaction(c, List.of(sql)).rows().get(0).get(0));
        }
    }

    private static boolean waitingOnALock(Connection watcher) {
        try {
            return !Outcomes.inTransaction(watcher, List.of("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'LOCK TABLE%'")).rows().isEmpty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
