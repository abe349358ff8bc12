package dev.rift.router.sql;

import org.junit.jupiter.api.Test;

import static dev.rift.router.sql.FakeUpstream.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text rift sends for functions and procedures on a branch (docs/ddl.md): made in the own schema, dropped and
 * altered there behind a guard that refuses an upstream-only routine, and qualified calls of the branch's own pointed
 * at it.
 */
class RoutineDdlRenderingTest {
    private final StatementRouter router = new StatementRouter();

    private static Fixture.Session session() {
        Fixture.Session session = new Fixture.Session();
        session.overlay.schemaChanges();
        session.overlay.ownFunction(id("public", "mine"));
        return session;
    }

    private String sent(String sql) {
        Decision d = router.decide(sql, session());
        if (d instanceof Decision.Refused r) {
            return "refused " + r.sqlState() + " " + r.message();
        }
        StringBuilder b = new StringBuilder();
        for (Decision.Part p : assertInstanceOf(Decision.Rewritten.class, d).parts()) {
            b.append(p.hidden() || p.recordsDdl() ? "hidden: " : "visible: ").append(p.sql()).append('\n');
        }
        return b.toString();
    }

    @Test
    void aNewFunctionIsMadeInTheOwnSchemaQualifiedOrNot() {
        assertTrue(sent("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$").endsWith(
                "visible: CREATE FUNCTION \"rift_o1_public\".f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$\n"));
        assertTrue(sent("CREATE OR REPLACE PROCEDURE public.p(a int) LANGUAGE sql AS 'SELECT a'").endsWith(
                "visible: CREATE OR REPLACE PROCEDURE \"rift_o1_public\".p(a int) LANGUAGE sql AS 'SELECT a'\n"));
    }

    @Test
    void dropAndAlterAreGuardedAndQualifiedNamesPointedAtTheOwnSchema() {
        String drop = sent("DROP FUNCTION IF EXISTS public.mine(int), other CASCADE");
        assertTrue(drop.endsWith("visible: DROP FUNCTION IF EXISTS \"rift_o1_public\".mine(int), other CASCADE\n"), drop);
        assertTrue(drop.contains("IF NOT EXISTS (SELECT FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = p.pronamespace WHERE p.proname = ''mine'' AND n.nspname = ANY (''{\"rift_o1_public\"}''"
                + "::text[])) AND EXISTS"), drop);
        assertTrue(drop.contains("p.proname = ''other'' AND n.nspname = ANY (''{\"rift_o1_public\"}''::text[]))"
                + " AND EXISTS (SELECT FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid ="
                + " p.pronamespace WHERE p.proname = ''other'' AND n.nspname = ANY (''{\"alice\",\"public\"}''::text[]))"
                + " THEN RAISE EXCEPTION USING ERRCODE = ''0A000''"), drop);
        String alter = sent("ALTER FUNCTION mine(int) RENAME TO yours");
        assertTrue(alter.endsWith("visible: ALTER FUNCTION mine(int) RENAME TO yours\n"), alter);
    }

    @Test
    void movingOrGivingAwayARoutineIsRefused() {
        assertEquals("refused 0A000 ALTER FUNCTION ... SET SCHEMA is not supported on overlay branches yet: the"
                + " routine would leave the branch's own schema or its session role",
                sent("ALTER FUNCTION mine() SET SCHEMA public"));
        assertTrue(sent("ALTER PROCEDURE mine OWNER TO someone").startsWith("refused 0A000 ALTER PROCEDURE ... OWNER TO"));
    }

    @Test
    void qualifiedCallsOfOwnRoutinesGoToTheOwnSchemaAndRunWithTheNameViews() {
        String call = sent("SELECT public.mine(1), mine(2), public.lower('A')");
        assertTrue(call.endsWith("visible: SELECT \"rift_o1_public\".mine(1), mine(2), public.lower('A')\n"), call);
        assertTrue(call.startsWith("hidden: SELECT pg_catalog.set_config('search_path'"), call);
        assertTrue(sent("CALL public.mine()").endsWith("visible: CALL \"rift_o1_public\".mine()\n"));
    }
}
