package dev.rift.router.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token boundaries as PostgreSQL's scan.l draws them, under either standard_conforming_strings. */
class SqlLexerReadingTest {
    private static final String DELETE = "SELECT '\\'' ; DELETE FROM public.orders WHERE id = 13 RETURNING id; -- '";

    private static List<String> texts(String sql, boolean standardStrings) {
        return SqlLexer.lex(sql, standardStrings).stream().map(t -> t.text(sql)).toList();
    }

    private static List<String> statements(String sql, boolean standardStrings) {
        StatementSplitter.Split split = StatementSplitter.split(sql, standardStrings);
        assertFalse(split.unterminated(), "unterminated: " + sql);
        return split.statements();
    }

    @Test
    void withStandardStringsOnABackslashInAPlainStringIsJustACharacter() {
        assertEquals(List.of("SELECT", "'\\'' ; DELETE FROM public.orders WHERE id = 13 RETURNING id; -- '"),
                texts(DELETE, true));
        assertEquals(1, statements(DELETE, true).size());
    }

    @Test
    void withStandardStringsOffABackslashEscapesTheQuoteAndTheDeleteIsAStatementOfItsOwn() {
        assertEquals(List.of("SELECT '\\'' ", " DELETE FROM public.orders WHERE id = 13 RETURNING id"),
                statements(DELETE, false));
        assertEquals("'", SqlLexer.lex(DELETE, false).get(1).value());
    }

    @Test
    void escapeStringsEscapeUnderEitherSetting() {
        String sql = "SELECT E'\\'' ; SELECT 2";
        assertEquals(List.of("SELECT E'\\'' ", " SELECT 2"), statements(sql, true));
        assertEquals(List.of("SELECT E'\\'' ", " SELECT 2"), statements(sql, false));
    }

    @Test
    void nationalStringsFollowTheSettingAndBitStringsNeverEscape() {
        String national = "SELECT N'\\' ; SELECT 2 ; -- '";
        assertEquals(List.of("SELECT N'\\' ", " SELECT 2 "), statements(national, true));
        assertEquals(List.of("SELECT", "N'\\' ; SELECT 2 ; -- '"), texts(national, false).subList(0, 2));
        String bits = "SELECT B'\\' ; SELECT 2";
        assertEquals(List.of("SELECT B'\\' ", " SELECT 2"), statements(bits, false));
        assertEquals(List.of("SELECT X'\\' ", " SELECT 2"), statements("SELECT X'\\' ; SELECT 2", false));
    }

    @Test
    void unicodeStringsDoNotEscapeWithBackslash() {
        String sql = "SELECT U&'\\' ; SELECT 2";
        assertEquals(List.of("SELECT U&'\\' ", " SELECT 2"), statements(sql, true));
        assertEquals(List.of("SELECT U&'\\' ", " SELECT 2"), statements(sql, false));
        assertEquals(List.of("SELECT", "U&\"a;b\"", ",", "2"), texts("SELECT U&\"a;b\", 2", true));
    }

    @Test
    void dollarQuotesEndOnlyAtTheirOwnTag() {
        String sql = "SELECT $a$ ' $b$ ; \\ $a$; SELECT $$x$a$$, $b_1$;$b_1$";
        assertEquals(List.of("SELECT", "$a$ ' $b$ ; \\ $a$", ";", "SELECT", "$$x$a$$", ",", "$b_1$;$b_1$"),
                texts(sql, false));
        assertEquals(List.of("SELECT $a$ ' $b$ ; \\ $a$", " SELECT $$x$a$$, $b_1$;$b_1$"), statements(sql, true));
    }

    @Test
    void blockCommentsNest() {
        assertEquals(List.of("SELECT", "1"), texts("SELECT /* a /* ; ' */ ; */ 1", true));
        assertEquals(List.of("SELECT 1 /* x /* y */ ; ' */"), statements("SELECT 1 /* x /* y */ ; ' */", false));
    }

    @Test
    void aStringContinuedOnTheNextLineIsReadAsItsFirstPartIs() {
        // scan.l's quotecontinue: the second part of E'x' is an escape string too, so \' does not end it.
        String sql = "SELECT E'x'\n'\\'' AS a ; SELECT 2 AS b; -- '";
        assertEquals(List.of("SELECT E'x'\n'\\'' AS a ", " SELECT 2 AS b"), statements(sql, true));
        assertEquals("x'", SqlLexer.lex(sql, true).get(1).value());
        String comment = "SELECT 'a' -- c\n  'b' AS ab";
        assertEquals(List.of("SELECT", "'a' -- c\n  'b'", "AS", "ab"), texts(comment, true));
        assertEquals("ab", SqlLexer.lex(comment, true).get(1).value());
        // Without a newline in between they are two strings (a syntax error to PostgreSQL).
        assertEquals(List.of("SELECT", "'a'", "'b'"), texts("SELECT 'a' 'b'", true));
        assertEquals(List.of("SELECT", "'a'", "'b'"), texts("SELECT 'a' /*\n*/ 'b'", true));
    }

    @Test
    void anIndependentTextReadsTheSameUnderBothSettings() {
        String off = StandardStrings.independent(DELETE, false);
        assertEquals("SELECT E'\\'' ; DELETE FROM public.orders WHERE id = 13 RETURNING id; -- '", off);
        assertEquals(List.of("SELECT E'\\'' ", " DELETE FROM public.orders WHERE id = 13 RETURNING id"),
                statements(off, true));
        assertEquals(statements(off, false), statements(off, true));

        String on = StandardStrings.independent(DELETE, true);
        assertEquals("SELECT E'\\\\'' ; DELETE FROM public.orders WHERE id = 13 RETURNING id; -- '", on);
        assertEquals(1, statements(on, false).size());
        assertEquals(SqlLexer.lex(DELETE, true).get(1).value(), SqlLexer.lex(on, false).get(1).value());

        assertEquals("SELECT NCHAR E'a\\\\b', E'c\\\\d'", StandardStrings.independent("SELECT N'a\\b', 'c\\d'", true));
        assertEquals("SELECT 1 E'\\''", StandardStrings.independent("SELECT 1'\\''", false));
        String continued = "SELECT 'a'\n'\\'' ; SELECT 2; -- '";
        assertEquals("SELECT E'a'\n'\\'' ; SELECT 2; -- '", StandardStrings.independent(continued, false));
    }

    @Test
    void aTextWithoutPlainBackslashStringsIsItsOwnIndependentText() {
        String sql = "SELECT E'\\n', $$\\$$, 'plain' -- \\ '";
        assertSame(sql, StandardStrings.independent(sql, false));
        assertSame(sql, StandardStrings.independent(sql, true));
        assertFalse(StandardStrings.dependsOnSetting(sql));
        assertTrue(StandardStrings.dependsOnSetting(DELETE));
    }
}
