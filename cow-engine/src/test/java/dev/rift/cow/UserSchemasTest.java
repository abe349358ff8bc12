package dev.rift.cow;

import dev.rift.cow.ddl.LayerNames;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.RowLines;
import dev.rift.testsupport.UserSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tests' one rule for the user's schemas ({@link UserSchemas}) leaves out exactly the names rift gives its own
 * schemas ({@link LayerNames}) and PostgreSQL's, so a suite that checks the upstream unchanged reads neither.
 */
@ExtendWith(UpstreamExtension.class)
class UserSchemasTest {
    @Test
    void everySchemaButPostgresqlsAndTheNamesRiftGivesItsOwnIsTheUsers(TestUpstream pg) throws Exception {
        LayerNames layer = new LayerNames(7);
        List<String> rift = List.of("rift", "rift_catalog", "rift_information_schema", layer.ownSchema(),
                layer.dataSchema("public"), layer.dataSchema("x".repeat(60)), layer.ownObjectSchema("Sales"),
                layer.ownObjectSchema("y".repeat(60)), layer.nameViewSchema("public"), layer.nameViewSchema("z".repeat(60)));
        List<String> postgres = List.of("pg_catalog", "information_schema", "pg_toast", "pg_temp_3", "pg_toast_temp_3");
        List<String> users = List.of("public", "Sales", "rift_notes", "rift_", "rift_l7x", "riftl7", "pg");
        rift.forEach(s -> assertTrue(LayerNames.isRiftSchema(s), s));
        users.forEach(s -> assertFalse(LayerNames.isRiftSchema(s), s));

        List<String> all = new ArrayList<>(rift);
        all.addAll(postgres);
        all.addAll(users);
        String names = all.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
        try (Connection c = pg.connect(); Statement st = c.createStatement()) {
            assertEquals(users, RowLines.of(st, "SELECT s.n FROM unnest(ARRAY[" + names + "]) WITH ORDINALITY AS s(n, i)"
                    + " WHERE " + UserSchemas.condition("s.n") + " ORDER BY s.i"));
        }
    }
}
