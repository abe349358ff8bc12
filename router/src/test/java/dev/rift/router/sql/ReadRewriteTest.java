package dev.rift.router.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.rift.router.sql.Decisions.assertPassesThrough;
import static dev.rift.router.sql.Decisions.assertRefused;
import static dev.rift.router.sql.Decisions.parts;
import static dev.rift.router.sql.Decisions.rewrittenTo;
import static dev.rift.router.sql.Fixture.ACCOUNTS;
import static dev.rift.router.sql.Fixture.LEDGER;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reads on a branch: every reference to an upstream table the branch changed becomes the table's read relation,
 * spliced into the client's own text, under the reference's alias or else the table's own name.
 */
class ReadRewriteTest {
    private static final String M = Fixture.M_ACCOUNTS;
    private static final String ML = Fixture.M_LEDGER;
    private final StatementRouter router = new StatementRouter();
    private final Fixture.Session session = new Fixture.Session().changed(ACCOUNTS);

    private String read(String sql) {
        return rewrittenTo(router.decide(sql, session));
    }

    @Test
    void aReferenceWithoutAliasBecomesTheMergedRelationUnderTheTablesName() {
        assertEquals("SELECT id, accounts.owner FROM " + M + " AS \"accounts\" WHERE id = 1",
                read("SELECT id, accounts.owner FROM accounts WHERE id = 1"));
    }

    @Test
    void anAliasedReferenceKeepsItsAliasAndColumnAliases() {
        assertEquals("SELECT * FROM " + M + " a", read("SELECT * FROM accounts a"));
        assertEquals("SELECT * FROM " + M + " AS a (i, o, b)", read("SELECT * FROM accounts AS a (i, o, b)"));
    }

    @Test
    void qualifiedQuotedAndMixedCaseNamesResolveAsPostgresFoldsThem() {
        assertEquals("SELECT * FROM " + M + " AS \"accounts\"", read("SELECT * FROM public.accounts"));
        assertEquals("SELECT * FROM " + M + " AS \"accounts\"", read("SELECT * FROM \"public\" . \"accounts\""));
        assertEquals("SELECT * FROM " + M + " AS \"accounts\"", read("SELECT * FROM PUBLIC.Accounts"));
        assertEquals("SELECT * FROM " + M + " AS \"accounts\"", read("SELECT * FROM mydb.public.accounts"));
        assertPassesThrough(router.decide("SELECT * FROM \"Accounts\"", session));
    }

    @Test
    void everyReferenceIsFoundInJoinsSubqueriesLateralSetOperationsAndCteBodies() {
        session.changed(LEDGER);
        String sql = "WITH w AS (SELECT id FROM accounts) "
                + "SELECT (SELECT max(amount) FROM ledger WHERE account_id = a.id), "
                + "ARRAY(SELECT seq FROM public.ledger) FROM w JOIN accounts a USING (id) "
                + "LEFT JOIN LATERAL (SELECT * FROM ledger l2 WHERE l2.account_id = a.id) x ON true "
                + "WHERE EXISTS (SELECT 1 FROM ledger l3) AND a.id IN (SELECT account_id FROM ledger) "
                + "AND a.id = ANY (SELECT id FROM accounts) "
                + "UNION ALL SELECT 1, NULL, NULL FROM ledger";
        assertEquals("WITH w AS (SELECT id FROM " + M + " AS \"accounts\") "
                + "SELECT (SELECT max(amount) FROM " + ML + " AS \"ledger\" WHERE account_id = a.id), "
                + "ARRAY(SELECT seq FROM " + ML + " AS \"ledger\") FROM w JOIN " + M + " a USING (id) "
                + "LEFT JOIN LATERAL (SELECT * FROM " + ML + " l2 WHERE l2.account_id = a.id) x ON true "
                + "WHERE EXISTS (SELECT 1 FROM " + ML + " l3) AND a.id IN (SELECT account_id FROM " + ML
                + " AS \"ledger\") AND a.id = ANY (SELECT id FROM " + M + " AS \"accounts\") "
                + "UNION ALL SELECT 1, NULL, NULL FROM " + ML + " AS \"ledger\"", read(sql));
    }

