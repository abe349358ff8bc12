package dev.rift.cow;

import dev.rift.testsupport.Outcome;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes to tables with a primary key, through their delta, compared with the same statements on a full copy. */
class DeltaWritesTest extends BranchVersusCopyTest {
    private static final String SCHEMA = """
            CREATE TABLE accounts (
              id integer PRIMARY KEY,
              email text NOT NULL UNIQUE,
              balance numeric(10,2) NOT NULL DEFAULT 0 CHECK (balance >= 0),
              note text);
            INSERT INTO accounts SELECT g, 'user' || g || '@example.com', g * 10, NULL FROM generate_series(1, 20) g;
            CREATE TABLE pairs (a integer, b text, v integer NOT NULL, PRIMARY KEY (a, b));
            INSERT INTO pairs SELECT g % 5, 'k' || g, g FROM generate_series(1, 20) g;
            CREATE TABLE "Mixed Case" ("Id" integer PRIMARY KEY, "Label" text UNIQUE NULLS NOT DISTINCT);
            INSERT INTO "Mixed Case" VALUES (1, 'one'), (2, NULL);
            CREATE TABLE odd ("user" integer, "copied" text UNIQUE, "keys" integer, "NEW" text,
              PRIMARY KEY ("keys", "user"));
            INSERT INTO odd SELECT g, 'c' || g, g % 3, 'n' FROM generate_series(1, 9) g;
            """;

    @Override
    String schema() {
        return SCHEMA;
    }

    @Test
    void updatingAnUpstreamRowIsVisibleThroughTheMergedRelationAndLeavesTheUpstreamAlone() throws SQLException {
        assertEquals(1, both.update("accounts", "balance = balance + 5", "id = 3").updateCount());
        both.assertSameRows("accounts");
        try (Connection c = fixture.connect()) {
            assertEquals(List.of(List.of("30.00")), Outcomes.inTransaction(c,
                    List.of("SELECT balance FROM accounts WHERE id = 3")).rows());
        }
    }

    @Test
    void updatingManyRowsTwiceCountsEachRowOnceAndKeepsTheLatestValues() throws SQLException {
        assertEquals(10, both.update("accounts", "balance = balance * 2", "id % 2 = 0").updateCount());
        assertEquals(10, both.update("accounts", "balance = balance - 1", "id <= 10").updateCount());
        both.assertSameRows("accounts");
    }

    @Test
    void deletingAnUpstreamRowLeavesATombstoneThatHidesIt() throws SQLException {
        assertEquals(2, both.delete("accounts", "id IN (4, 5)").updateCount());
        both.assertSameRows("accounts");
        assertEquals(0, both.update("accounts", "balance = 0", "id = 4").updateCount());
        assertEquals(0, both.delete("accounts", "id = 4").updateCount());
        both.assertSameRows("accounts");
    }

    @Test
    void insertingAnUpstreamKeyFailsWithThePrimaryKeysOwnNameAndDetail() throws SQLException {
        Outcome o = both.insert("accounts", "VALUES (7, 'someone@example.com', 1)");
        assertEquals("23505", o.sqlState());
        assertEquals("accounts_pkey", o.constraint());
        both.assertSameRows("accounts");
    }

    @Test
    void reinsertingADeletedKeyWorksAndADuplicateOfTheReinsertedOneFails() throws SQLException {
        both.delete("accounts", "id = 8");
        assertEquals(1, both.insert("accounts", "VALUES (8, 'new8@example.com', 1, 'again')").updateCount());
        assertEquals("23505", both.insert("accounts", "VALUES (8, 'other@example.com', 1)").sqlState());
        both.assertSameRows("accounts");
    }

    @Test
    void aUniqueValueHeldByAnUpstreamRowIsADuplicateUntilTheBranchChangesThatRow() throws SQLException {
        Outcome dup = both.insert("accounts", "VALUES (100, 'user2@example.com', 1)");
        assertEquals("accounts_email_key", dup.constraint());
        assertEquals("23505", both.update("accounts", "email = 'user3@example.com'", "id = 4").sqlState());

        both.update("accounts", "email = 'moved@example.com'", "id = 2");
        assertEquals(1, both.insert("accounts", "VALUES (100, 'user2@example.com', 1)").updateCount());
        both.assertSameRows("accounts");
    }

    @Test
    void changingAKeyToOneTheUpstreamHoldsIsADuplicateAndToAFreeOneMovesTheRow() throws SQLException {
        assertEquals("23505", both.update("accounts", "id = 9", "id = 1").sqlState());
        assertEquals(1, both.update("accounts", "id = 1000", "id = 1").updateCount());
        both.assertSameRows("accounts");
        assertEquals(1, both.insert("accounts", "VALUES (1, 'user1-again@example.com', 0)").updateCount());
        both.assertSameRows("accounts");
    }

