package dev.rift.testsupport;

/**
 * The one rule for which schemas are the user's: every schema but PostgreSQL's ({@code pg_catalog},
 * {@code information_schema}, {@code pg_toast*}, {@code pg_temp*}: another session's temporary tables cannot be read,
 * and they vanish with it) and rift's own ({@code rift}, {@code rift_catalog}, {@code rift_information_schema}, a
 * layer's data schemas {@code rift_l<n>} and {@code rift_l<n>_<schema>}, its own schemas {@code rift_o<n>_<schema>}, its name views' {@code rift_v<n>_<schema>}),
 * the names cow-engine's LayerNames and catalog views give them. A user schema that merely starts with
 * {@code rift_} is the user's.
 */
public final class UserSchemas {
    private UserSchemas() {}

    /** rift's schemas, as cow-engine's catalog views (Visibility) tell them apart, as a condition on {@code %1$s}. */
    private static final String RIFT = "(%1$s IN ('rift', 'rift_catalog', 'rift_information_schema')"
            + " OR %1$s ~ '^rift_[lov][0-9]+(_|$)')";

    /** A SQL condition that holds when the schema name in {@code column} is the user's. */
    public static String condition(String column) {
        return "(" + column + " NOT IN ('pg_catalog', 'information_schema') AND " + column + " NOT LIKE 'pg\\_toast%'"
                + " AND " + column + " NOT LIKE 'pg\\_temp%' AND NOT " + String.format(RIFT, column) + ")";
    }

    /** A SQL condition that holds when the schema name in {@code column} is rift's own. */
    public static String rift(String column) {
        return String.format(RIFT, column);
    }
}