    @Test
    void aCteNamedLikeATableShadowsTheTableInItsScopeButNotInItsOwnBody() {
        assertEquals("WITH accounts AS (SELECT * FROM " + M + " AS \"accounts\" WHERE id > 1) SELECT * FROM accounts",
                read("WITH accounts AS (SELECT * FROM accounts WHERE id > 1) SELECT * FROM accounts"));
    }

    @Test
    void aRecursiveCteShadowsTheTableInItsOwnBodyToo() {
        assertPassesThrough(router.decide("WITH RECURSIVE accounts(id) AS (SELECT 1 UNION ALL "
                + "SELECT id + 1 FROM accounts WHERE id < 3) SELECT * FROM accounts", session));
    }

    @Test
    void aCteInsideASubqueryShadowsOnlyInsideThatSubquery() {
        assertEquals("SELECT * FROM (WITH accounts AS (SELECT 1 AS id) SELECT id FROM accounts) s, " + M
                        + " AS \"accounts\"",
                read("SELECT * FROM (WITH accounts AS (SELECT 1 AS id) SELECT id FROM accounts) s, accounts"));
    }

    @Test
    void stringsCommentsAndDollarQuotesThatMentionTheTableAreLeftAloneAndATrailingCommentIsDropped() {
        assertEquals("SELECT 'accounts', E'it\\'s', $q$ accounts $q$ /* FROM accounts */ FROM " + M
                        + " AS \"accounts\"",
                read("SELECT 'accounts', E'it\\'s', $q$ accounts $q$ /* FROM accounts */ FROM accounts -- accounts"));
    }

    @Test
    void aSchemaQualifiedColumnReferenceFollowsItsTableToTheMergedRelation() {
        assertEquals("SELECT \"accounts\".id FROM " + M + " AS \"accounts\" WHERE \"accounts\".owner > ''",
                read("SELECT public.accounts.id FROM public.accounts WHERE public.accounts.owner > ''"));
    }

    @Test
    void theTableCommandReadsTheMergedRelationDirectly() {
        assertEquals("TABLE " + M, read("TABLE accounts"));
    }

    @Test
    void readsThatMentionNoChangedTablePassThroughWithoutBeingParsed() {
        assertPassesThrough(router.decide("SELECT * FROM ledger l JOIN audit.entries e ON e.id = l.seq", session));
        assertEquals(0, router.parseCount());
    }

    @Test
    void catalogReferencesGoToTheCatalogTheBranchShowsWithoutBeingParsed() {
        assertEquals(List.of(Decision.Part.visible("SELECT count(*) FROM rift_catalog.pg_class")),
                parts(router.decide("SELECT count(*) FROM pg_catalog.pg_class", session)));
        assertEquals(List.of(Decision.Part.visible("SELECT table_name FROM rift_information_schema.tables t,"
                        + " rift_catalog.pg_namespace WHERE rift_catalog.format_type(1, NULL) <> ''")),
                parts(router.decide("SELECT table_name FROM information_schema.tables t, pg_namespace"
                        + " WHERE format_type(1, NULL) <> ''", session)));
        assertEquals(0, router.parseCount());
    }

    @Test
    void onABranchWithNothingInItsLayersNoNameIsEvenLookedUp() {
        Fixture.Session fresh = new Fixture.Session();
        assertPassesThrough(router.decide("SELECT * FROM accounts a JOIN big_accounts b USING (id)", fresh));
        assertEquals(0, fresh.upstream.resolveCalls());
        assertEquals(0, router.parseCount());
    }

    @Test
    void namesResolveThroughTheSessionsSearchPath() {
        session.searchPath("audit", "public");
        assertPassesThrough(router.decide("SELECT * FROM accounts", session)); // audit.accounts
        session.searchPath("$user", "public"); // alice has no schema of her own
        assertEquals("SELECT * FROM " + M + " AS \"accounts\"", read("SELECT * FROM accounts"));
    }

