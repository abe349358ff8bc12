package dev.rift.router.sql;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The router's rewrites, run on a real PostgreSQL against hand-made layer objects: every statement gives the
 * client what the same statement gives on a full copy of the upstream, the layer holds exactly the rows the
 * design says, and the upstream never changes.
 */
@ExtendWith(UpstreamExtension.class)
class RewrittenStatementsOnPostgresTest {
    private static final String ACCOUNTS = "SELECT * FROM accounts ORDER BY id";
    private static String template;
    private Twin twin;

    @BeforeAll
    static void createTemplate(TestUpstream pg) throws SQLException {
        template = OverlayDatabase.create(pg);
    }

    @BeforeEach
    void twin(TestUpstream pg) throws SQLException {
        twin = new Twin(pg, template);
    }

    @AfterEach
    void close() throws SQLException {
        twin.assertUpstreamUnchanged();
        twin.close();
    }

    @Test
    void anUpdateCopiesUpExactlyTheRowsItsConditionSelectsAndAnswersAsOnACopy() throws SQLException {
        Twin.Outcome updated = twin.same("UPDATE accounts SET balance = balance + 1 WHERE balance >= 75 "
                + "RETURNING id, balance");
        assertEquals(2, updated.rows().size(), "ann and dee have 75 or more");
        assertEquals(Twin.query(twin.copy, "SELECT id, owner, balance FROM accounts WHERE id IN (1, 4)"),
                Twin.query(twin.branch, "SELECT * FROM rift_l1_public.accounts"), "the delta holds the updated rows");
        assertEquals(List.of(List.of("1"), List.of("4")), Twin.query(twin.branch, "SELECT id FROM rift_l1.s_accounts"));
        twin.same(ACCOUNTS);
    }

    @Test
    void anUpdateWithoutWhereCopiesUpEveryRowAndCountsThemAll() throws SQLException {
        assertEquals(4, twin.same("UPDATE accounts SET balance = 0").updateCount());
        assertEquals(List.of(List.of("4")), Twin.query(twin.branch, "SELECT count(*) FROM rift_l1.s_accounts"));
        twin.same(ACCOUNTS);
    }

    @Test
    void anUpdateJoiningAnotherTableSeesThatTablesBranchRows() throws SQLException {
        twin.same("UPDATE ledger SET amount = amount * 10 WHERE account_id = 1 AND seq = 2");
        twin.same("UPDATE accounts a SET balance = l.amount FROM ledger l WHERE l.account_id = a.id AND l.seq = 2 "
                + "RETURNING a.id, a.balance, l.amount");
        twin.same(ACCOUNTS);
        twin.same("SELECT * FROM ledger ORDER BY account_id, seq");
    }

    @Test
    void anUpdateThatReadsItsOwnTableOrMovesKeysAnswersAsOnACopy() throws SQLException {
        twin.same("UPDATE accounts a SET balance = b.balance FROM accounts b WHERE b.id = a.id + 1 RETURNING a.*");
        twin.same("UPDATE accounts SET balance = (SELECT max(balance) FROM accounts) WHERE id = 3");
        twin.same("UPDATE accounts SET id = id + 100 WHERE owner = 'cy' RETURNING id"); // no ledger rows refer to cy
        twin.same(ACCOUNTS);
        assertEquals("23505", twin.same("UPDATE accounts SET id = 1 WHERE id = 4").sqlState());
        twin.same("INSERT INTO accounts VALUES (2, 'bobby', 1) RETURNING *");
        twin.same(ACCOUNTS);
    }

    @Test
    void aDeleteLeavesTombstonesSoTheRowsAreGoneFromReadsButNotFromTheUpstream() throws SQLException {
        assertEquals(1, twin.same("DELETE FROM accounts WHERE owner = 'cy' RETURNING *").rows().size());
        assertEquals(List.of(List.of("3")), Twin.query(twin.branch, "SELECT id FROM rift_l1.s_accounts"));
        assertEquals(List.of(), Twin.query(twin.branch, "SELECT * FROM rift_l1_public.accounts"));
        twin.same(ACCOUNTS);
        twin.same("SELECT count(*) FROM accounts WHERE id = 3");
    }

    @Test
    void aDeleteUsingACompositeKeyTableCopiesUpThroughTheRowType() throws SQLException {
        twin.same("DELETE FROM ledger l USING accounts a WHERE a.id = l.account_id AND a.owner = 'ann'");
        twin.same("SELECT * FROM ledger ORDER BY 1, 2");
        assertEquals(List.of(List.of("2")), Twin.query(twin.branch, "SELECT count(*) FROM rift_l1.s_ledger"));
    }

