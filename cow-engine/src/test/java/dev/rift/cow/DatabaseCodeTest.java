package dev.rift.cow;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which upstream tables code may touch: a token scan of bodies, transitive through calls and table code. */
class DatabaseCodeTest {
    private static final TableId ORDERS = new TableId("public", "orders");
    private static final TableId ITEMS = new TableId("public", "order_items");
    private static final TableId AUDIT = new TableId("audit", "Log");
    private static final TableId SHOP_ORDERS = new TableId("shop", "orders");

    private final DatabaseCode code = new DatabaseCode(
            Map.of("place_order", "BEGIN INSERT INTO Orders (c) VALUES (1); PERFORM add_line(1); END",
                    "add_line", "INSERT INTO order_items VALUES ($1) -- not a table: customers",
                    "log_row", "BEGIN EXECUTE format('INSERT INTO %I.%I VALUES (1)', 'audit', 'Log'); RETURN NEW; END",
                    "noop", "SELECT 1"),
            Map.of("order_items", Set.of("log_row")),
            Map.of("orders", Set.of(ORDERS, SHOP_ORDERS), "order_items", Set.of(ITEMS), "Log", Set.of(AUDIT)));

    @Test
    void aCallReachesTheTablesOfItsBodyTheFunctionsItCallsAndTheirTablesTriggers() {
        assertEquals(Set.of(ORDERS, SHOP_ORDERS, ITEMS, AUDIT), code.reached(List.of("place_order"), "", List.of()));
        assertEquals(Set.of(ITEMS, AUDIT), code.reached(List.of("add_line"), "", List.of()));
        assertEquals(Set.of(), code.reached(List.of("noop"), "", List.of()));
    }

    @Test
    void aDoBlockReachesWhatItsTextNamesAndAWriteReachesItsTablesCode() {
        assertEquals(Set.of(ITEMS, AUDIT), code.reached(List.of(), "BEGIN DELETE FROM \"order_items\"; END", List.of()));
        assertEquals(Set.of(AUDIT), code.reached(List.of(), "", List.of("order_items")));
        assertEquals(Set.of(), code.reached(List.of(), "BEGIN PERFORM 1; END", List.of("orders")));
    }

    @Test
    void wordsAreFoldedLikePostgresqlAndQuotedOnesKeptAsWritten() {
        Set<String> words = DatabaseCode.words("SELECT \"My \"\"T\"\"\" FROM Orders WHERE x = 'Log'");
        assertTrue(words.contains("My \"T\""));
        assertTrue(words.contains("orders"));
        assertTrue(words.contains("Log"));
        assertFalse(words.contains("my \"t\""));
        assertTrue(code.isFunction("noop"));
        assertFalse(code.isFunction("orders"));
    }
}