    @Test
    void aViewOverAChangedTableIsReadAsItsQueryOverTheBranchAndOneOverUnchangedTablesPasses() {
        session.upstream.definition(Fixture.BIG_ACCOUNTS,
                "SELECT accounts.id, accounts.balance FROM public.accounts WHERE (accounts.balance > 1000)");
        String query = "SELECT accounts.id, accounts.balance FROM " + M + " AS \"accounts\""
                + " WHERE (accounts.balance > 1000)";
        assertEquals("SELECT * FROM ((" + query + ") UNION ALL (SELECT * FROM (" + query + ") AS rift_no_rows "
                + "WHERE false)) AS \"big_accounts\"", read("SELECT * FROM big_accounts"));
        assertPassesThrough(router.decide("SELECT * FROM big_accounts", new Fixture.Session().changed(LEDGER)));
    }

    @Test
    void groupingByAChangedTablesPrimaryKeyAlsoGroupsByTheOtherColumnsTheStatementNames() {
        assertEquals("SELECT a.id, a.owner, count(*) FROM " + M + " a GROUP BY a.id, \"a\".\"owner\" ORDER BY 1",
                read("SELECT a.id, a.owner, count(*) FROM accounts a GROUP BY a.id ORDER BY 1"));
        assertEquals("SELECT id, owner FROM " + M + " AS \"accounts\" GROUP BY id, \"accounts\".\"owner\"",
                read("SELECT id, owner FROM accounts GROUP BY id"));
        assertEquals("SELECT * FROM " + M + " a GROUP BY a.id, \"a\".\"owner\", \"a\".\"balance\"",
                read("SELECT * FROM accounts a GROUP BY a.id"));
    }

    @Test
    void groupingByPartOfAKeyOrByAnotherTablesKeyAddsNothing() {
        session.changed(LEDGER);
        assertEquals("SELECT l.account_id, sum(l.amount) FROM " + ML + " l GROUP BY l.account_id",
                read("SELECT l.account_id, sum(l.amount) FROM ledger l GROUP BY l.account_id"));
        assertEquals("SELECT a.id, l.seq FROM " + M + " a JOIN " + ML + " l ON l.account_id = a.id GROUP BY l.seq",
                read("SELECT a.id, l.seq FROM accounts a JOIN ledger l ON l.account_id = a.id GROUP BY l.seq"));
    }

    @Test
    void aViewGroupingByAChangedTablesKeyIsExpandedWithTheOtherColumns() {
        session.upstream.definition(Fixture.BIG_ACCOUNTS, "SELECT a.id, a.owner, count(l.seq) AS n "
                + "FROM (public.accounts a LEFT JOIN public.ledger l ON ((l.account_id = a.id))) GROUP BY a.id");
        String query = "SELECT a.id, a.owner, count(l.seq) AS n FROM (" + M + " a LEFT JOIN "
                + "public.ledger l ON ((l.account_id = a.id))) GROUP BY a.id, \"a\".\"owner\"";
        assertEquals("SELECT n FROM ((" + query + ") UNION ALL (SELECT * FROM (" + query + ") AS rift_no_rows "
                + "WHERE false)) AS \"big_accounts\"", read("SELECT n FROM big_accounts"));
    }

    @Test
    void aMaterializedViewPassesThroughBecauseItsRowsAreStored() {
        assertPassesThrough(router.decide("SELECT * FROM account_totals", session));
    }

    @Test
    void aLockingReadOfOneChangedTableCopiesUpTheRowsItSelectsAndLocksThemInTheDelta() {
        assertEquals(java.util.List.of(
                new Decision.Part("SELECT " + Fixture.CU_ACCOUNTS + "(ARRAY(SELECT DISTINCT a.\"id\" FROM "
                        + "\"public\".\"accounts\" AS a WHERE (a.balance > 10 AND a.id IN (SELECT account_id FROM "
                        + "ledger)))::integer[])", true),
                new Decision.Part("SELECT * FROM " + Fixture.D_ACCOUNTS + " a WHERE a.balance > 10 AND a.id IN "
                        + "(SELECT account_id FROM ledger) ORDER BY id LIMIT 1 FOR UPDATE OF a SKIP LOCKED", false)),
                Decisions.parts(router.decide("SELECT * FROM accounts a WHERE a.balance > 10 AND a.id IN "
                        + "(SELECT account_id FROM ledger) ORDER BY id LIMIT 1 FOR UPDATE OF a SKIP LOCKED", session)));
    }

