package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.List;

/**
 * A client's text made independent of {@code standard_conforming_strings}: every plain '...' or N'...' string with
 * a backslash in it becomes the E'...' string of the same value, which the server reads alike under either setting.
 * An overlay session plans that text, so the planner (which lexes with the setting on) reads what the server reads,
 * and any statement rift sends built from it, or prepared again later under another setting, means the same.
 */
public final class StandardStrings {
    private StandardStrings() {}

    /**
     * The text that means, under either setting, what {@code sql} means under {@code standardStrings}; the same
     * instance when no plain string in it holds a backslash (always the case when the text has none).
     */
    public static String independent(String sql, boolean standardStrings) {
        if (sql.indexOf('\\') < 0) {
            return sql;
        }
        List<Token> tokens = SqlLexer.lex(sql, standardStrings);
        StringBuilder out = null;
        int copied = 0;
        for (Token t : tokens) {
            int quote = plainQuote(sql, t);
            int backslash = quote < 0 ? -1 : sql.indexOf('\\', quote);
            if (backslash < 0 || backslash >= t.end()) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(sql.length() + 16);
            }
            out.append(sql, copied, t.begin());
            boolean glued = t.begin() > 0 && SqlCharacters.isIdentCont(sql.charAt(t.begin() - 1));
            out.append(glued ? " " : "").append(quote > t.begin() ? "NCHAR E" : "E");
            String literal = sql.substring(quote, t.end());
            // With the setting on a backslash is itself; in E'...' it is written twice. With it off the string
            // already reads as E'...' does.
            out.append(standardStrings ? literal.replace("\\", "\\\\") : literal);
            copied = t.end();
        }
        if (out == null) {
            return sql;
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /**
     * Whether the server may split or read {@code sql} differently under the two settings: it has a plain string
     * holding a backslash. (Without one both readings are the same, token for token.)
     */
    public static boolean dependsOnSetting(String sql) {
        return independent(sql, true) != sql;
    }

    /** Offset of the opening quote of a plain or N string token (terminated or not), or -1. */
    private static int plainQuote(String sql, Token t) {
        if (t.kind() != Kind.STRING && t.kind() != Kind.UNTERMINATED) {
            return -1;
        }
        char first = sql.charAt(t.begin());
        if (first == '\'') {
            return t.begin();
        }
        if ((first == 'n' || first == 'N') && t.end() > t.begin() + 1 && sql.charAt(t.begin() + 1) == '\'') {
            return t.begin() + 1;
        }
        return -1;
    }
}
