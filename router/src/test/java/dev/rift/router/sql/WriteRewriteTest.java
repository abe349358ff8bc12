package dev.rift.router.sql;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.rift.router.sql.Decisions.assertRefused;
import static dev.rift.router.sql.Decisions.parts;
import static dev.rift.router.sql.Decisions.rewrittenTo;
import static dev.rift.router.sql.Fixture.CU_ACCOUNTS;
import static dev.rift.router.sql.Fixture.CU_LEDGER;
import static dev.rift.router.sql.Fixture.C_EVENTS;
import static dev.rift.router.sql.Fixture.D_ACCOUNTS;
import static dev.rift.router.sql.Fixture.D_LEDGER;
import static dev.rift.router.sql.Fixture.K_LEDGER;
import static dev.rift.router.sql.Fixture.LEDGER;
import static dev.rift.router.sql.Fixture.M_ACCOUNTS;
import static dev.rift.router.sql.Fixture.M_LEDGER;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Writes on a branch: the target becomes the top layer's table (created on demand by the engine); UPDATE,
 * DELETE, INSERT ... ON CONFLICT and TRUNCATE first copy up, in a hidden prelude, the rows of {@code <below>}
 * they can touch (docs/overlay.md, "What the router does").
 */
class WriteRewriteTest {
    private static final String BELOW = "\"public\".\"accounts\"";
    private final StatementRouter router = new StatementRouter();
    private final Fixture.Session session = new Fixture.Session();

    private List<Decision.Part> write(String sql) {
        return parts(router.decide(sql, session));
    }

    private static Decision.Part hidden(String sql) {
        return new Decision.Part(sql, true);
    }

    /** The prelude copying up the rows of accounts (unaliased) that {@code where} selects. */
    private static Decision.Part copyUpOfAccounts(String where) {
        return hidden("SELECT " + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT \"accounts\".\"id\" FROM " + BELOW
                + " AS \"accounts\"" + where + ")::integer[])");
    }

    private static Decision.Part visible(String sql) {
        return new Decision.Part(sql, false);
    }

    @Test
    void anInsertWritesTheDeltaAndKeepsItsAliasValuesAndReturning() {
        assertEquals("INSERT INTO " + D_ACCOUNTS + " AS a (id, owner) VALUES (5, 'e'), (6, DEFAULT) RETURNING a.id",
                rewrittenTo(router.decide("INSERT INTO accounts AS a (id, owner) VALUES (5, 'e'), (6, DEFAULT) "
                        + "RETURNING a.id", session)));
        assertEquals(1, session.overlay.prepareWrites());
    }

    @Test
    void anInsertFromAQueryReadsTheBranchIncludingTheTableItWrites() {
        assertEquals("INSERT INTO " + D_ACCOUNTS + " (id, owner) SELECT id + 10, owner || '2' FROM " + M_ACCOUNTS
                        + " AS \"accounts\"",
                rewrittenTo(router.decide("INSERT INTO accounts (id, owner) SELECT id + 10, owner || '2' FROM accounts",
                        session)));
        assertEquals("INSERT INTO " + D_ACCOUNTS + " DEFAULT VALUES",
                rewrittenTo(router.decide("INSERT INTO accounts DEFAULT VALUES", session)));
    }

    @Test
    void anInsertOnConflictCopiesUpTheRowsWhoseUniqueKeysMatchAnIncomingRowFirst() {
        assertEquals(List.of(
                hidden("SELECT " + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT \"accounts\".\"id\" FROM " + BELOW
                        + " AS \"accounts\", (VALUES (CAST((1) AS integer), CAST(('x') AS text), CAST(NULL AS numeric)), "
                        + "(CAST((7) AS integer), CAST(('y') AS text), CAST(NULL AS numeric))) "
                        + "AS excluded(\"id\", \"owner\", \"balance\") WHERE (\"accounts\".\"id\" = excluded.\"id\" OR "
                        + "\"accounts\".\"owner\" = excluded.\"owner\"))::integer[])"),
                visible("INSERT INTO " + D_ACCOUNTS + " (id, owner, balance) VALUES (1, 'x', 5), (7, 'y', 6) "
                        + "ON CONFLICT (id) DO UPDATE SET owner = excluded.owner")),
                write("INSERT INTO accounts (id, owner, balance) VALUES (1, 'x', 5), (7, 'y', 6) "
                        + "ON CONFLICT (id) DO UPDATE SET owner = excluded.owner"));
    }

