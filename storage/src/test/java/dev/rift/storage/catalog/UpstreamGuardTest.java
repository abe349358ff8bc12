package dev.rift.storage.catalog;

import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The guard on upstream tables (docs/security.md): on every upstream table and partition after the install, on
 * tables made later, never on a branch's objects; refusing a session role's writes and DDL through a superuser's
 * SECURITY DEFINER function while everyone else writes as before; gone with schema rift.
 */
@ExtendWith(UpstreamExtension.class)
class UpstreamGuardTest {
    private static TestUpstream pg;
    private static String db;
    private static String creator;
    private static final String SESSION_ROLE = "rift_" + (System.nanoTime() % 1_000_000) + "_1_0123abcd";

    @BeforeAll
    static void install(TestUpstream upstream) throws SQLException {
        pg = upstream;
        db = pg.createDatabase();
        creator = "guard_creator_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.accounts (id int PRIMARY KEY, balance int)");
            s.execute("INSERT INTO public.accounts VALUES (1, 10)");
            s.execute("CREATE TABLE public.ledger (at date NOT NULL) PARTITION BY RANGE (at)");
            s.execute("CREATE TABLE public.ledger_2024 PARTITION OF public.ledger FOR VALUES FROM ('2024-01-01')"
                    + " TO ('2025-01-01')");
            s.execute("CREATE SCHEMA rift_o7_public");
            s.execute("CREATE TABLE rift_o7_public.own (a int)");
            s.execute("CREATE ROLE " + creator);
            s.execute("GRANT CREATE ON SCHEMA public TO " + creator);
            s.execute("CREATE ROLE \"" + SESSION_ROLE + "\"");
            s.execute("CREATE FUNCTION public.run_as_owner(q text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER"
                    + " AS $$BEGIN EXECUTE q; END$$");
        }
        try (BranchCatalog catalog = BranchCatalog.open(UpstreamUrl.parse(pg.url(db)))) {
            catalog.install();
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        pg.dropDatabase(db);
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("DROP ROLE " + creator);
            s.execute("DROP ROLE \"" + SESSION_ROLE + "\"");
        }
    }

    @Test
    void everyUpstreamTableAndPartitionIsGuardedAlwaysAndNoBranchObjectOrCatalogTableIs() throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + creator);
            s.execute("CREATE TABLE public.made_later (a int)");
            s.execute("RESET ROLE");
            s.execute("CREATE TABLE public.ledger_2025 PARTITION OF public.ledger FOR VALUES FROM ('2025-01-01')"
                    + " TO ('2026-01-01')");
            s.execute("CREATE TABLE rift_o7_public.own_later (a int)");
            s.execute("CREATE TEMP TABLE scratch (a int)");
            assertEquals(List.of("accounts A", "ledger A", "ledger_2024 A", "ledger_2025 A", "made_later A"),
                    rows(s, "SELECT tgrelid::regclass || ' ' || tgenabled::text FROM pg_trigger WHERE tgname = 'rift_guard'"
                            + " ORDER BY 1"));
            assertEquals(List.of("rift_guard_ddl A", "rift_guard_drop A", "rift_guard_new_tables A"),
                    rows(s, "SELECT evtname || ' ' || evtenabled::text FROM pg_event_trigger ORDER BY 1"));
        }
    }

    @Test
    void aSessionRoleIsRefusedWhatADefinerFunctionWouldDoAndEveryoneElseIsNot() throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("SET SESSION AUTHORIZATION \"" + SESSION_ROLE + "\"");
            for (String q : List.of("UPDATE public.accounts SET balance = 0",
                    "SET session_replication_role = replica; DELETE FROM public.accounts",
                    "INSERT INTO public.ledger_2024 VALUES ('2024-05-01')", "TRUNCATE public.ledger",
                    "ALTER TABLE public.accounts DISABLE TRIGGER rift_guard",
                    "DROP TRIGGER rift_guard ON public.accounts", "DROP TABLE public.accounts",
                    "CREATE TABLE public.planted (a int)")) {
                SQLException e = assertThrows(SQLException.class,
                        () -> s.execute("SELECT public.run_as_owner('" + q.replace("'", "''") + "')"), q);
                assertEquals("42501", e.getSQLState(), q + ": " + e.getMessage());
            }
            // The branch's own objects and the session's temporary ones are its to change.
            s.execute("SELECT public.run_as_owner('INSERT INTO rift_o7_public.own VALUES (1);"
                    + " CREATE TEMP TABLE t (a int); INSERT INTO t VALUES (1); DROP TABLE t')");
            s.execute("RESET SESSION AUTHORIZATION");
            s.execute("SET ROLE " + creator);
            s.execute("CREATE TABLE public.creators_own (a int)");
            s.execute("INSERT INTO public.creators_own VALUES (1)");
            s.execute("DROP TABLE public.creators_own");
            s.execute("RESET ROLE");
            s.execute("UPDATE public.accounts SET balance = 11");
            assertEquals(List.of("1 11"), rows(s, "SELECT id || ' ' || balance FROM public.accounts"));
            assertEquals(List.of("1"), rows(s, "SELECT count(*)::text FROM rift_o7_public.own"));
        }
    }

    @Test
    void droppingSchemaRiftRemovesTheGuardAndItsEventTriggers() throws SQLException {
        String other = pg.createDatabase();
        try {
            try (Connection c = pg.connect(other); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE public.t (a int)");
            }
            try (BranchCatalog catalog = BranchCatalog.open(UpstreamUrl.parse(pg.url(other)))) {
                catalog.install();
            }
            try (Connection c = pg.connect(other); Statement s = c.createStatement()) {
                assertEquals(List.of("1 3"), rows(s, GUARDS));
                s.execute("DROP SCHEMA rift CASCADE");
                assertEquals(List.of("0 0"), rows(s, GUARDS));
            }
        } finally {
            pg.dropDatabase(other);
        }
    }

    private static final String GUARDS = "SELECT (SELECT count(*) FROM pg_trigger WHERE tgname = 'rift_guard') || ' '"
            + " || (SELECT count(*) FROM pg_event_trigger WHERE evtname LIKE 'rift\\_%')";

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