    @Test
    void aLockingReadJoiningTablesIsRefusedAndOneOfAnUnchangedTableLocksTheBranchsCopiesOfItsRows() {
        assertRefused("0A000", "FOR UPDATE/SHARE", router.decide(
                "SELECT * FROM accounts a JOIN ledger l ON l.account_id = a.id FOR SHARE", session));
        assertRefused("0A000", "FOR UPDATE/SHARE", router.decide(
                "SELECT * FROM ledger l JOIN ledger m ON m.seq = l.seq FOR SHARE", session));
        // main's rows of the unchanged table are never locked: the rows become the branch's, and are locked there
        assertEquals(java.util.List.of(
                new Decision.Part("SELECT " + Fixture.CU_LEDGER + "(ARRAY(SELECT DISTINCT ROW(\"ledger\".\"account_id\","
                        + " \"ledger\".\"seq\")::" + Fixture.K_LEDGER + " FROM \"public\".\"ledger\" AS \"ledger\")::"
                        + Fixture.K_LEDGER + "[])", true),
                new Decision.Part("SELECT * FROM " + Fixture.D_LEDGER + " FOR NO KEY UPDATE SKIP LOCKED", false)),
                Decisions.parts(router.decide("SELECT * FROM ledger FOR NO KEY UPDATE SKIP LOCKED", session)));
        assertPassesThrough(router.decide("SELECT 1 FOR UPDATE", session));
    }

    @Test
    void aReferenceTheParseTreeMissesIsRefusedRatherThanReadFromTheUpstream() {
        // JSqlParser's walker does not look into an aggregate's ORDER BY; the token scan does.
        assertRefused("0A000", "rift cannot analyse the reference to accounts",
                router.decide("SELECT array_agg(seq ORDER BY (SELECT max(id) FROM accounts)) FROM ledger", session));
    }

    @Test
    void tablesampleOnAChangedTableIsRefused() {
        assertRefused("0A000", "TABLESAMPLE", router.decide("SELECT * FROM accounts TABLESAMPLE SYSTEM (10)", session));
    }

    @Test
    void statementsJSqlParserCannotParsePassWhenTheyMentionNothingChangedAndAreRefusedOtherwise() {
        String psqlDescribe = "SELECT c.oid, n.nspname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE c.relname OPERATOR(pg_catalog.~) '^(ledger)$' COLLATE "
                + "pg_catalog.default";
        assertEquals(List.of(Decision.Part.visible(psqlDescribe.replace("pg_catalog.pg_", "rift_catalog.pg_"))),
                parts(router.decide(psqlDescribe, session)));
        assertRefused("0A000", "rift cannot parse this statement", router.decide(
                "SELECT * FROM accounts WHERE owner OPERATOR(pg_catalog.~) 'a' GROUP BY GROUPING SETS (())) x", session));
    }

    @Test
    void explainAndDeclareRewriteTheQueryTheyCarry() {
        assertEquals("EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM " + M + " a",
                read("EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM accounts a"));
        assertEquals("DECLARE c SCROLL CURSOR WITH HOLD FOR SELECT * FROM " + M + " AS \"accounts\"",
                read("DECLARE c SCROLL CURSOR WITH HOLD FOR SELECT * FROM accounts"));
    }

    @Test
    void aReadOfTheBranchsSequenceCopyReadsTheCopy() {
        router.decide("SELECT nextval('ticket_seq')", session);
        assertEquals("SELECT last_value FROM " + Fixture.SEQ_COPY + " AS \"ticket_seq\"",
                read("SELECT last_value FROM ticket_seq"));
    }
}
