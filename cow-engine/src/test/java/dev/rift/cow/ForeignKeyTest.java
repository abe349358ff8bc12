package dev.rift.cow;

import dev.rift.testsupport.Outcome;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Foreign keys across a branch's layer and the upstream, in both directions, compared with a full copy. */
class ForeignKeyTest extends BranchVersusCopyTest {
    private static final String SCHEMA = """
            CREATE TABLE parents (id integer PRIMARY KEY, name text NOT NULL);
            INSERT INTO parents SELECT g, 'p' || g FROM generate_series(1, 10) g;
            CREATE TABLE cascading (id integer PRIMARY KEY,
              parent_id integer REFERENCES parents ON DELETE CASCADE ON UPDATE CASCADE, n integer);
            INSERT INTO cascading SELECT g, g % 5 + 1, g FROM generate_series(1, 20) g;
            CREATE TABLE grandchildren (id integer PRIMARY KEY, child_id integer REFERENCES cascading ON DELETE CASCADE);
            INSERT INTO grandchildren SELECT g, g FROM generate_series(1, 20) g;
            CREATE TABLE nulling (id integer PRIMARY KEY, parent_id integer REFERENCES parents ON DELETE SET NULL);
            INSERT INTO nulling SELECT g, g % 3 + 6 FROM generate_series(1, 9) g;
            CREATE TABLE restricting (id integer PRIMARY KEY,
              parent_id integer NOT NULL CONSTRAINT restricting_parent REFERENCES parents ON DELETE RESTRICT);
            INSERT INTO restricting VALUES (1, 9);
            CREATE TABLE plain (id integer PRIMARY KEY, parent_id integer REFERENCES parents);
            INSERT INTO plain VALUES (1, 10);
            CREATE TABLE regions (country text, code text, PRIMARY KEY (country, code));
            INSERT INTO regions VALUES ('fr', '75'), ('fr', '13'), ('de', 'be');
            CREATE TABLE offices (id integer PRIMARY KEY, country text, code text,
              FOREIGN KEY (country, code) REFERENCES regions MATCH FULL ON DELETE SET NULL);
            INSERT INTO offices VALUES (1, 'fr', '75'), (2, 'de', 'be');
            CREATE TABLE employees (id integer PRIMARY KEY, manager_id integer REFERENCES employees ON DELETE CASCADE);
            INSERT INTO employees VALUES (1, NULL), (2, 1), (3, 2), (4, 1), (5, NULL), (6, 5);
            """;

    @Override
    String schema() {
        return SCHEMA;
    }

    @Test
    void aReferencingRowWithoutItsReferencedRowFailsWith23503() throws SQLException {
        Outcome o = both.insert("cascading", "VALUES (100, 99, 0)");
        assertEquals("23503", o.sqlState());
        assertEquals("cascading_parent_id_fkey", o.constraint());
        assertEquals("23503", both.update("cascading", "parent_id = 77", "id = 1").sqlState());
        both.assertSameRows("cascading");
    }

    @Test
    void referencedRowsMayBeUpstreamOrInsertedOnTheBranch() throws SQLException {
        assertEquals(1, both.insert("parents", "VALUES (50, 'new')").updateCount());
        assertEquals(1, both.insert("cascading", "VALUES (100, 50, 0)").updateCount());
        assertEquals(1, both.insert("cascading", "VALUES (101, 1, 0)").updateCount());
        assertEquals(1, both.insert("cascading", "VALUES (102, NULL, 0)").updateCount());
        both.assertSameRows("cascading");
    }

    @Test
    void deletingAReferencedRowCascadesThroughTwoLevelsOnTheBranch() throws SQLException {
        assertEquals(1, both.delete("parents", "id = 1").updateCount());
        both.assertSameRows("parents");
        both.assertSameRows("cascading");
        both.assertSameRows("grandchildren");
    }

