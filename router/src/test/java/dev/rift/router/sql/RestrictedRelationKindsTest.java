package dev.rift.router.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** restrict_nonsystem_relation_kind on a branch keeps every kind but {@code view} (docs/ddl.md, pg_dump). */
class RestrictedRelationKindsTest {

    private static String main(StatementPlan plan) {
        return plan.render(null).main();
    }

    @Test
    void pgDumpsStatementKeepsForeignTablesOnly() {
        Tokens t = new Tokens("SELECT set_config(name, 'view, foreign-table', false) FROM pg_settings WHERE name = "
                + "'restrict_nonsystem_relation_kind'");
        assertTrue(RestrictedRelationKinds.isPgDumpSetting(t));
        assertEquals("SELECT pg_catalog.set_config('restrict_nonsystem_relation_kind', 'foreign-table', false)",
                main(RestrictedRelationKinds.pgDumpSetting(t)));
    }

    @Test
    void otherSettingsReadThroughPgSettingsAreNotIt() {
        assertFalse(RestrictedRelationKinds.isPgDumpSetting(new Tokens("SELECT set_config(name, 'on', false) FROM "
                + "pg_settings WHERE name = 'quote_all_identifiers'")));
        assertFalse(RestrictedRelationKinds.isSetting(new Tokens("SET search_path = public")));
    }

    @Test
    void setKeepsTheOtherKindsInItsScope() {
        Tokens t = new Tokens("SET LOCAL restrict_nonsystem_relation_kind TO view, 'foreign-table'");
        assertTrue(RestrictedRelationKinds.isSetting(t));
        assertEquals("SET local restrict_nonsystem_relation_kind = 'foreign-table'",
                main(RestrictedRelationKinds.setting(t)));
        assertEquals("SET restrict_nonsystem_relation_kind = ''",
                main(RestrictedRelationKinds.setting(new Tokens("SET restrict_nonsystem_relation_kind = 'View'"))));
    }

    @Test
    void defaultAndMalformedValuesPassForPostgreSqlToAnswer() {
        assertNull(main(RestrictedRelationKinds.setting(new Tokens("SET restrict_nonsystem_relation_kind TO DEFAULT"))));
        assertNull(main(RestrictedRelationKinds.setting(new Tokens("SET restrict_nonsystem_relation_kind view"))));
    }
}