    @Test
    void anInsertOnConflictFromAQueryCopiesUpTheRowsWhoseKeysTheQueryYields() {
        assertEquals(List.of(
                hidden("SELECT " + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT \"accounts\".\"id\" FROM " + BELOW
                        + " AS \"accounts\", (SELECT CAST((rift_source.\"id\") AS integer), CAST((rift_source.\"owner\") "
                        + "AS text), CAST(NULL AS numeric) FROM (SELECT * FROM " + M_ACCOUNTS + " a WHERE a.id > 5) "
                        + "AS rift_source(\"id\", \"owner\")) AS excluded(\"id\", \"owner\", \"balance\") "
                        + "WHERE (\"accounts\".\"id\" = excluded.\"id\" OR \"accounts\".\"owner\" = excluded.\"owner\"))"
                        + "::integer[])"),
                visible("INSERT INTO " + D_ACCOUNTS + " SELECT * FROM " + M_ACCOUNTS
                        + " a WHERE a.id > 5 ON CONFLICT DO NOTHING")),
                write("INSERT INTO accounts SELECT * FROM accounts a WHERE a.id > 5 ON CONFLICT DO NOTHING"));
    }

    @Test
    void anInsertOnConflictFromASelectTypesABareParameterInItsOutputAsItsColumn() {
        assertEquals(List.of(
                hidden("SELECT " + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT \"accounts\".\"id\" FROM " + BELOW
                        + " AS \"accounts\", (SELECT CAST((rift_source.\"id\") AS integer), CAST((rift_source.\"owner\") "
                        + "AS text), CAST(NULL AS numeric) FROM (SELECT CAST(($1) AS integer) , 'x') "
                        + "AS rift_source(\"id\", \"owner\")) AS excluded(\"id\", \"owner\", \"balance\") "
                        + "WHERE (\"accounts\".\"id\" = excluded.\"id\" OR \"accounts\".\"owner\" = excluded.\"owner\"))"
                        + "::integer[])"),
                visible("INSERT INTO " + D_ACCOUNTS + " (id, owner) SELECT $1, 'x' ON CONFLICT (id) DO NOTHING")),
                write("INSERT INTO accounts (id, owner) SELECT $1, 'x' ON CONFLICT (id) DO NOTHING"));
    }

    @Test
    void anInsertOnConflictWhoseSourceQueryCallsAVolatileFunctionIsRefused() {
        assertRefused("0A000", "INSERT whose source query calls random()", router.decide(
                "INSERT INTO accounts SELECT id, owner FROM accounts WHERE random() < 0.5 ON CONFLICT DO NOTHING",
                session));
    }

    @Test
    void anUpdateCopiesUpWhatItsConditionAndFromListSelectThenUpdatesTheDelta() {
        session.changed(LEDGER);
        assertEquals(List.of(
                hidden("SELECT " + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT a.\"id\" FROM " + BELOW + " AS a, "
                        + M_LEDGER + " l WHERE (l.account_id = a.id AND l.amount > 5))::integer[])"),
                visible("UPDATE " + D_ACCOUNTS + " a SET balance = a.balance + l.amount FROM " + M_LEDGER
                        + " l WHERE l.account_id = a.id AND l.amount > 5 RETURNING a.id")),
                write("UPDATE accounts a SET balance = a.balance + l.amount FROM ledger l "
                        + "WHERE l.account_id = a.id AND l.amount > 5 RETURNING a.id"));
    }

    @Test
    void anUpdateWithoutWhereCopiesUpEveryRowBelow() {
        assertEquals(List.of(
                copyUpOfAccounts(""),
                visible("UPDATE " + D_ACCOUNTS + " SET balance = 0")),
                write("UPDATE accounts SET balance = 0"));
    }

    @Test
    void aDeleteCopiesUpItsRowsSoDeletingThemFromTheDeltaLeavesTombstones() {
        assertEquals(List.of(
                hidden("SELECT " + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT x.\"id\" FROM " + BELOW + " AS x, "
                        + "audit.entries e WHERE (e.id = x.id))::integer[])"),
                visible("DELETE FROM " + D_ACCOUNTS + " AS x USING audit.entries e WHERE e.id = x.id")),
                write("DELETE FROM accounts AS x USING audit.entries e WHERE e.id = x.id"));
    }

