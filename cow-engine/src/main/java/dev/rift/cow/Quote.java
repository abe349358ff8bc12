package dev.rift.cow;

/** Quoting of identifiers and literals for SQL that rift generates: nothing is spliced unquoted. */
public final class Quote {
    private Quote() {}

    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * As PostgreSQL's quote_literal: a value with a backslash becomes E'...' with the backslash doubled, which reads
     * the same whatever the session's standard_conforming_strings ('a\b' would not).
     */
    public static String literal(String value) {
        String quoted = "'" + value.replace("'", "''") + "'";
        return value.indexOf('\\') < 0 ? quoted : "E" + quoted.replace("\\", "\\\\");
    }
}
