package dev.rift.router.sql;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A branch session runs as a session role (docs/security.md): where a statement asks for the current role as a value,
 * the client's role is what a copy answers; where the keyword specifies a role or is part of other syntax, the text
 * stays as it is.
 */
class ClientUserReferencesTest {
    @ParameterizedTest
    @ValueSource(strings = {"current_user", "session_user", "current_role", "user", "CURRENT_USER"})
    void theCurrentRoleAsAValueIsTheClientsRole(String word) {
        assertEquals("SELECT rift_catalog.client_user() AS who",
                CatalogReferences.redirect("SELECT " + word + " AS who"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO t (id) OVERRIDING USER VALUE VALUES (1)",
            "ALTER TABLE t OWNER TO current_user",
            "GRANT SELECT ON t TO current_user",
            "REVOKE SELECT ON t FROM current_user",
            "SET ROLE current_user",
            "CREATE SCHEMA AUTHORIZATION current_user",
            "CREATE USER MAPPING FOR current_user SERVER s",
            "ALTER USER current_user SET work_mem = '1MB'",
            "SELECT \"user\" FROM accounts",
            "SELECT t.user FROM accounts t"})
    void aRoleSpecificationOrOtherSyntaxIsLeftAlone(String sql) {
        assertNull(CatalogReferences.redirect(sql), sql);
    }
}
