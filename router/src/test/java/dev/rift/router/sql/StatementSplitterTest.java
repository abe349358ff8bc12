package dev.rift.router.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementSplitterTest {

    private static List<String> split(String sql) {
        StatementSplitter.Split s = StatementSplitter.split(sql);
        assertFalse(s.unterminated(), "unterminated: " + sql);
        return s.statements();
    }

    @Test
    void topLevelSemicolonsSplitAndEachStatementKeepsItsOriginalText() {
        assertEquals(List.of("SELECT 1", " select\n 2 ", "SELECT 3"), split("SELECT 1; select\n 2 ;SELECT 3"));
    }

    @Test
    void aSemicolonInAStringWithDoubledQuotesDoesNotSplit() {
        assertEquals(List.of("SELECT 'a;''b;'", " SELECT 2"), split("SELECT 'a;''b;'; SELECT 2"));
    }

    @Test
    void anEscapeStringsBackslashQuoteDoesNotEndIt() {
        assertEquals(List.of("SELECT E'a\\';b'", " SELECT 2"), split("SELECT E'a\\';b'; SELECT 2"));
        assertEquals(List.of("SELECT e'\\\\'", " SELECT 2"), split("SELECT e'\\\\'; SELECT 2"));
    }

    @Test
    void aBackslashInAPlainStringIsJustACharacter() {
        // standard_conforming_strings = on: 'a\' is a complete string
        assertEquals(List.of("SELECT 'a\\'", " SELECT 2"), split("SELECT 'a\\'; SELECT 2"));
    }

    @Test
    void aSemicolonInAQuotedIdentifierDoesNotSplit() {
        assertEquals(List.of("SELECT 1 AS \"x;\"\"y\"", " SELECT 2"), split("SELECT 1 AS \"x;\"\"y\"; SELECT 2"));
    }

    @Test
    void dollarQuotesWithAndWithoutTagsHideSemicolonsAndOtherDollarQuotes() {
        assertEquals(List.of("SELECT $$a;b$$, $fn$ $$; $fn$", " SELECT 2"),
                split("SELECT $$a;b$$, $fn$ $$; $fn$; SELECT 2"));
    }

    @Test
    void parametersAndDollarsInsideIdentifiersAreNotDollarQuotes() {
        assertEquals(List.of("SELECT $1, a$b$ FROM t", " SELECT $2"), split("SELECT $1, a$b$ FROM t; SELECT $2"));
    }

    @Test
    void lineCommentsAndNestedBlockCommentsHideSemicolons() {
        assertEquals(List.of("SELECT 1 -- ; here\n", " SELECT /* a /* ; */ ; */ 2"),
                split("SELECT 1 -- ; here\n; SELECT /* a /* ; */ ; */ 2"));
    }

    @Test
    void semicolonsInsideParenthesesDoNotSplit() {
        String rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))";
        assertEquals(List.of(rule, " SELECT 1"), split(rule + "; SELECT 1"));
    }

    @Test
    void emptyStatementsAreDroppedAndAnAllEmptyStringHasNoStatement() {
        assertEquals(List.of(" SELECT 1"), split(";; SELECT 1;;"));
        assertTrue(StatementSplitter.split("  ; -- only a comment\n ; /* and this */").isEmpty());
        assertTrue(StatementSplitter.split("").isEmpty());
    }

    @Test
    void anUnterminatedStringOrCommentIsReportedSoTheWholeStringGoesToPostgresUnsplit() {
        assertTrue(StatementSplitter.split("SELECT 1; SELECT 'abc").unterminated());
        assertTrue(StatementSplitter.split("SELECT 1 /* /* */").unterminated());
        assertTrue(StatementSplitter.split("SELECT $q$ x $Q$").unterminated());
    }
}