    @Test
    void aCompositeKeyIsCopiedUpAsItsRowType() {
        assertEquals(List.of(
                hidden("SELECT " + CU_LEDGER + "(ARRAY(SELECT DISTINCT ROW(\"ledger\".\"account_id\", \"ledger\".\"seq\")::"
                        + K_LEDGER + " FROM \"public\".\"ledger\" AS \"ledger\" WHERE (seq = 2))::" + K_LEDGER + "[])"),
                visible("DELETE FROM " + D_LEDGER + " WHERE seq = 2")),
                write("DELETE FROM ledger WHERE seq = 2"));
    }

    @Test
    void writesToATableHeldAsACopyNeedNoPrelude() {
        assertEquals("UPDATE " + C_EVENTS + " SET amount = 0 WHERE kind = 'x'",
                rewrittenTo(router.decide("UPDATE events SET amount = 0 WHERE kind = 'x'", session)));
    }

    @Test
    void inTheExtendedProtocolThePreludeMentionsEveryParameterInTheContextTheWriteGivesIt() {
        session.extended();
        assertEquals(List.of(
                hidden("SELECT " + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT \"accounts\".\"id\" FROM " + BELOW
                        + " AS \"accounts\" WHERE (id = $3) AND (TRUE OR (EXISTS (SELECT balance * $4 FROM (VALUES (1)) "
                        + "AS rift_returning(rift_returning)) AND ROW(CAST(($1) AS numeric), CAST((owner || $2) AS text)) "
                        + "IS NULL)))::integer[])"),
                visible("UPDATE " + D_ACCOUNTS + " SET balance = $1, owner = owner || $2, balance = DEFAULT "
                        + "WHERE id = $3 RETURNING balance * $4")),
                write("UPDATE accounts SET balance = $1, owner = owner || $2, balance = DEFAULT WHERE id = $3 "
                        + "RETURNING balance * $4"));
    }

    @Test
    void aParameterThePreludeCannotCarryMakesTheStatementRefused() {
        session.extended();
        assertRefused("0A000", "parameters", router.decide(
                "WITH d AS (DELETE FROM ledger WHERE seq = $1 RETURNING 1) UPDATE accounts SET balance = 0 WHERE id = $2",
                session));
    }

    @Test
    void dataModifyingWithQueriesHaveTheirPreludesHoistedBeforeTheWholeStatement() {
        assertEquals(List.of(
                hidden("SELECT " + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT \"accounts\".\"id\" FROM " + BELOW
                        + " AS \"accounts\" WHERE (id = 3))::integer[])"),
                hidden("SELECT " + CU_LEDGER + "(ARRAY(SELECT DISTINCT ROW(\"ledger\".\"account_id\", \"ledger\".\"seq\")::"
                        + K_LEDGER + " FROM \"public\".\"ledger\" AS \"ledger\" WHERE (account_id = 3))::" + K_LEDGER + "[])"),
                visible("WITH gone AS (DELETE FROM " + D_ACCOUNTS + " WHERE id = 3 RETURNING owner), "
                        + "moved AS (UPDATE " + D_LEDGER + " SET amount = 0 WHERE account_id = 3 RETURNING seq) "
                        + "SELECT * FROM gone, moved")),
                write("WITH gone AS (DELETE FROM accounts WHERE id = 3 RETURNING owner), "
                        + "moved AS (UPDATE ledger SET amount = 0 WHERE account_id = 3 RETURNING seq) "
                        + "SELECT * FROM gone, moved"));
    }

    @Test
    void aPreludeWhoseConditionReadsAWithQueryCarriesTheReadOnlyWithQueries() {
        assertEquals(List.of(
                hidden("WITH poor AS (SELECT id FROM " + M_ACCOUNTS + " AS \"accounts\" WHERE balance < 10) SELECT "
                        + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT \"accounts\".\"id\" FROM " + BELOW + " AS \"accounts\" "
                        + "WHERE (id IN (SELECT id FROM poor)))::integer[])"),
                visible("WITH poor AS (SELECT id FROM " + M_ACCOUNTS + " AS \"accounts\" WHERE balance < 10) UPDATE "
                        + D_ACCOUNTS + " SET balance = 10 WHERE id IN (SELECT id FROM poor)")),
                write("WITH poor AS (SELECT id FROM accounts WHERE balance < 10) "
                        + "UPDATE accounts SET balance = 10 WHERE id IN (SELECT id FROM poor)"));
    }

