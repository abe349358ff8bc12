package dev.rift.cow.ddl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A copied policy's role functions answer the client's name; quoted text and other names stay as printed. */
class WholeCopyDdlTest {

    @Test
    void roleFunctionsOutsideQuotesAnswerTheClientsName() {
        assertEquals("((author = rift_catalog.client_user()) OR (rift_catalog.client_user() = 'CURRENT_USER''s'::name))",
                WholeCopyDdl.clientNames("((author = CURRENT_USER) OR (SESSION_USER = 'CURRENT_USER''s'::name))"));
        assertEquals("(\"USER\" = rift_catalog.client_user()) AND (s.CURRENT_ROLE = user_id)",
                WholeCopyDdl.clientNames("(\"USER\" = CURRENT_ROLE) AND (s.CURRENT_ROLE = user_id)"));
        assertEquals("(owner)::text = (rift_catalog.client_user())::text",
                WholeCopyDdl.clientNames("(owner)::text = (USER)::text"));
    }
}
