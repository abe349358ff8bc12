package dev.rift.cow;

/** Quoting of identifiers and literals for SQL that rift generates: nothing is spliced unquoted. */
public final class Quote {
    private Quote() {}

    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