    @Test
    void aPreludeWhoseConditionReadsADataModifyingWithQueryIsRefused() {
        assertRefused("0A000", "data-modifying WITH query d", router.decide(
                "WITH d AS (DELETE FROM ledger RETURNING account_id) "
                        + "UPDATE accounts SET balance = 0 WHERE id IN (SELECT account_id FROM d)", session));
    }

    @Test
    void aReadAfterAWriteInTheSameStringReadsTheTableTheWriteCreated() {
        List<Decision.Part> parts = write("INSERT INTO ledger VALUES (3, 1, 1); SELECT * FROM ledger");
        assertEquals(visible("SELECT * FROM " + M_LEDGER + " AS \"ledger\""), parts.get(1));
    }

    @Test
    void whenAnyStatementIsRefusedNothingRunsAndNoLayerTableIsCreated() {
        assertRefused("0A000", "statement 2 of 2: GRANT on the upstream table ledger is not supported",
                router.decide("UPDATE ledger SET amount = 0; GRANT SELECT ON ledger TO bob", session));
        assertEquals(0, session.overlay.prepareWrites());
    }

    @Test
    void writesRiftCannotProveItHandlesAreRefusedNamingTheConstruct() {
        assertRefused("0A000", "WHERE CURRENT OF", router.decide("UPDATE accounts SET balance = 0 WHERE CURRENT OF c",
                session));
        assertRefused("0A000", "calls random()", router.decide("DELETE FROM accounts WHERE random() < 0.5", session));
        assertRefused("0A000", "inside a multiple-column assignment", router.decide(
                "UPDATE accounts SET (owner[1], balance) = (SELECT 'x', 1) WHERE id = 1", session));
        assertRefused("0A000", "INSERT on view public.big_accounts", router.decide(
                "INSERT INTO big_accounts VALUES (9, 'z', 1)", session));
        assertRefused("0A000", "MERGE", router.decide(
                "MERGE INTO accounts USING ledger ON false WHEN NOT MATCHED THEN DO NOTHING", session));
    }

    @Test
    void aWriteToATableTheUpstreamDoesNotHaveIsRefusedAsPostgresWouldRatherThanSentUpstream() {
        assertRefused("42P01", "relation \"nope\" does not exist", router.decide("DELETE FROM nope", session));
    }

    @Test
    void theEnginesRefusalToOverlayATableIsTheStatementsRefusal() {
        assertRefused("0A000", "audit.entries cannot be written", router.decide("INSERT INTO audit.entries VALUES (1)",
                session));
    }

    @Test
    void truncateCopiesUpTruncatesCopiesDeletesDeltasAndAnswersTruncateTable() {
        assertEquals(List.of(
                hidden("SELECT " + CU_LEDGER + "(ARRAY(SELECT DISTINCT ROW(\"ledger\".\"account_id\", \"ledger\".\"seq\")::"
                        + K_LEDGER + " FROM \"public\".\"ledger\" AS \"ledger\")::" + K_LEDGER + "[])"),
                // the copy is truncated (its TRUNCATE triggers fire, as on a copy), the delta's rows deleted: one
                // statement, so that the notices of both reach the client
                new Decision.Part("DO $rift$BEGIN TRUNCATE " + C_EVENTS + "; DELETE FROM " + D_LEDGER + "; END$rift$",
                        false, Optional.of("TRUNCATE TABLE"))),
                write("TRUNCATE TABLE ONLY ledger, events"));
    }

    @Test
    void anUpdateFromASubSelectOrOfAnElementCopiesUpWhatItsConditionSelectsAndTypesItsParameters() {
        assertEquals(List.of(
                hidden("SELECT " + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT a.\"id\" FROM " + BELOW + " AS a WHERE (a.id = 1) "
                        + "AND (TRUE OR (EXISTS (SELECT $1, l.amount FROM ledger l WHERE l.account_id = a.id))))::integer[])"),
                visible("UPDATE " + D_ACCOUNTS + " a SET (owner, balance) = (SELECT $1, l.amount FROM ledger l "
                        + "WHERE l.account_id = a.id) WHERE a.id = 1")),
                write("UPDATE accounts a SET (owner, balance) = (SELECT $1, l.amount FROM ledger l "
                        + "WHERE l.account_id = a.id) WHERE a.id = 1"));
        assertElementAssignment("owner[$1]", "(\"accounts\".owner)[$1]", "$2");
        assertElementAssignment("owner.f", "(\"accounts\".owner).f", "$1");
    }

