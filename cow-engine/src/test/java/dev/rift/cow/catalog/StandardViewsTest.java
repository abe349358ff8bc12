package dev.rift.cow.catalog;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static dev.rift.cow.catalog.CatalogQueries.redirect;
import static dev.rift.cow.catalog.CatalogQueries.sortedRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * information_schema's views and pg_catalog's derived views (what ORMs and migration tools read) show on a migrated
 * branch what they show on a migrated copy.
 */
@ExtendWith(UpstreamExtension.class)
class StandardViewsTest {
    private static MigratedBranch migrated;
    private static Connection copy;
    private static Connection branch;

    @BeforeAll
    static void migrate(TestUpstream pg) throws SQLException {
        migrated = MigratedBranch.create(pg);
        copy = migrated.copy();
        branch = migrated.branch();
    }

    @AfterAll
    static void dropDatabases() throws SQLException {
        copy.close();
        branch.close();
        migrated.close();
    }

    @ParameterizedTest(name = "information_schema.{0}")
    @CsvSource({
            "tables, table_schema",
            "columns, table_schema",
            "views, table_schema",
            "table_constraints, table_schema",
            "key_column_usage, table_schema",
            "referential_constraints, constraint_schema",
            "sequences, sequence_schema",
            "check_constraints, constraint_schema",
            "constraint_column_usage, table_schema",
            "constraint_table_usage, table_schema",
            "triggers, event_object_schema",
            "element_types, object_schema",
            "attributes, udt_schema",
            "domains, domain_schema",
            "routines, specific_schema",
            "parameters, specific_schema",
            "data_type_privileges, object_schema",
            "schemata, schema_name",
    })
    void informationSchemaShowsTheCopysRows(String view, String schemaColumn) throws SQLException {
        String query = "SELECT * FROM information_schema." + view + " WHERE " + schemaColumn
                + " NOT IN ('pg_catalog', 'information_schema')";
        assertAlike(query, !List.of("triggers", "element_types", "attributes", "domains", "routines",
                "parameters").contains(view));
    }

    @ParameterizedTest(name = "pg_catalog.{0}")
    @CsvSource({"pg_tables", "pg_indexes", "pg_views", "pg_sequences", "pg_matviews"})
    void pgCatalogsDerivedViewsShowTheCopysRows(String view) throws SQLException {
        assertAlike("SELECT * FROM pg_catalog." + view + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
                !view.equals("pg_matviews"));
    }

    private static void assertAlike(String query, boolean copyHasRows) throws SQLException {
        List<List<String>> expected = sortedRows(copy, query);
        assertEquals(copyHasRows, !expected.isEmpty(), "the copy has rows for " + query);
        assertEquals(expected, sortedRows(branch, redirect(query)), query);
    }
}
