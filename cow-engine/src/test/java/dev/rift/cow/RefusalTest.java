package dev.rift.cow;

import dev.rift.cow.layer.BranchSnapshot;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tables no layer can hold are refused with 0A000, naming the table and the reason. (Tables with triggers, exclusion
 * constraints, unique indexes on expressions or row-level security were refused here too; WholeCopyTest now writes them, unless a trigger
 * calls a SECURITY DEFINER function.)
 */
@ExtendWith(UpstreamExtension.class)
class RefusalTest {
    private static final String SCHEMA = """
            CREATE TABLE measurements (id integer, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
            CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE cities (id integer PRIMARY KEY, name text);
            CREATE TABLE capitals (country text) INHERITS (cities);
            CREATE TABLE ruled (id integer PRIMARY KEY);
            CREATE RULE ruled_notify AS ON INSERT TO ruled DO ALSO NOTIFY ruled;
            CREATE FOREIGN DATA WRAPPER nowhere;
            CREATE SERVER nowhere FOREIGN DATA WRAPPER nowhere;
            CREATE FOREIGN TABLE remote (id integer) SERVER nowhere;
            CREATE TABLE owners (id integer PRIMARY KEY);
            CREATE TABLE owned (id integer PRIMARY KEY, owner_id integer REFERENCES owners ON DELETE CASCADE);
            CREATE RULE owned_notify AS ON DELETE TO owned DO ALSO NOTIFY owned;
            CREATE FUNCTION as_owner() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN RETURN NEW; END $$;
            CREATE TABLE definer (id integer PRIMARY KEY);
            CREATE TRIGGER definer_as_owner BEFORE INSERT ON definer FOR EACH ROW EXECUTE FUNCTION as_owner();
            """;

    private static EngineFixture fixture;

    @BeforeAll
    static void upstream(TestUpstream pg) throws SQLException {
        fixture = EngineFixture.start(pg, SCHEMA);
    }

    @AfterAll
    static void upstreamUnchanged() throws SQLException {
        fixture.close();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "cities, other tables inherit from it",
            "capitals, inherits from another table",
            "ruled, rules",
            "remote, foreign table",
            "owners, \"public.owned\"",
            "definer, definer_as_owner (public.as_owner) call SECURITY DEFINER functions"})
    void aTableTheOverlayCannotRepresentIsRefusedWith0A000AndLeavesNothingBehind(String table, String reason)
            throws SQLException {
        String branch = fixture.newBranch();
        OverlayException e = assertThrows(OverlayException.class,
                () -> fixture.engine.prepareWrite(branch, BranchStatements.table(table)));
        assertEquals("0A000", e.sqlState());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(fixture.engine.state(branch).isEmpty());
        try (Connection c = fixture.connect()) {
            assertEquals(List.of(List.of("0")), Outcomes.inTransaction(c, List.of("SELECT count(*) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname ~ '^rift_l'")).rows());
        }
    }

    @Test
    void aWriteToAPartitionHoldsItsWholeTreeAndAChildBranchCopiesItAgain() throws SQLException {
        String branch = fixture.newBranch();
        WriteTarget target = fixture.engine.prepareWrite(branch, BranchStatements.table("measurements_2024"));
        BranchSnapshot state = fixture.engine.state(branch);
        String root = state.readRelation(BranchStatements.table("measurements")).orElseThrow();
        // both members are read as the layer's copies themselves, so ONLY and tableoid mean what they mean upstream
        assertEquals(java.util.Set.of(root, target.writeRelation()), state.partitionCopies().keySet());
        try (Connection c = fixture.connect()) {
            Outcomes.inTransaction(c, List.of("INSERT INTO " + root + " VALUES (1, '2024-05-01')"));
        }
        String child = branch + "_child";
        fixture.engine.createBranch(child, branch);
        WriteTarget childRoot = fixture.engine.prepareWrite(child, BranchStatements.table("measurements"));
        String childPartition = fixture.engine.state(child).readRelation(BranchStatements.table("measurements_2024"))
                .orElseThrow();
        assertTrue(!childRoot.writeRelation().equals(root), "the child holds its own copy of the tree");
        try (Connection c = fixture.connect()) {
            assertEquals(List.of(List.of("1")), Outcomes.inTransaction(c, List.of("SELECT count(*) FROM "
                    + childPartition)).rows(), "the child's partition copy was filled through its root");
        }
    }

    @Test
    void aMissingTableIs42P01AndASequenceNameThatIsATableIs42809() {
        String branch = fixture.newBranch();
        assertEquals("42P01", assertThrows(OverlayException.class,
                () -> fixture.engine.prepareWrite(branch, BranchStatements.table("no_such_table"))).sqlState());
        assertEquals("42809", assertThrows(OverlayException.class,
                () -> fixture.engine.prepareSequence(branch, BranchStatements.table("owners"))).sqlState());
    }
}
