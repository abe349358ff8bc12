package dev.rift.cow.catalog;

import java.util.List;

/**
 * The database a branch session names itself (docs/ddl.md): a full copy named {@code pr-42} answers {@code pr-42} for
 * {@code current_database()}, {@code current_catalog}, information_schema's {@code *_catalog} columns and its own
 * {@code pg_database} row, so a branch answers with its own name, read from the session setting {@code rift.branch}
 * (unset: the upstream's own name). information_schema's copies call {@code current_database()} unqualified and so
 * bind to the function here.
 */
final class DatabaseName {
    private DatabaseName() {}

    /** pg_catalog functions whose calls go to the wrappers here (every overload). */
    static final List<String> FUNCTIONS = List.of("current_database", "pg_database_size");

    private static final String BRANCH = "COALESCE(NULLIF(pg_catalog.current_setting('rift.branch', true), ''),"
            + " pg_catalog.current_database())::name";

    static final List<String> DDL = List.of(
            "CREATE FUNCTION rift_catalog.current_database() RETURNS name LANGUAGE sql STABLE PARALLEL SAFE AS $$"
                    + " SELECT " + BRANCH + " $$",
            // current_catalog is a keyword, not a function: the router rewrites it to this, whose call names its
            // result column as PostgreSQL names the keyword's.
            "CREATE FUNCTION rift_catalog.current_catalog() RETURNS name LANGUAGE sql STABLE PARALLEL SAFE AS $$"
                    + " SELECT " + BRANCH + " $$",
            // The branch's name stands for the database the session is connected to: the upstream, whose data it reads.
            """
            CREATE FUNCTION rift_catalog.pg_database_size(name) RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE STRICT AS $$
              SELECT pg_catalog.pg_database_size(CASE WHEN $1 = rift_catalog.current_database()
                                                      THEN pg_catalog.current_database() ELSE $1 END) $$""",
            "CREATE FUNCTION rift_catalog.pg_database_size(oid) RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE STRICT"
                    + " AS $$ SELECT pg_catalog.pg_database_size($1) $$");

    /**
     * What {@code pg_database} shows a branch: the cluster's databases, the one the session is connected to (the
     * upstream) under the branch's name. It keeps the upstream's oid, so joins by oid ({@code pg_stat_activity.datid},
     * {@code pg_locks.database}) still find it; a database that really has the branch's name is left out, as names
     * are unique.
     */
    static String shownName(String column) {
        return "CASE WHEN x." + column + " = pg_catalog.current_database() THEN rift_catalog.current_database()"
                + " ELSE x." + column + " END";
    }

    static final String PG_DATABASE_WHERE =
            "(x.datname = pg_catalog.current_database() OR x.datname <> rift_catalog.current_database())";
}
