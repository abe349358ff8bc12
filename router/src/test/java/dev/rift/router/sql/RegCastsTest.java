package dev.rift.router.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Casts of a literal or parameter to an object-name type go through rift_catalog's reading of the name
 * (differential/ddl_names.sql runs them); everything else is left as it is.
 */
class RegCastsTest {
    private static final String NEW_TABLE =
            "(CASE WHEN true THEN (SELECT rift_catalog.rift_to_regclass('public.t')) END)::pg_catalog.regclass";

    @Test
    void aLiteralCastReadsTheNameOnTheBranch() {
        assertEquals("SELECT " + NEW_TABLE + " AS r", RegCasts.redirect("SELECT 'public.t'::regclass AS r"));
        assertEquals("SELECT " + NEW_TABLE, RegCasts.redirect("SELECT 'public.t'::pg_catalog.regclass"));
        assertEquals("SELECT " + NEW_TABLE, RegCasts.redirect("SELECT CAST('public.t' AS regclass)"));
        assertEquals("SELECT " + NEW_TABLE, RegCasts.redirect("SELECT regclass 'public.t'"));
        assertEquals("SELECT " + NEW_TABLE + "::oid", RegCasts.redirect("SELECT 'public.t'::REGCLASS::oid"));
    }

    @Test
    void aParameterIsReadAsText() {
        assertEquals("SELECT (CASE WHEN true THEN (SELECT rift_catalog.rift_to_regtype($1::pg_catalog.text)) END)"
                + "::pg_catalog.regtype", RegCasts.redirect("SELECT $1::regtype"));
    }

    @Test
    void printedAsTextTheLogicalSchemaShows() {
        assertEquals("SELECT (CASE WHEN true THEN rift_catalog.rift_logical_names(" + NEW_TABLE
                + "::pg_catalog.text) END)::pg_catalog.text", RegCasts.redirect("SELECT 'public.t'::regclass::text"));
    }

    @Test
    void aColumnPrintedAsTextKeepsItsColumnName() {
        assertEquals("SELECT (SELECT rift_catalog.rift_logical_names(c.oid::pg_catalog.regclass::pg_catalog.text)"
                + " AS \"oid\") FROM pg_class c", RegCasts.redirect("SELECT c.oid::pg_catalog.regclass::text FROM pg_class c"));
        assertEquals("SELECT (CASE WHEN true THEN rift_catalog.rift_logical_names((a || b)::regclass::pg_catalog.text)"
                + " END)::pg_catalog.text", RegCasts.redirect("SELECT (a || b)::regclass::text"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT relid::regclass FROM pg_stat_user_tables",
            "SELECT '{a,b}'::regclass[]",
            "SELECT nextval('public.s'::regclass)",
            "SELECT 'rift_o7_public.t'::regclass",
            "CREATE TABLE t (id integer DEFAULT nextval('s'::regclass), r regclass DEFAULT 'public.t'::regclass)",
            "ALTER TABLE t ALTER COLUMN r SET DEFAULT 'public.t'::regclass",
            "SELECT 'x'::text, registered FROM t",
            "SELECT 1",
            "SELECT f(x)::regclass::text, (c.oid)::regclass::text, x::oid::regclass::text, CASE WHEN a THEN b END::regclass::text"})
    void otherTextIsLeftAlone(String sql) {
        assertNull(RegCasts.redirect(sql), sql);
    }
}
