package dev.rift.cow;

import dev.rift.testsupport.Outcome;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables without a primary key are copied whole into the branch's layer at the first write. */
class CopyTableTest extends BranchVersusCopyTest {
    private static final String SCHEMA = """
            CREATE TABLE events (at integer NOT NULL, what text CHECK (what <> ''), UNIQUE (at, what));
            INSERT INTO events SELECT g, 'e' || g FROM generate_series(1, 30) g;
            CREATE TABLE kinds (code text PRIMARY KEY);
            INSERT INTO kinds VALUES ('a'), ('b');
            CREATE TABLE tagged (tag text REFERENCES kinds ON DELETE CASCADE, note text);
            INSERT INTO tagged VALUES ('a', 'x'), ('b', 'y'), ('a', 'z');
            CREATE TABLE doubled (a integer, b integer GENERATED ALWAYS AS (a * 2) STORED);
            INSERT INTO doubled (a) VALUES (1), (2);
            """;

    @Override
    String schema() {
        return SCHEMA;
    }

    @Test
    void writesToATableWithoutKeyGoToAFullCopyOfIt() throws SQLException {
        WriteTarget target = fixture.engine.prepareWrite(branch, BranchStatements.table("events"));
        assertTrue(target.isCopy());
        assertEquals(List.of(), target.keyColumns());
        both.assertSameRows("events");
        assertEquals(3, both.update("events", "what = what || '!'", "at <= 3").updateCount());
        assertEquals(2, both.delete("events", "at > 28").updateCount());
        assertEquals(1, both.insert("events", "VALUES (100, 'new')").updateCount());
        both.assertSameRows("events");
        assertEquals(List.of(BranchStatements.table("events")), fixture.engine.list().stream()
                .filter(b -> b.name().equals(branch)).findFirst().orElseThrow().materialized());
    }

    @Test
    void theCopysOwnConstraintsReportPostgresqlsErrors() throws SQLException {
        Outcome dup = both.insert("events", "VALUES (1, 'e1')");
        assertEquals("23505", dup.sqlState());
        assertEquals("events_at_what_key", dup.constraint());
        assertEquals("23514", both.insert("events", "VALUES (1, '')").sqlState());
        assertEquals("23502", both.update("events", "at = NULL", "at = 5").sqlState());
    }

    @Test
    void aCascadeIntoACopiedTableDeletesItsReferencingRowsAndItsChecksHold() throws SQLException {
        assertEquals(1, both.delete("kinds", "code = 'a'").updateCount());
        both.assertSameRows("tagged");
        assertEquals("23503", both.insert("tagged", "VALUES ('a', 'gone')").sqlState());
        assertEquals(1, both.insert("tagged", "VALUES ('b', 'kept')").updateCount());
        both.assertSameRows("tagged");
    }

    @Test
    void generatedColumnsAreComputedAgainOnTheCopy() throws SQLException {
        assertEquals(1, both.update("doubled", "a = 10", "a = 1").updateCount());
        both.insert("doubled", "(a) VALUES (7)");
        both.assertSameRows("doubled");
    }
}
