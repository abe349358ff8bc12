package dev.rift.router.sql;

/**
 * One lexical token of PostgreSQL SQL, by its place in the text it came from.
 *
 * @param kind  what the token is
 * @param begin offset of the first character
 * @param end   offset after the last character
 * @param value for {@link Kind#IDENT} the name as PostgreSQL folds it (ASCII lower case); for {@link Kind#QIDENT}
 *              the name between the quotes; for {@link Kind#STRING} the string's value, or null when rift does not
 *              decode that form (U&amp; strings, unknown escapes); otherwise the token's text
 */
public record Token(Kind kind, int begin, int end, String value) {

    public enum Kind {
        /** An unquoted identifier or keyword. */
        IDENT,
        /** A double-quoted identifier. */
        QIDENT,
        /** A {@code U&"..."} identifier, which rift does not decode. */
        UIDENT,
        /** Any string constant: '...', E'...', B'...', X'...', N'...', U&amp;'...', $tag$...$tag$. */
        STRING,
        NUMBER,
        /** A positional parameter {@code $n}. */
        PARAM,
        /** An operator, including {@code ::}. */
        OP,
        LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, SEMICOLON, DOT, COLON,
        /** A string, quoted identifier or comment that runs to the end of the text. */
        UNTERMINATED
    }

    /** Whether this is the unquoted keyword {@code word} (given in lower case). */
    public boolean is(String word) {
        return kind == Kind.IDENT && value.equals(word);
    }

    /** Whether this names something: an identifier, quoted or not. */
    public boolean isName() {
        return kind == Kind.IDENT || kind == Kind.QIDENT;
    }

    public boolean is(Kind k) {
        return kind == k;
    }

    public String text(String sql) {
        return sql.substring(begin, end);
    }
}
