package dev.rift.router.differential;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the leak scanner counts as one of rift's names, and what not. */
class InternalNamesTest {
    private final InternalNames names = new InternalNames("rift_test");

    @Test
    void riftsSchemasViewsRolesSettingsAndStatementsAreFound() {
        assertEquals(List.of("rift_l12", "m_16399", "rift_o3_public"),
                names.in("cannot drop view rift_l12.m_16399 because rift_o3_public.t needs it"));
        assertEquals(List.of("m_16399"), names.in("relation \"m_16399\" does not exist"));
        assertEquals(List.of("rift_d1_app_0a1b2c", "rift.stack", "__rift_7", "RIFT_CATALOG"),
                names.in("rift_d1_app_0a1b2c set rift.stack; prepared statement \"__rift_7\"; RIFT_CATALOG"));
    }

    @Test
    void theHarnesssOwnNamesAndOrdinaryWordsAreNot() {
        assertEquals(List.of(), names.in("rift_test owns rift_t_0123456789abcdef"));
        assertEquals(List.of(), names.in("drift_l1 program_123 item_m_123 m_12 swift.stack"));
    }
}
