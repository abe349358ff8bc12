package dev.rift.router.sql;

import org.junit.jupiter.api.Test;

import static dev.rift.router.sql.Decisions.assertPassesThrough;
import static dev.rift.router.sql.Decisions.assertRefused;
import static dev.rift.router.sql.Fixture.ACCOUNTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What pg_dump needs of the router on a branch (docs/ddl.md, "pg_dump through a branch"): the system column tableoid
 * of a redirected catalog table, and SQL-level PREPARE and EXECUTE of catalog reads.
 */
class CatalogTableOidsTest {
    private static final String NS = "rift_catalog.tableoid('pg_catalog.pg_namespace')";

    @Test
    void aQualifiedTableoidOfARedirectedTableBecomesThatTablesOid() {
        assertEquals("SELECT " + NS + ", n.oid FROM rift_catalog.pg_namespace n",
                CatalogReferences.redirect("SELECT n.tableoid, n.oid FROM pg_namespace n"));
        assertEquals("SELECT " + NS + " FROM rift_catalog.pg_namespace AS n WHERE " + NS + " > 0",
                CatalogReferences.redirect("SELECT n.tableoid FROM pg_catalog.pg_namespace AS n WHERE n.tableoid > 0"));
        assertEquals("SELECT rift_catalog.tableoid('pg_catalog.pg_class') FROM rift_catalog.pg_class",
                CatalogReferences.redirect("SELECT pg_class.tableoid FROM pg_class"));
    }

    @Test
    void eachAliasMeansItsOwnQueryLevelsRelation() {
        assertEquals("SELECT rift_catalog.tableoid('pg_catalog.pg_class'), (SELECT rift_catalog.tableoid("
                        + "'pg_catalog.pg_constraint') FROM rift_catalog.pg_constraint c LIMIT 1) FROM rift_catalog.pg_class c",
                CatalogReferences.redirect("SELECT c.tableoid, (SELECT c.tableoid FROM pg_constraint c LIMIT 1)"
                        + " FROM pg_class c"));
        // A correlated reference reaches the outer level.
        assertEquals("SELECT (SELECT " + NS + " FROM rift_catalog.pg_class c) FROM rift_catalog.pg_namespace n",
                CatalogReferences.redirect("SELECT (SELECT n.tableoid FROM pg_class c) FROM pg_namespace n"));
    }

    @Test
    void anUnqualifiedTableoidMeansTheOneRedirectedRelationOfItsLevel() {
        assertEquals("SELECT rift_catalog.tableoid('pg_catalog.pg_type'), (SELECT relkind FROM rift_catalog.pg_class"
                        + " WHERE oid = typrelid) FROM rift_catalog.pg_type WHERE (rift_catalog.tableoid("
                        + "'pg_catalog.pg_type') > 0)",
                CatalogReferences.redirect("SELECT tableoid, (SELECT relkind FROM pg_class WHERE oid = typrelid)"
                        + " FROM pg_type WHERE (tableoid > 0)"));
    }

    @Test
    void tableoidOfWhatIsNotARedirectedTableStays() {
        // pg_extension is a table rift does not redirect; pg_tables a view (no tableoid on a copy either); a join of
        // two redirected relations leaves an unqualified reference ambiguous, as PostgreSQL finds it.
        assertEquals("SELECT x.tableoid, " + NS + " FROM pg_extension x JOIN rift_catalog.pg_namespace n ON true",
                CatalogReferences.redirect("SELECT x.tableoid, n.tableoid FROM pg_extension x JOIN pg_namespace n ON true"));
        assertEquals("SELECT tableoid FROM rift_catalog.pg_tables",
                CatalogReferences.redirect("SELECT tableoid FROM pg_tables"));
        assertEquals("SELECT tableoid FROM rift_catalog.pg_class, rift_catalog.pg_type",
                CatalogReferences.redirect("SELECT tableoid FROM pg_class, pg_type"));
        assertEquals("SELECT t.tableoid FROM rift_catalog.pg_class c, accounts t",
                CatalogReferences.redirect("SELECT t.tableoid FROM pg_class c, accounts t"));
    }

    private final StatementRouter router = new StatementRouter();
    private final Fixture.Session session = new Fixture.Session().changed(ACCOUNTS);

    @Test
    void aPreparedCatalogReadAndItsExecutionRun() {
        assertFalse(router.decide("PREPARE p(pg_catalog.oid) AS SELECT a.attname FROM pg_catalog.pg_attribute a"
                + " JOIN pg_init_privs i ON i.objoid = a.attrelid WHERE a.attrelid = $1", session)
                instanceof Decision.Refused);
        assertPassesThrough(router.decide("EXECUTE p('accounts'::regclass)", session));
        assertPassesThrough(router.decide("EXECUTE p(16384)", session));
    }

    @Test
    void aPreparedStatementThatReadsATableOrMovesASequenceIsRefused() {
        assertRefused("0A000", "PREPARE (SQL-level prepared statements) of a statement that reads more than the catalog",
                router.decide("PREPARE p AS SELECT c.relname FROM pg_class c JOIN accounts a ON a.id = c.oid", session));
        assertRefused("0A000", "PREPARE", router.decide("PREPARE p AS SELECT nextval('s')", session));
        assertRefused("0A000", "PREPARE", router.decide("PREPARE p AS INSERT INTO accounts VALUES (1)", session));
        assertRefused("0A000", "PREPARE", router.decide("PREPARE p AS SELECT * FROM public.pg_class", session));
        assertRefused("0A000", "EXECUTE", router.decide("EXECUTE p((SELECT max(id) FROM accounts))", session));
    }
}