    @Test
    void aRowAssignmentBesideADefaultUpdatesTheDelta() {
        assertEquals(List.of(
                copyUpOfAccounts(" WHERE (id = 1)"),
                visible("UPDATE " + D_ACCOUNTS + " SET (owner, balance) = ROW('x', 2), id = DEFAULT WHERE id = 1")),
                write("UPDATE accounts SET (owner, balance) = ROW('x', 2), id = DEFAULT WHERE id = 1"));
    }

    /** {@code UPDATE accounts SET <target> = <value> WHERE id = 2}: typed by comparison with {@code element}. */
    private void assertElementAssignment(String target, String element, String value) {
        assertEquals(List.of(
                hidden("SELECT " + CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT \"accounts\".\"id\" FROM " + BELOW
                        + " AS \"accounts\" WHERE (id = 2) AND (TRUE OR ((" + element + ") IS NOT DISTINCT FROM "
                        + "(" + value + "))))::integer[])"),
                visible("UPDATE " + D_ACCOUNTS + " SET " + target + " = " + value + " WHERE id = 2")),
                write("UPDATE accounts SET " + target + " = " + value + " WHERE id = 2"));
    }

    @Test
    void truncateOfAReferencedTableAndItsRestartAndCascadeFormsAreRefused() {
        assertRefused("0A000", "cannot truncate a table referenced in a foreign key constraint",
                router.decide("TRUNCATE accounts", session));
        assertRefused("0A000", "RESTART IDENTITY", router.decide("TRUNCATE ledger RESTART IDENTITY", session));
        assertRefused("0A000", "CASCADE", router.decide("TRUNCATE ledger CASCADE", session));
    }

    @Test
    void copyFromStdinLoadsTheDeltaAndCopyToReadsTheBranch() {
        assertEquals("COPY " + D_ACCOUNTS + " (id, owner) FROM STDIN WITH (FORMAT csv, HEADER)",
                rewrittenTo(router.decide("COPY accounts (id, owner) FROM STDIN WITH (FORMAT csv, HEADER)", session)));
        assertEquals("COPY (SELECT \"id\", \"owner\", \"balance\" FROM " + M_ACCOUNTS + " AS \"accounts\") TO STDOUT "
                        + "(FORMAT binary)",
                rewrittenTo(router.decide("COPY accounts TO STDOUT (FORMAT binary)", session)));
        assertEquals("COPY (SELECT owner, id FROM " + M_ACCOUNTS + " AS \"accounts\") TO STDOUT",
                rewrittenTo(router.decide("COPY accounts (owner, id) TO STDOUT", session)));
        assertEquals("COPY (SELECT * FROM " + M_ACCOUNTS + " a) TO STDOUT",
                rewrittenTo(router.decide("COPY (SELECT * FROM accounts a) TO STDOUT", session)));
        assertRefused("0A000", "COPY FROM a file", router.decide("COPY accounts FROM '/tmp/a.csv'", session));
    }

    @Test
    void sequenceFunctionsWithALiteralNameUseTheBranchsCopyAndOthersAreRefused() {
        assertEquals("SELECT nextval('" + Fixture.SEQ_COPY.replace("'", "''") + "'), currval('" + Fixture.SEQ_COPY
                        + "'::regclass), pg_catalog.setval('" + Fixture.SEQ_COPY + "', 5), lastval()",
                rewrittenTo(router.decide("SELECT nextval('ticket_seq'), currval('public.ticket_seq'::regclass), "
                        + "pg_catalog.setval('TICKET_SEQ', 5), lastval()", session)));
        assertEquals(1, session.overlay.prepareSequences());
        assertRefused("0A000", "nextval() with a sequence name that is not a string literal",
                router.decide("SELECT nextval(name) FROM seqs", session));
    }

    @Test
    void aWriteOnlyExplainedIsPlannedOnTheDeltaWithoutPreludesAndExplainAnalyzeOfAWriteIsRefused() {
        assertEquals("EXPLAIN (COSTS off) DELETE FROM " + D_ACCOUNTS + " WHERE id = 1",
                rewrittenTo(router.decide("EXPLAIN (COSTS off) DELETE FROM accounts WHERE id = 1", session)));
        assertRefused("0A000", "EXPLAIN ANALYZE", router.decide("EXPLAIN ANALYZE DELETE FROM accounts", session));
    }

    @Test
    void aWriteToATableInAnotherSchemaOnTheSearchPathGoesToThatTable() {
        session.searchPath("audit", "public");
        assertRefused("0A000", "audit.accounts cannot be written", router.decide("DELETE FROM accounts", session));
    }
}
