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
import java.util.List;

import static dev.rift.cow.catalog.CatalogQueries.psql;
import static dev.rift.cow.catalog.CatalogQueries.redirect;
import static dev.rift.cow.catalog.CatalogQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * psql's describe commands on a branch that ran a migration print what they print on a full copy that ran it:
 * the queries psql 15 sends, redirected to rift_catalog as the router does, return the copy's rows.
 */
@ExtendWith(UpstreamExtension.class)
class PsqlDescribeTest {
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

    @ParameterizedTest
    @ValueSource(strings = {"dt", "di", "dv", "ds", "dT_types", "dn"})
    void listingsShowTheCopysObjectsAndNoneOfRifts(String command) throws SQLException {
        String query = psql(command).get(0);
        List<List<String>> expected = rows(copy, query);
        assertFalse(expected.isEmpty(), "the copy lists something for " + command);
        assertEquals(expected, rows(branch, redirect(query)), command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"customers", "orders", "shipments", "parcels"})
    void describingATableShowsTheCopysColumnsIndexesConstraintsReferencesAndTriggers(String table)
            throws SQLException {
        assertDescribedAlike("d_table", table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"big_orders", "open_shipments"})
    void describingAViewShowsTheCopysDefinition(String view) throws SQLException {
        assertDescribedAlike("d_view", view);
    }

    @ParameterizedTest
    @ValueSource(strings = {"invoice_numbers", "label_numbers", "shipments_id_seq"})
    void describingASequenceShowsTheCopysOptionsAndOwner(String sequence) throws SQLException {
        assertDescribedAlike("d_sequence", sequence);
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy_notes", "legacy_notes_id_seq", "legacy_notes_body", "ghosts"})
    void aDroppedTableWhatItOwnedAndAnotherBranchsTableAreNotFound(String name) throws SQLException {
        String find = psql("d_table").get(0).replace("{name}", name);
        assertTrue(rows(copy, find).isEmpty(), name + " is not on the copy");
        assertTrue(rows(branch, redirect(find)).isEmpty(), name + " is not on the branch");
    }

    @Test
    void theOwnTablesRiftTriggerIsNotShown() throws SQLException {
        String triggers = "SELECT tgname FROM pg_catalog.pg_trigger WHERE tgrelid = 'shipments'::regclass "
                + "AND NOT tgisinternal";
        assertEquals(List.of(List.of("tgname=rift_a_keys")), rows(branch, triggers), "the branch's table has it");
        assertEquals(List.of(), rows(branch, redirect(triggers)));
    }

    /** Runs psql's queries for {@code \d name} on both sides, each with the oid its first query found. */
    private static void assertDescribedAlike(String command, String name) throws SQLException {
        List<String> queries = psql(command);
        String find = queries.get(0).replace("{name}", name);
        List<List<String>> found = rows(copy, find);
        assertEquals(1, found.size(), "the copy has exactly one " + name);
        assertEquals(found, rows(branch, redirect(find)), "finding " + name);
        String copyOid = CatalogQueries.value(copy, find);
        String branchOid = CatalogQueries.value(branch, redirect(find));
        for (String query : queries.subList(1, queries.size())) {
            assertEquals(rows(copy, query.replace("{oid}", copyOid)),
                    rows(branch, redirect(query.replace("{oid}", branchOid))), "\\d " + name + ":\n" + query);
        }
    }
}
