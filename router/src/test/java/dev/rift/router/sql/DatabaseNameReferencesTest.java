package dev.rift.router.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A branch answers its own name for its database (docs/ddl.md): current_database() and the keyword current_catalog
 * go to the catalog's functions that read the branch's name; a column or quoted name that merely looks alike stays.
 */
class DatabaseNameReferencesTest {
    @Test
    void currentDatabaseAndCurrentCatalogNameTheBranch() {
        assertEquals("SELECT rift_catalog.current_database(), rift_catalog.current_catalog()",
                CatalogReferences.redirect("SELECT current_database(), current_catalog"));
        assertEquals("SELECT rift_catalog.current_database()",
                CatalogReferences.redirect("SELECT pg_catalog.current_database()"));
        assertEquals("SELECT rift_catalog.pg_database_size(rift_catalog.current_database())",
                CatalogReferences.redirect("SELECT pg_database_size(current_database())"));
        assertEquals("SELECT datname FROM rift_catalog.pg_database WHERE datname = rift_catalog.current_catalog()",
                CatalogReferences.redirect("SELECT datname FROM pg_database WHERE datname = current_catalog"));
    }

    @Test
    void aLookalikeNameIsLeftAlone() {
        assertNull(CatalogReferences.redirect("SELECT t.current_catalog, \"current_catalog\" FROM t"));
        assertNull(CatalogReferences.redirect("SELECT current_database FROM t"));
    }
}
