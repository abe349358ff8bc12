package dev.rift.router.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static dev.rift.router.sql.Decisions.assertPassesThrough;
import static dev.rift.router.sql.Decisions.assertRefused;
import static dev.rift.router.sql.Decisions.parts;
import static dev.rift.router.sql.Fixture.ACCOUNTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the router classifies statements that are not plain queries or writes, and how it decides whole strings. */
class UtilityStatementsTest {
    private final StatementRouter router = new StatementRouter();
    private final Fixture.Session session = new Fixture.Session().changed(ACCOUNTS);

    @ParameterizedTest
    @ValueSource(strings = {"BEGIN", "BEGIN ISOLATION LEVEL SERIALIZABLE", "START TRANSACTION READ ONLY", "COMMIT",
            "END", "ROLLBACK", "ABORT", "SAVEPOINT s", "RELEASE SAVEPOINT s", "ROLLBACK TO SAVEPOINT s",
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "SET statement_timeout = 0", "SET TIME ZONE 'UTC'",
            "SHOW work_mem", "RESET statement_timeout", "UNLISTEN *",
            "DISCARD PLANS", "DEALLOCATE ALL", "FETCH 10 FROM c", "MOVE NEXT IN c", "CLOSE c", "CHECKPOINT",
            "PREPARE TRANSACTION 'x'", "COMMIT PREPARED 'x'", "FOO BAR baz"})
    void statementsThatTouchNoBranchDataPassThrough(String sql) {
        assertPassesThrough(router.decide(sql, session));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CREATE SCHEMA extra CREATE TABLE t (id int)|CREATE SCHEMA with schema elements",
            "DROP TYPE mood|DROP TYPE of a type the branch did not create (mood)"})
    void ddlRiftCannotKeepOnTheBranchIsRefusedNamingTheConstruct(String sql, String construct) {
        assertRefused("0A000", construct + " is not supported on overlay branches yet", router.decide(sql, session));
    }

    @Test
    void temporaryObjectsPassThroughSinceTheyLiveOnlyInTheSession() {
        assertPassesThrough(router.decide("CREATE TEMP TABLE t AS SELECT 1", session));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PREPARE p AS SELECT * FROM accounts|PREPARE",
            "EXECUTE p((SELECT count(*) FROM accounts))|EXECUTE",
            "LOCK account_totals|LOCK TABLE on materialized view",
            "SELECT lo_create(0)|lo_create(): writing large objects",
            "COPY accounts FROM PROGRAM 'cat'|COPY FROM a file or program"})
    void constructsRiftDoesNotHandleAreRefusedByName(String sql, String construct) {
        assertRefused("0A000", construct, router.decide(sql, session));
    }

    @Test
    void showSearchPathOnABranchThatHoldsTablesReadsTheSessionsPathWithoutRiftsEntries() {
        Decision.Rewritten d = assertInstanceOf(Decision.Rewritten.class, router.decide("SHOW search_path", session));
        assertEquals(1, d.parts().size());
        String sql = d.parts().get(0).sql();
        assertTrue(sql.contains("current_setting('search_path')") && sql.contains("rift_[ov][0-9]+_"), sql);
    }

    @Test
    void doBlocksAndCallsPassThroughSinceTheirCodeRunsAgainstTheBranchThroughItsNameViews() {
        assertPassesThrough(router.decide("DO $$ BEGIN PERFORM 1; END $$", session));
        assertPassesThrough(router.decide("CALL refresh_all()", session));
    }

    @Test
    void setSearchPathInItsFormsIsTrackedForTheSession() {
        assertEquals(Optional.of(new SearchPathChange(List.of("audit", "My Schema", "x, y"), false)),
                router.decide("SET search_path TO audit, \"My Schema\", 'x, y'", session).searchPathChange());
        assertEquals(Optional.of(new SearchPathChange(List.of("audit"), false)),
                router.decide("SET SESSION search_path = AUDIT", session).searchPathChange());
        assertEquals(Optional.of(new SearchPathChange(List.of("$user", "audit"), true)),
                router.decide("SET LOCAL search_path TO \"$user\", audit", session).searchPathChange());
        assertEquals(Optional.of(new SearchPathChange(List.of("audit"), false)),
                router.decide("SET SCHEMA 'audit'", session).searchPathChange());
        for (String reset : List.of("SET search_path TO DEFAULT", "RESET search_path", "RESET ALL", "DISCARD ALL")) {
            assertEquals(Optional.of(new SearchPathChange(session.defaultSearchPath(), false)),
                    router.decide(reset, session).searchPathChange(), reset);
        }
        assertEquals(Optional.empty(), router.decide("SET work_mem = '64MB'", session).searchPathChange());
    }

    @Test
    void aStringWhoseStatementsAllPassThroughIsForwardedAsItIsWithItsLastSearchPathChange() {
        Decision d = router.decide("BEGIN; SET search_path TO audit; SELECT * FROM accounts; COMMIT", session);
        assertEquals(new Decision.PassThrough(Optional.of(new SearchPathChange(List.of("audit"), false))), d);
    }

    @Test
    void aStringWithOneRewrittenStatementSendsTheOthersAsTheyAre() {
        assertEquals(List.of(new Decision.Part("BEGIN", false),
                        new Decision.Part("SELECT * FROM " + Fixture.M_ACCOUNTS + " AS \"accounts\"", false),
                        new Decision.Part("/* tag */ SELECT 1", false)),
                parts(router.decide("BEGIN; SELECT * FROM accounts; /* tag */ SELECT 1 -- done\n;", session)));
    }

    @Test
    void emptyAndUnterminatedStringsAndSeveralStatementsInOneParseAreLeftToPostgres() {
        assertPassesThrough(router.decide(" ; -- nothing", session));
        assertPassesThrough(router.decide("SELECT * FROM accounts WHERE owner = 'unterminated", session));
        assertPassesThrough(router.decide("DELETE FROM accounts; SELECT 1", session.extended()));
        assertEquals(0, session.overlay.prepareWrites());
    }

    @Test
    void aRefusedDecisionHasNoSearchPathChangeAndNamesTheStatement() {
        Decision.Refused r = assertInstanceOf(Decision.Refused.class,
                router.decide("SET search_path TO audit; MERGE INTO accounts a USING accounts b ON true"
                        + " WHEN MATCHED THEN DELETE", session));
        assertEquals("statement 2 of 2: MERGE is not supported on overlay branches yet", r.message());
        assertEquals(Optional.empty(), r.searchPathChange());
    }
}
