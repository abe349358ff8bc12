package dev.rift.router.overlay;

import dev.rift.pgwire.message.ErrorResponse;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Errors and notices from a branch's own and layer objects name the user's schemas, as a copy's would. */
class ErrorFieldsTest {

    private static ErrorResponse of(char type, char field, String text) {
        Map<Character, String> f = new LinkedHashMap<>();
        f.put('S', type == 'E' ? "ERROR" : "NOTICE");
        f.put(field, text);
        return new ErrorResponse(type, f);
    }

    @Test
    void messagesAndDetailsNameTheLogicalSchema() {
        assertEquals("cannot drop schema scratch because other objects depend on it", ErrorFields.clean(of('E', 'M',
                "cannot drop schema rift_o234_scratch because other objects depend on it")).fields().get('M'));
        assertEquals("table scratch.rows depends on schema scratch", ErrorFields.clean(of('E', 'D',
                "table rift_o234_scratch.rows depends on schema rift_o234_scratch")).fields().get('D'));
        assertEquals("drop cascades to table kept.t",
                ErrorFields.clean(of('N', 'M', "drop cascades to table rift_o238_kept.t")).fields().get('M'));
    }

    @Test
    void aNoticesContextStopsWhereRiftsStatementBegins() {
        ErrorResponse n = of('N', 'W', "PL/pgSQL function say_change() line 1 at RAISE\nSQL statement \"TRUNCATE "
                + "\"rift_l209_public\".\"ledger\"\"\nPL/pgSQL function inline_code_block line 1 at SQL statement");
        assertEquals("PL/pgSQL function say_change() line 1 at RAISE", ErrorFields.clean(n).fields().get('W'));
    }

    @Test
    void anInternalQueryOfRiftsOwnStatementAndItsPositionAreDropped() {
        Map<Character, String> f = new LinkedHashMap<>();
        f.put('S', "ERROR");
        f.put('M', "must be owner of table notes");
        f.put('p', "15");
        f.put('q', "CREATE TABLE \"rift_o15_public\".\"notes\" (LIKE \"public\".\"notes\" INCLUDING DEFAULTS)");
        Map<Character, String> shown = ErrorFields.clean(new ErrorResponse('E', f)).fields();
        assertEquals(Map.of('S', "ERROR", 'M', "must be owner of table notes"), shown);
        ErrorResponse user = of('E', 'q', "SELECT 1/0");
        assertSame(user, ErrorFields.clean(user), "an internal query of the user's own code stays");
    }

    @Test
    void theUsersOwnTextAndHashedNamesStay() {
        ErrorResponse e = of('E', 'M', "relation \"orders\" does not exist");
        assertSame(e, ErrorFields.clean(e));
        ErrorResponse user = of('N', 'W', "PL/pgSQL function inline_code_block line 1 at RAISE");
        assertSame(user, ErrorFields.clean(user));
    }
}
