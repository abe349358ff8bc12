package dev.rift.router.differential;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.OverlayException;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.RowChange;
import dev.rift.router.ProxyConfig;
import dev.rift.router.RiftServer;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.SchemaListing;
import dev.rift.testsupport.UserRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The branch operations on a branch made from a migrated branch (docs/ddl.md, "Branches of branches"): its diff
 * and schema diff against its parent, a merge into the parent, reset and delete. Each test makes a parent, runs
 * the migration of {@code differential/nested_ddl.sql} on it and on a full copy, makes a child (and a copy of the
 * parent's copy), and runs the child's and the parent's later phases on both.
 */
@ExtendWith(UpstreamExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NestedDdlOperationsTest {
    private static final DifferentialSuite.Protocol SIMPLE = DifferentialSuite.Protocol.SIMPLE;
    private static final List<String> CHILD_DDL = List.of(
            "ALTER TABLE coupons ADD COLUMN expires_on date",
            "CREATE INDEX coupons_code_lower_idx ON coupons (lower(code))",
            "ALTER TYPE coupon_kind ADD VALUE 'free'",
            "DROP VIEW coupon_totals",
            "CREATE VIEW coupon_totals AS SELECT kind, count(*) AS n FROM coupons GROUP BY kind");

    private TestUpstream pg;
    private String upstreamDb;
    private String pristine;
    private RiftServer rift;
    private final List<String> copies = new ArrayList<>();
    private final Map<String, Scenario> phases = new TreeMap<>();

    /** A parent and a child made from it after its migration, each with its copy; the child's copy at creation. */
    record Family(String parent, String parentCopy, String child, String childCopy, String childAtCreation) {
    }

    @BeforeAll
    void start(TestUpstream upstream) throws Exception {
        pg = upstream;
        upstreamDb = FixtureDatabase.create(pg, "CREATE SCHEMA \"Sales\"");
        pristine = pg.copyDatabase(upstreamDb);
        rift = RiftServer.start(ProxyConfig.of("127.0.0.1", 0, UpstreamUrl.parse(pg.url(upstreamDb))));
        rift.engine().install();
        for (Scenario s : Scenario.load("/differential/nested_ddl.sql")) {
            phases.put(s.name(), s);
        }
    }

    @AfterAll
    void stop() {
        try {
            rift.close();
        } finally {
            copies.forEach(pg::dropDatabase);
            pg.dropDatabase(pristine);
            pg.dropDatabase(upstreamDb);
        }
    }

    @Test
    void theDiffOfAChildAgainstItsParentListsTheRowsThatDifferBetweenTheirCopies() throws Exception {
        Family f = family("diff");
        Map<String, List<String>> expected;
        try (Connection child = pg.connect(f.childCopy()); Connection parent = pg.connect(f.parentCopy())) {
            expected = CopyRowDiff.of(child, parent);
        }
        Map<String, List<String>> actual = new TreeMap<>();
        try (BranchDiff diff = rift.engine().diff(f.child(), f.parent())) {
            assertEquals(f.parent(), diff.against());
            for (DiffTable t : diff.tables()) {
                List<String> changes = new ArrayList<>();
                diff.rows(t, change -> changes.add(describe(t, change)));
                if (!changes.isEmpty()) {
                    changes.sort(null);
                    actual.put(t.table().schema() + "." + t.table().name(), changes);
                }
            }
        }
        assertTrue(expected.keySet().containsAll(List.of("public.coupons", "public.settings", "public.audit_log",
                "Sales.targets")), expected.toString());
        assertEquals(expected, actual);
    }

    @Test
    void theSchemaDiffOfAChildListsTheDdlItRanAfterItWasMadeAndNotARolledBackStatement() throws Exception {
        Family f = family("sd");
        assertEquals(CHILD_DDL, statements(rift.engine().schemaDiff(f.child(), f.parent())));
        assertEquals(List.of("ALTER TABLE coupons DROP COLUMN kind"),
                statements(rift.engine().schemaDiff(f.parent(), f.child())));
        List<String> againstMain = statements(rift.engine().schemaDiff(f.child(), "main"));
        assertEquals(CHILD_DDL, againstMain.subList(againstMain.size() - CHILD_DDL.size(), againstMain.size()));
        assertEquals("CREATE TYPE coupon_kind AS ENUM ('percent', 'fixed')", againstMain.get(0),
                "the parent's migration, which the child inherited, comes first against main");
    }

    @Test
    void mergingAChildWhoseTablesAreOwnOnBothSidesIsRefusedAndChangesNothing() throws Exception {
        Family f = family("merge");
        OverlayException refused = assertThrows(OverlayException.class, () -> rift.engine().merge(f.child(), f.parent()));
        assertEquals("0A000", refused.sqlState(), refused.getMessage());
        assertTrue(refused.getMessage().contains("each hold their own copy"), refused.getMessage());
        assertSameDatabase(f.parentCopy(), f.parent(), "parent");
    }

    @Test
    void resettingAChildBringsBackItsParentsSchemaRowsAndSequencesAsTheyWereWhenItWasMadeAndAParentResetLeavesIt() throws Exception {
        Family f = family("reset");
        rift.engine().resetBranch(f.child());
        assertSameDatabase(f.childAtCreation(), f.child(), "reset child");
        assertSameDatabase(f.parentCopy(), f.parent(), "parent");
        try (Connection child = branch(f.child()); Statement st = child.createStatement();
             Connection copy = pg.connect(f.childAtCreation()); Statement cst = copy.createStatement()) {
            String insert = "INSERT INTO coupons (customer_id, code, amount) VALUES (11, 'AFTER RESET', 1) RETURNING id";
            assertEquals(single(cst, insert), single(st, insert), "the serial continues from the parent's position");
        }
        rift.engine().resetBranch(f.parent());
        assertSameDatabase(pristine, f.parent(), "reset parent");
        try (Connection child = branch(f.child()); Statement st = child.createStatement();
             Connection copy = pg.connect(f.childAtCreation()); Statement cst = copy.createStatement()) {
            String read = "SELECT string_agg(code, ',' ORDER BY id) FROM coupons";
            assertEquals(single(cst, read), single(st, read), "the child keeps the frozen layer the parent left");
        }
    }

    @Test
    void deletingTheChildAndThenTheParentLeavesNoLayerSchemasOrCatalogRows() throws Exception {
        Set<String> before;
        try (Connection u = pg.connect(upstreamDb)) {
            before = layerSchemas(u);
        }
        Family f = family("delete");
        String grandchild = "delete-grandchild";
        rift.engine().createBranch(grandchild, f.child());
        OverlayException refused = assertThrows(OverlayException.class,
                () -> rift.engine().deleteBranch(f.child(), false));
        assertEquals("2BP01", refused.sqlState(), "a branch with children is deleted only by force");
        assertEquals(List.of(grandchild), rift.engine().deleteBranch(grandchild, false));
        assertEquals(List.of(f.child(), f.parent()), rift.engine().deleteBranch(f.parent(), true));
        try (Connection u = pg.connect(upstreamDb); Statement st = u.createStatement()) {
            assertEquals(before, layerSchemas(u), "schemas of the deleted branches' layers are left");
            assertEquals("0", single(st, "SELECT count(*) FROM rift.layer_schemas s WHERE NOT EXISTS"
                    + " (SELECT 1 FROM pg_namespace n WHERE n.nspname = s.physical_schema)"), "orphaned rows");
            assertEquals("0", single(st, "SELECT count(*) FROM rift.layers l WHERE NOT EXISTS (SELECT 1 FROM"
                    + " rift.branches b WHERE b.top_layer = l.id) AND NOT EXISTS (SELECT 1 FROM rift.layers a"
                    + " WHERE a.below = l.id)"), "layers no branch reaches");
        }
    }

    @Test
    void aParentWithAnOwnRangeTypeCannotHaveBranchesYetAndTheRefusalChangesNothing() throws Exception {
        String parent = "range-staging";
        rift.engine().createBranch(parent, null);
        try (Connection p = branch(parent); Statement st = p.createStatement()) {
            st.execute("CREATE TYPE int_span AS RANGE (subtype = int4)");
            st.execute("CREATE TABLE spans (id int PRIMARY KEY, span int_span)");
            st.execute("INSERT INTO spans VALUES (1, '[1,5)')");
        }
        String layersBefore = layers();
        OverlayException refused = assertThrows(OverlayException.class,
                () -> rift.engine().createBranch("range-pr", parent));
        assertEquals("0A000", refused.sqlState(), refused.getMessage());
        assertTrue(refused.getMessage().contains("type public.int_span"), refused.getMessage());
        assertEquals(layersBefore, layers(), "no layer was frozen or made");
        try (Connection p = branch(parent); Statement st = p.createStatement()) {
            st.execute("INSERT INTO spans VALUES (2, '[2,3)')");
            assertEquals("2", single(st, "SELECT count(*) FROM spans"), "the parent still writes its own tables");
        }
        OverlayException missing = assertThrows(OverlayException.class, () -> rift.engine().diff("range-pr", null));
        assertEquals("3D000", missing.sqlState());
    }

    @Test
    void aSessionStillHoldingTheParentsOldStateCannotWriteOrRunDdlInTheFrozenLayer() throws Exception {
        Family f = family("stale");
        try (Connection u = pg.connect(upstreamDb); Statement st = u.createStatement()) {
            String frozen = single(st, "SELECT base_layer FROM rift.branches WHERE name = '" + f.child() + "'");
            // What an old state's statements would do: write to the frozen own table, log DDL to the frozen layer.
            SQLException write = assertThrows(SQLException.class, () -> st.executeUpdate("INSERT INTO rift_o"
                    + frozen + "_public.coupon_cache VALUES ('STALE', 1)"));
            assertEquals("40001", write.getSQLState(), write.getMessage());
            SQLException ddl = assertThrows(SQLException.class, () -> st.execute("SELECT rift.log_ddl(" + frozen
                    + ", '" + f.parent() + "', 'CREATE TABLE stale (id int)')"));
            assertEquals("40001", ddl.getSQLState(), ddl.getMessage());
        }
        assertSameDatabase(f.childCopy(), f.child(), "child");
    }

    @Test
    void aParentSessionOpenWhileAChildIsMadeGoesOnWritingAndMigratingTheParentOnly() throws Exception {
        String parentCopy = copy(pristine);
        String parent = "held-staging";
        rift.engine().createBranch(parent, null);
        run("parent: the migration", parent, parentCopy);
        String childCopy = copy(parentCopy);
        try (Connection held = branch(parent); Statement st = held.createStatement();
             Connection onCopy = pg.connect(parentCopy); Statement cst = onCopy.createStatement()) {
            assertEquals(single(cst, "SELECT count(*) FROM coupons"), single(st, "SELECT count(*) FROM coupons"));
            rift.engine().createBranch("held-pr", parent);
            String insert = "INSERT INTO coupons (customer_id, code, amount) VALUES (12, 'HELD', 2) RETURNING id";
            assertEquals(single(cst, insert), single(st, insert));
            for (String ddl : List.of("ALTER TABLE coupons ADD COLUMN held boolean NOT NULL DEFAULT true",
                    "CREATE TABLE held_notes (id serial PRIMARY KEY, body text)")) {
                cst.execute(ddl);
                st.execute(ddl);
            }
        }
        assertSameDatabase(parentCopy, parent, "parent");
        assertSameDatabase(childCopy, "held-pr", "child");
    }

    /** The parent with its migration, a child made from it, then the child's phase and the parent's later one. */
    private Family family(String prefix) throws Exception {
        String parentCopy = copy(pristine);
        String parent = prefix + "-staging";
        rift.engine().createBranch(parent, null);
        run("parent: the migration", parent, parentCopy);
        String childCopy = copy(parentCopy);
        String childAtCreation = copy(parentCopy);
        String child = prefix + "-pr";
        rift.engine().createBranch(child, parent);
        run("child: reads the migrated schema, writes and migrates on its own", child, childCopy);
        run("parent: writes after the child was made", parent, parentCopy);
        return new Family(parent, parentCopy, child, childCopy, childAtCreation);
    }

    private void run(String phase, String branch, String copy) throws Exception {
        try (Connection b = branch(branch);
             Connection c = DifferentialSuite.connect(pg.host(), pg.port(), copy, SIMPLE, pg.user(), pg.password())) {
            DifferentialSuite.compare(phases.get(phase), SIMPLE, b, c);
        }
    }

    private Connection branch(String name) throws Exception {
        return DifferentialSuite.branch("127.0.0.1", rift.port(), name, SIMPLE, pg.user(), pg.password());
    }

    private void assertSameDatabase(String copy, String branch, String what) throws Exception {
        try (Connection c = pg.connect(copy); Connection b = branch(branch)) {
            assertEquals(SchemaListing.of(c), SchemaListing.of(b), "the " + what + "'s schema");
            assertEquals(UserRows.of(c), UserRows.of(b), "the " + what + "'s rows and sequences");
        }
    }

    private String copy(String template) {
        String db = pg.copyDatabase(template);
        copies.add(db);
        return db;
    }

    /** A change as {@link CopyRowDiff} writes it. */
    private static String describe(DiffTable t, RowChange change) {
        if (!t.keyColumns().isEmpty()) {
            return change.kind() + " " + change.key();
        }
        Map<String, String> values = change.kind() == RowChange.Kind.DELETED ? change.oldValues() : change.newValues();
        List<String> row = new ArrayList<>();
        t.columns().forEach(c -> row.add(values.get(c)));
        return change.kind() + " " + row;
    }

    private static List<String> statements(List<DdlLogEntry> log) {
        return log.stream().map(DdlLogEntry::statement).toList();
    }

    private String layers() throws SQLException {
        try (Connection u = pg.connect(upstreamDb); Statement st = u.createStatement()) {
            return single(st, "SELECT string_agg(id || ':' || frozen, ',' ORDER BY id) FROM rift.layers");
        }
    }

    private static Set<String> layerSchemas(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname ~ '^rift_[lov][0-9]+'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