    @Test
    void deletingAReferencedRowSetsNullInItsReferencingRows() throws SQLException {
        assertEquals(1, both.delete("parents", "id = 6").updateCount());
        both.assertSameRows("nulling");
    }

    @Test
    void restrictAndNoActionRefuseToDeleteAReferencedRow() throws SQLException {
        Outcome restricted = both.delete("parents", "id = 9");
        assertEquals("23503", restricted.sqlState());
        assertEquals("restricting_parent", restricted.constraint());
        assertEquals("23503", both.delete("parents", "id = 10").sqlState());
        both.assertSameRows("parents");
    }

    @Test
    void aReferencingRowInsertedOnTheBranchRestrictsItsReferencedRow() throws SQLException {
        assertEquals(1, both.insert("plain", "VALUES (2, 3)").updateCount());
        assertEquals("23503", both.delete("parents", "id = 3").sqlState());
        both.assertSameRows("cascading");
    }

    @Test
    void aRowDeletedOnTheBranchCannotBeReferencedAnyMore() throws SQLException {
        assertEquals(1, both.delete("parents", "id = 2").updateCount());
        assertEquals("23503", both.insert("plain", "VALUES (5, 2)").sqlState());
        assertEquals("23503", both.insert("cascading", "VALUES (100, 2, 0)").sqlState());
    }

    @Test
    void aReferencingTableWrittenBeforeItsReferencedTableSeesTheReferencedTablesLaterDeletes() throws SQLException {
        assertEquals(1, both.update("plain", "parent_id = 6", "id = 1").updateCount());
        assertEquals(1, both.delete("parents", "id = 7").updateCount());
        assertEquals("23503", both.insert("plain", "VALUES (2, 7)").sqlState());
        both.assertSameRows("plain");
        both.assertSameRows("nulling");
    }

    @Test
    void changingAReferencedKeyCascadesOrIsRefused() throws SQLException {
        assertEquals(1, both.update("parents", "id = 100", "id = 4").updateCount());
        both.assertSameRows("cascading");
        assertEquals("23503", both.update("parents", "id = 900", "id = 9").sqlState());
        both.assertSameRows("parents");
    }

    @Test
    void matchFullRefusesMixedNullsAndSetNullClearsEveryColumnOfACompositeKey() throws SQLException {
        Outcome mixed = both.insert("offices", "VALUES (3, 'fr', NULL)");
        assertEquals("23503", mixed.sqlState());
        assertEquals(1, both.insert("offices", "VALUES (4, NULL, NULL)").updateCount());
        assertEquals(1, both.insert("offices", "VALUES (5, 'fr', '13')").updateCount());
        assertEquals("23503", both.insert("offices", "VALUES (6, 'fr', '99')").sqlState());
        assertEquals(1, both.delete("regions", "country = 'fr' AND code = '75'").updateCount());
        both.assertSameRows("offices");
    }

    @Test
    void aSelfReferencingCascadeDeletesTheWholeSubtree() throws SQLException {
        assertEquals(1, both.delete("employees", "id = 1").updateCount());
        both.assertSameRows("employees");
        assertFalse(both.branchRows("SELECT 1 FROM " + both.statements().read("employees")).isEmpty());
    }

    @Test
    void aChildBranchEnforcesForeignKeysAgainstItsParentsFrozenLayerAndCascadesInItsOwn() throws SQLException {
        assertEquals(1, both.delete("parents", "id = 2").updateCount());
        assertEquals(1, both.insert("plain", "VALUES (2, 4)").updateCount());
        String child = branch + "-child";
        fixture.engine.createBranch(child, branch);
        both.switchTo(child);

        assertEquals("23503", both.insert("plain", "VALUES (3, 2)").sqlState());
        assertEquals("23503", both.delete("parents", "id = 4").sqlState());
        assertEquals(1, both.delete("parents", "id = 3").updateCount());
        both.assertSameRows("parents");
        both.assertSameRows("cascading");
        both.assertSameRows("grandchildren");
        both.assertSameRows("plain");
    }
}