    @Test
    void checkAndNotNullViolationsReportPostgresqlsOwnErrors() throws SQLException {
        Outcome check = both.update("accounts", "balance = -1", "id = 5");
        assertEquals("23514", check.sqlState());
        assertEquals("accounts_balance_check", check.constraint());
        Outcome notNull = both.insert("accounts", "VALUES (200, NULL, 1)");
        assertEquals("23502", notNull.sqlState());
        assertEquals("email", notNull.column());
        assertEquals("23502", both.update("accounts", "email = NULL", "id = 6").sqlState());
        both.assertSameRows("accounts");
    }

    @Test
    void aCheckViolationIsReportedBeforeADuplicateAsPostgresqlOrdersThem() throws SQLException {
        assertEquals("23514", both.insert("accounts", "VALUES (3, 'user3@example.com', -5)").sqlState());
    }

    @Test
    void returningGivesTheRowsAsTheStatementLeftThem() throws SQLException {
        Outcome o = both.update("accounts", "balance = balance + 1", "id BETWEEN 2 AND 4 RETURNING id, balance");
        assertEquals(3, o.rows().size());
        both.delete("accounts", "id = 11 RETURNING *");
        both.insert("accounts", "VALUES (300, 'r@example.com', 3) RETURNING *");
        both.assertSameRows("accounts");
    }

    @Test
    void insertOnConflictSeesUpstreamRowsOnceTheyAreCopiedUp() throws SQLException {
        Outcome o = both.upsert("accounts", "id IN (12, 400)", "VALUES (12, 'user12@example.com', 1), "
                + "(400, 'user400@example.com', 4) ON CONFLICT (id) DO UPDATE SET balance = accounts.balance + 1");
        assertEquals(2, o.updateCount());
        both.assertSameRows("accounts");
    }

    @Test
    void compositeKeysAreCopiedUpShadowedAndCheckedAsAWhole() throws SQLException {
        assertEquals(4, both.update("pairs", "v = v + 100", "a = 1").updateCount());
        assertEquals(1, both.delete("pairs", "a = 2 AND b = 'k2'").updateCount());
        Outcome dup = both.insert("pairs", "VALUES (3, 'k3', 0)");
        assertEquals("23505", dup.sqlState());
        assertEquals("pairs_pkey", dup.constraint());
        assertEquals(1, both.insert("pairs", "VALUES (2, 'k2', -2)").updateCount());
        assertEquals(1, both.insert("pairs", "VALUES (3, 'k-new', 0)").updateCount());
        both.assertSameRows("pairs");
    }

    @Test
    void quotedNamesAndNullsNotDistinctUniqueKeysReadAsPostgresqlPrintsThem() throws SQLException {
        Outcome dupNull = both.insert("Mixed Case", "VALUES (3, NULL)");
        assertEquals("23505", dupNull.sqlState());
        assertEquals("23505", both.insert("Mixed Case", "VALUES (4, 'one')").sqlState());
        assertEquals(1, both.update("Mixed Case", "\"Label\" = 'uno'", "\"Id\" = 1").updateCount());
        assertEquals(1, both.insert("Mixed Case", "VALUES (4, 'one')").updateCount());
        both.assertSameRows("Mixed Case");
    }

    @Test
    void aBranchThatOnlyReadsHasNoReadRelationsAndAWrittenTableGetsOne() {
        BranchState before = fixture.engine.state(branch);
        assertTrue(before.isEmpty());
        assertFalse(before.readRelation(BranchStatements.table("accounts")).isPresent());
        fixture.engine.prepareWrite(branch, BranchStatements.table("accounts"));
        BranchState after = fixture.engine.state(branch);
        assertTrue(after.version() > before.version());
        assertTrue(after.readRelation(BranchStatements.table("accounts")).isPresent());
        assertFalse(after.readRelation(BranchStatements.table("pairs")).isPresent());
    }

    @Test
    void columnsNamedLikeWordsTheGeneratedCodeUsesAndAKeyInAnotherOrderThanTheColumns() throws SQLException {
        assertEquals(3, both.update("odd", "\"NEW\" = \"copied\"", "\"keys\" = 1").updateCount());
        assertEquals("23505", both.insert("odd", "VALUES (1, 'x', 1, 'n')").sqlState());
        assertEquals("23505", both.insert("odd", "VALUES (100, 'c2', 0, 'n')").sqlState());
        assertEquals(2, both.delete("odd", "\"user\" > 7").updateCount());
        assertEquals(1, both.insert("odd", "VALUES (8, 'c8', 2, 'back')").updateCount());
        both.assertSameRows("odd");
    }
}
