package dev.rift.cow.catalog;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.rift.cow.catalog.CatalogQueries.psql;
import static dev.rift.cow.catalog.CatalogQueries.redirect;
import static dev.rift.cow.catalog.CatalogQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the catalog views are installed and what they leave alone: exact pg_catalog columns, the upstream's own
 * catalog, sessions without a stack, roles without rights on rift's schema, and two installers at once.
 */
@ExtendWith(UpstreamExtension.class)
class CatalogInstallationTest {
    private static MigratedBranch migrated;

    @BeforeAll
    static void migrate(TestUpstream pg) throws SQLException {
        migrated = MigratedBranch.create(pg);
    }

    @AfterAll
    static void dropDatabases() {
        migrated.close();
    }

    @Test
    void everyRedirectedRelationHasPgCatalogsColumnsInOrderWithTheirTypes() throws SQLException {
        String columns = "SELECT attname, atttypid::regtype, atttypmod FROM pg_catalog.pg_attribute "
                + "WHERE attrelid = '%s'::regclass AND attnum > 0 ORDER BY attnum";
        try (Connection c = migrated.upstream()) {
            for (String name : CatalogRedirects.PG_CATALOG_RELATIONS) {
                List<List<String>> expected = rows(c, columns.formatted("pg_catalog." + name));
                assertTrue(expected.size() > 2, name);
                assertEquals(expected, rows(c, columns.formatted("rift_catalog." + name)), name);
            }
            for (String name : CatalogRedirects.INFORMATION_SCHEMA_RELATIONS) {
                assertEquals(rows(c, columns.formatted("information_schema." + name)),
                        rows(c, columns.formatted("rift_information_schema." + name)), name);
            }
        }
    }

    @Test
    void theUpstreamsOwnCatalogStillShowsRiftsSchemasAndTheDroppedTable() throws SQLException {
        String riftSchemas = "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname ~ '^rift'";
        String dropped = "SELECT count(*) FROM pg_catalog.pg_class WHERE relname = 'legacy_notes'";
        try (Connection upstream = migrated.upstream(); Connection branch = migrated.branch()) {
            for (Connection c : List.of(upstream, branch)) {
                // rift, rift_catalog, rift_information_schema, two own public schemas, the outside one, "Sales"'s,
                // and the layer's rift_l<n> and rift_l<n>_public.
                assertEquals("9", CatalogQueries.value(c, riftSchemas));
                assertEquals("1", CatalogQueries.value(c, dropped));
            }
            assertEquals("0", CatalogQueries.value(branch, redirect(riftSchemas)));
            assertEquals("0", CatalogQueries.value(branch, redirect(dropped)));
        }
    }

    @Test
    void withoutAStackTheCatalogIsTheUpstreamWithoutRiftsSchemas() throws SQLException {
        try (Connection upstream = migrated.upstream()) {
            List<String> tables = new ArrayList<>();
            for (List<String> row : rows(upstream, redirect(psql("dt").get(0)))) {
                tables.add(row.get(0) + " " + row.get(1));
            }
            assertEquals(List.of("Schema=public Name=customers", "Schema=public Name=legacy_notes",
                    "Schema=public Name=orders"), tables);
            assertEquals(List.of(List.of("nspname=Sales"), List.of("nspname=public")), rows(upstream, redirect(
                    "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^(pg_|information_schema)' "
                            + "ORDER BY 1")));
        }
    }

    @Test
    void currentSchemaAndCurrentSchemasNameTheLogicalSearchPathOnce() throws SQLException {
        String query = "SELECT current_schema(), current_schemas(true), current_schemas(false)";
        try (Connection copy = migrated.copy(); Connection branch = migrated.branch()) {
            List<List<String>> expected = rows(copy, query);
            assertEquals(List.of(List.of("current_schema=public", "current_schemas={pg_catalog,public}",
                    "current_schemas={public}")), expected, "the copy's default search_path");
            assertEquals(expected, rows(branch, redirect(query)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"'public.shipments', 'id'", "'shipments', 'id'", "'\"Sales\".targets', 'id'",
            "'public.customers', 'id'", "'public.shipments', 'tracking'"})
    void theSerialSequenceOfALogicalTableIsNamedInItsLogicalSchema(String args) throws SQLException {
        String query = "SELECT pg_get_serial_sequence(" + args + ")";
        try (Connection copy = migrated.copy(); Connection branch = migrated.branch()) {
            assertEquals(rows(copy, query), rows(branch, redirect(query)), query);
        }
    }

    @Test
    void aSessionRoleWithoutRightsOnRiftsSchemaReadsTheBranchsCatalog() throws SQLException {
        String role = "catalog_reader_" + migrated.topLayer;
        try (Connection copy = migrated.copy(); Connection branch = migrated.branch();
             Statement s = branch.createStatement()) {
            s.execute("CREATE ROLE " + role + " IN ROLE rift_branch"); // as a session role is (docs/security.md)
            try {
                s.execute("SET ROLE " + role);
                String query = psql("dt").get(0);
                assertEquals(rows(copy, query), rows(branch, redirect(query)));
                assertEquals("public.shipments_id_seq",
                        CatalogQueries.value(branch, redirect("SELECT pg_get_serial_sequence('public.shipments', 'id')")));
            } finally {
                s.execute("RESET ROLE");
                s.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void twoInstallersAtOnceBothSucceedAndLeaveOneCompleteCatalog() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Void> install = () -> {
                try (Connection c = migrated.upstream()) {
                    CatalogViews.install(c);
                }
                return null;
            };
            List<Future<Void>> installs = pool.invokeAll(List.of(install, install), 2, TimeUnit.MINUTES);
            for (Future<Void> f : installs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection copy = migrated.copy(); Connection branch = migrated.branch()) {
            String query = psql("dt").get(0);
            assertEquals(rows(copy, query), rows(branch, redirect(query)));
        }
    }
}