    @Test
    void readsOfChangedTablesThroughJoinsSubqueriesCtesLateralAndSetOperationsSeeTheBranch() throws SQLException {
        twin.same("UPDATE accounts SET balance = balance * 2 WHERE id IN (2, 3)");
        twin.same("DELETE FROM ledger WHERE account_id = 4");
        twin.same("INSERT INTO accounts VALUES (5, 'eve', 33)");
        for (String read : List.of(
                "SELECT a.owner, sum(l.amount) FROM accounts a LEFT JOIN ledger l ON l.account_id = a.id "
                        + "GROUP BY a.owner",
                "SELECT owner, (SELECT count(*) FROM ledger WHERE account_id = accounts.id) FROM accounts",
                "SELECT * FROM accounts WHERE EXISTS (SELECT 1 FROM ledger l WHERE l.account_id = accounts.id)",
                "SELECT * FROM accounts WHERE id IN (SELECT account_id FROM public.ledger)",
                "WITH rich AS (SELECT * FROM accounts WHERE balance > 40) SELECT r.owner FROM rich r",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) "
                        + "SELECT i, (SELECT owner FROM accounts WHERE id = i) FROM n",
                "SELECT a.owner, x.amount FROM accounts a, LATERAL (SELECT amount FROM ledger l "
                        + "WHERE l.account_id = a.id ORDER BY seq DESC LIMIT 1) x",
                "SELECT id FROM accounts UNION SELECT account_id FROM ledger EXCEPT SELECT 2",
                "SELECT public.accounts.owner FROM public.accounts WHERE public.accounts.id > 1",
                "TABLE accounts",
                "SELECT * FROM account_totals")) {
            twin.same(read);
        }
    }

    @Test
    void anInsertOnConflictUpdatesARowThatIsOnlyBelowAsOnACopy() throws SQLException {
        Twin.Outcome outcome = twin.same("INSERT INTO accounts AS a (id, owner, balance) VALUES (1, 'ann', 1), "
                + "(9, 'ivy', 9) ON CONFLICT (id) DO UPDATE SET balance = a.balance + excluded.balance "
                + "RETURNING id, balance");
        assertEquals(2, outcome.rows().size());
        twin.same("INSERT INTO accounts VALUES (10, 'bob', 0) ON CONFLICT DO NOTHING");
        twin.same(ACCOUNTS);
    }

    @Test
    void anInsertOfAKeyThatExistsBelowFailsWithTheSameSqlstateAsOnACopy() throws SQLException {
        assertEquals("23505", twin.same("INSERT INTO accounts VALUES (2, 'zed', 1)").sqlState());
        twin.same("INSERT INTO accounts (id, owner) SELECT id + 100, owner || '2' FROM accounts WHERE id < 3");
        twin.same(ACCOUNTS);
    }

    @Test
    void writesToATableWithoutPrimaryKeyGoToItsCopy() throws SQLException {
        twin.same("UPDATE events SET amount = amount + 10 WHERE kind = 'open'");
        twin.same("DELETE FROM events WHERE amount = 2");
        twin.same("INSERT INTO events VALUES ('audit', 7)");
        twin.same("SELECT kind, sum(amount) FROM events GROUP BY kind");
    }

    @Test
    void aDataModifyingCteHasItsPreludeHoistedBeforeTheStatement() throws SQLException {
        twin.same("WITH gone AS (DELETE FROM accounts WHERE id = 3 RETURNING owner), "
                + "raised AS (UPDATE accounts SET balance = balance + 5 WHERE id = 2 RETURNING owner) "
                + "INSERT INTO events SELECT owner, 0 FROM gone UNION ALL SELECT owner, 1 FROM raised");
        twin.same(ACCOUNTS);
        twin.same("SELECT * FROM events");
    }

    @Test
    void aWriteWhoseConditionReadsAWithQueryRunsThatQueryInItsPreludeToo() throws SQLException {
        twin.same("WITH poor AS (SELECT id FROM accounts WHERE balance < 60) "
                + "UPDATE accounts SET balance = 60 WHERE id IN (SELECT id FROM poor)");
        twin.same(ACCOUNTS);
    }

    @Test
    void truncateEmptiesTheTableOnTheBranchOnlyAndSaysTruncateTable() throws SQLException {
        twin.onCopy("TRUNCATE ledger");
        twin.onBranch("TRUNCATE ledger");
        Decision.Rewritten r = assertInstanceOf(Decision.Rewritten.class, twin.lastDecision);
        assertEquals("TRUNCATE TABLE", r.parts().get(r.parts().size() - 1).tagOverride().orElseThrow());
        twin.same("SELECT count(*) FROM ledger");
        assertEquals("0A000", twin.same("TRUNCATE accounts").sqlState(), "ledger references accounts");
    }

    @Test
    void nextvalOnTheBranchAdvancesOnlyTheBranchsCopyOfTheSequence() throws SQLException {
        twin.same("SELECT nextval('ticket_seq'), nextval('public.ticket_seq'::regclass)");
        twin.same("SELECT currval('ticket_seq')");
        twin.same("SELECT setval('ticket_seq', 500, false)");
        twin.same("SELECT nextval('ticket_seq')");
    }

    @Test
    void aStatementAfterSetSearchPathInTheSameStringResolvesNamesWithTheNewPath() throws SQLException {
        twin.same("UPDATE accounts SET balance = 1 WHERE id = 1");
        twin.same("SET search_path TO audit, public; SELECT * FROM accounts");
        twin.same("SET search_path TO public; SELECT * FROM accounts ORDER BY id");
    }

    @Test
    void copyFromStdinLoadsTheLayerAndCopyToStdoutWritesTheBranchsRows() throws Exception {
        copyIn(twin.copy, "COPY accounts (id, owner, balance) FROM STDIN", "7\tgus\t7\n8\that\t8\n");
        copyIn(twin.branch, rewritten("COPY accounts (id, owner, balance) FROM STDIN"), "7\tgus\t7\n8\that\t8\n");
        twin.same(ACCOUNTS);
        assertEquals(sortedLines(copyOut(twin.copy, "COPY accounts TO STDOUT")),
                sortedLines(copyOut(twin.branch, rewritten("COPY accounts TO STDOUT"))));
        assertEquals(sortedLines(copyOut(twin.copy, "COPY (SELECT owner FROM accounts WHERE id > 2) TO STDOUT")),
                sortedLines(copyOut(twin.branch,
                        rewritten("COPY (SELECT owner FROM accounts WHERE id > 2) TO STDOUT"))));
    }

    @Test
    void aParameterizedUpdatesPreludeInfersEveryParameterTypeAsTheUpdateItselfDoes() throws SQLException {
        Twin.Outcome outcome = twin.samePrepared("UPDATE accounts SET balance = $1, owner = owner || $2 "
                + "WHERE id = $3 OR balance > $1 RETURNING balance * $4, $2", "60.5", "!", "3", "2");
        assertEquals(3, outcome.rows().size(), "cy by id, ann and dee by balance");
        twin.same(ACCOUNTS);
    }

    @Test
    void aParameterizedInsertOnConflictTypesItsValuesAndDoUpdateParametersAsTheInsertDoes() throws SQLException {
        twin.samePrepared("INSERT INTO accounts (id, owner, balance) VALUES ($1, $2, $3), ($4, 'new', DEFAULT) "
                + "ON CONFLICT (id) DO UPDATE SET balance = excluded.balance + $5 WHERE accounts.balance < $6 "
                + "RETURNING id, balance", "2", "bob", "1.5", "12", "100", "1000");
        twin.samePrepared("DELETE FROM ledger WHERE account_id = $1 RETURNING seq + $2", "1", "100");
        twin.same(ACCOUNTS);
        twin.same("SELECT * FROM ledger");
    }

    @Test
    void aLockingReadReturnsWhatACopyReturnsAndHoldsRealRowLocks(TestUpstream pg) throws SQLException {
        twin.same("UPDATE accounts SET balance = balance - 1 WHERE id = 2");
        twin.same("SELECT id, owner FROM accounts WHERE balance > 40 ORDER BY id FOR UPDATE");
        twin.branch.setAutoCommit(false);
        try (Connection other = pg.connect(twin.branch.getCatalog())) {
            for (Decision.Part part : Decisions.parts(twin.router.decide(
                    "SELECT * FROM accounts WHERE owner = 'dee' FOR UPDATE", twin.session))) {
                twin.branch.createStatement().execute(part.sql());
            }
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> other
                    .createStatement().execute("SELECT * FROM rift_l1_public.accounts WHERE id = 4 FOR UPDATE NOWAIT"));
            assertEquals("55P03", e.getSQLState(), "the row is locked where the branch's writes go");
        } finally {
            twin.branch.rollback();
            twin.branch.setAutoCommit(true);
        }
    }

    @Test
    void explainOfAReadOnAChangedTablePlansTheMergedRelation() throws SQLException {
        twin.same("UPDATE accounts SET balance = 1 WHERE id = 1");
        Twin.Outcome plan = twin.onBranch("EXPLAIN SELECT * FROM accounts WHERE id = 1");
        assertNull(plan.sqlState());
        assertTrue(plan.rows().toString().contains("s_accounts"), plan.rows().toString());
    }

    private String rewritten(String sql) {
        Decision d = twin.router.decide(sql, twin.session);
        return assertInstanceOf(Decision.Rewritten.class, d).parts().get(0).sql();
    }

    private static void copyIn(Connection c, String sql, String data) throws Exception {
        new CopyManager(c.unwrap(BaseConnection.class)).copyIn(sql, new StringReader(data));
    }

    private static List<String> sortedLines(String text) {
        return text.lines().sorted().toList();
    }

    private static String copyOut(Connection c, String sql) throws Exception {
        StringWriter w = new StringWriter();
        new CopyManager(c.unwrap(BaseConnection.class)).copyOut(sql, w);
        return w.toString();
    }
}
