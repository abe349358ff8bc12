package dev.rift.router.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-protocol query string into its statements at top-level semicolons, the way PostgreSQL's
 * grammar does: semicolons inside strings, quoted names, dollar quotes, comments or parentheses do not split.
 */
public final class StatementSplitter {
    private StatementSplitter() {}

    /**
     * The statements of a query string.
     *
     * @param statements each statement's original text (without its semicolon), empty ones dropped
     * @param unterminated whether a string, quoted name or comment runs to the end: PostgreSQL rejects the whole
     *                     string with a syntax error before running any of it
     */
    public record Split(List<String> statements, boolean unterminated) {
        public Split {
            statements = List.copyOf(statements);
        }

        /** No statement at all (only whitespace, comments, semicolons): PostgreSQL answers EmptyQueryResponse. */
        public boolean isEmpty() {
            return statements.isEmpty();
        }
    }

    /** The statements of a query string read with {@code standard_conforming_strings = on}. */
    public static Split split(String sql) {
        return split(sql, true);
    }

    /** The statements of a query string as the server splits it under this {@code standard_conforming_strings}. */
    public static Split split(String sql, boolean standardStrings) {
        List<Token> tokens = SqlLexer.lex(sql, standardStrings);
        List<String> statements = new ArrayList<>();
        int depth = 0;
        int start = 0;
        boolean any = false;
        boolean unterminated = false;
        for (Token t : tokens) {
            switch (t.kind()) {
                case LPAREN, LBRACKET -> depth++;
                case RPAREN, RBRACKET -> depth = Math.max(0, depth - 1);
                case UNTERMINATED -> unterminated = true;
                default -> { }
            }
            if (t.is(Token.Kind.SEMICOLON) && depth == 0) {
                if (any) {
                    statements.add(sql.substring(start, t.begin()));
                }
                start = t.end();
                any = false;
            } else {
                any = true;
            }
        }
        if (any) {
            statements.add(sql.substring(start));
        }
        return new Split(statements, unterminated);
    }
}
