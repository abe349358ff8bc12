package dev.rift.cow;

import dev.rift.cow.ddl.LayerNames;
import dev.rift.testsupport.Outcome;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fallback of docs/overlay.md: a table with a primary key that a delta cannot reproduce row by row (user
 * triggers, exclusion constraints, unique indexes on expressions or with a predicate) is copied whole into the layer
 * at its first write, with those triggers, constraints and indexes re-created on the copy after its fill. These
 * tables were refused (RefusalTest) before.
 */
class WholeCopyTest extends BranchVersusCopyTest {
    private static final String SCHEMA = """
            CREATE FUNCTION keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
            CREATE FUNCTION mark() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.note := NEW.note || '!'; RETURN NEW; END $$;
            CREATE TABLE audited (id integer PRIMARY KEY);
            CREATE TRIGGER audited_keep BEFORE INSERT ON audited FOR EACH ROW EXECUTE FUNCTION keep();
            INSERT INTO audited VALUES (1), (2);
            CREATE TABLE marked (id integer PRIMARY KEY, note text);
            CREATE TRIGGER marked_mark BEFORE INSERT OR UPDATE OF note ON marked FOR EACH ROW
                WHEN (NEW.note IS NOT NULL) EXECUTE FUNCTION mark();
            INSERT INTO marked VALUES (1, 'a'), (2, 'b'), (3, NULL);
            CREATE TRIGGER marked_off BEFORE INSERT ON marked FOR EACH ROW EXECUTE FUNCTION mark();
            ALTER TABLE marked DISABLE TRIGGER marked_off;
            CREATE TRIGGER marked_replica BEFORE INSERT ON marked FOR EACH ROW EXECUTE FUNCTION keep();
            ALTER TABLE marked ENABLE REPLICA TRIGGER marked_replica;
            CREATE TRIGGER marked_always BEFORE INSERT ON marked FOR EACH ROW EXECUTE FUNCTION keep();
            ALTER TABLE marked ENABLE ALWAYS TRIGGER marked_always;
            CREATE TABLE bookings (id integer PRIMARY KEY, during int4range, EXCLUDE USING gist (during WITH &&));
            INSERT INTO bookings VALUES (1, '[1,5)'), (2, '[10,20)');
            CREATE TABLE lowered (id integer PRIMARY KEY, email text, deleted boolean NOT NULL DEFAULT false);
            CREATE UNIQUE INDEX lowered_email ON lowered (lower(email)) WHERE NOT deleted;
            CREATE INDEX lowered_upper ON lowered (upper(email));
            INSERT INTO lowered VALUES (1, 'A@x', false), (2, 'b@x', true);
            CREATE TABLE owners (id integer PRIMARY KEY);
            INSERT INTO owners VALUES (1), (2);
            CREATE TABLE owned (id integer PRIMARY KEY, owner_id integer REFERENCES owners ON DELETE CASCADE);
            CREATE TRIGGER owned_keep BEFORE INSERT ON owned FOR EACH ROW EXECUTE FUNCTION keep();
            INSERT INTO owned VALUES (10, 1), (11, 1), (12, 2);
            CREATE TABLE unkeyed (code text, n integer);
            CREATE INDEX unkeyed_n ON unkeyed (n) WHERE n > 0;
            INSERT INTO unkeyed VALUES ('x', 1);
            """;

    @Override
    String schema() {
        return SCHEMA;
    }

    @Test
    void aTableWithATriggerIsCopiedWholeAndListedAsSuch() throws SQLException {
        WriteTarget target = fixture.engine.prepareWrite(branch, BranchStatements.table("audited"));
        assertTrue(target.isCopy(), "a table with a trigger is held whole, not as a delta");
        both.assertSameRows("audited");
        assertEquals(1, both.insert("audited", "VALUES (3)").updateCount());
        assertEquals("23505", both.insert("audited", "VALUES (1)").sqlState());
        both.assertSameRows("audited");
        assertEquals(List.of(BranchStatements.table("audited")), fixture.engine.list().stream()
                .filter(b -> b.name().equals(branch)).findFirst().orElseThrow().materialized());
    }

    @Test
    void triggersFireOnTheBranchsWritesButNotOnTheFillAndKeepTheirEnabledState() throws SQLException {
        assertEquals(1, both.insert("marked", "VALUES (4, 'd')").updateCount());
        assertEquals(2, both.update("marked", "note = note || '?'", "id IN (1, 3)").updateCount());
        assertEquals(1, both.update("marked", "id = 20", "id = 2").updateCount());
        both.assertSameRows("marked");
        String copy = new LayerNames(0).dataTable(BranchStatements.table("marked"));
        String schema = copy.substring(1, copy.indexOf('"', 1));
        String layerSchemaPattern = schema.replace("rift_l0_", "rift_l%_");
        assertEquals(List.of(List.of("marked_always", "A"), List.of("marked_mark", "O"), List.of("marked_off", "D"),
                List.of("marked_replica", "R")), both.branchRows("SELECT t.tgname, t.tgenabled FROM pg_trigger t"
                + " JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relname = 'marked' AND n.nspname LIKE '" + layerSchemaPattern + "' AND NOT t.tgisinternal"
                + " AND t.tgname LIKE 'marked%' ORDER BY 1"));
    }

    @Test
    void anExclusionConstraintIsEnforcedOnTheCopyWithItsName() throws SQLException {
        Outcome overlap = both.insert("bookings", "VALUES (3, '[3,12)')");
        assertEquals("23P01", overlap.sqlState());
        assertEquals("bookings_during_excl", overlap.constraint());
        assertEquals(1, both.insert("bookings", "VALUES (3, '[5,10)')").updateCount());
        both.assertSameRows("bookings");
    }

    @Test
    void aPartialExpressionUniqueIndexGivesPostgresqlsOwnErrorAndPlainIndexesComeToo() throws SQLException {
        Outcome dup = both.insert("lowered", "VALUES (3, 'a@X', false)");
        assertEquals("23505", dup.sqlState());
        assertEquals("Key (lower(email))=(a@x) already exists.", dup.detail());
        assertEquals(1, both.insert("lowered", "VALUES (4, 'B@X', false)").updateCount());
        assertEquals(1, both.update("lowered", "deleted = true", "id = 1").updateCount());
        assertEquals(1, both.insert("lowered", "VALUES (5, 'a@x', false)").updateCount());
        both.assertSameRows("lowered");
        assertEquals(List.of(List.of("lowered_email"), List.of("lowered_pkey"), List.of("lowered_upper")),
                both.branchRows("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = '"
                        + fixture.engine.prepareWrite(branch, BranchStatements.table("lowered")).writeRelation()
                        + "'::regclass ORDER BY 1").stream()
                        .map(r -> List.of(r.get(0).substring(r.get(0).lastIndexOf('.') + 1))).toList());
    }

    @Test
    void aCascadeIntoATableWithATriggerCopiesItWhole() throws SQLException {
        assertEquals(1, both.delete("owners", "id = 1").updateCount());
        both.assertSameRows("owned");
        assertTrue(fixture.engine.prepareWrite(branch, BranchStatements.table("owned")).isCopy());
        assertEquals("23503", both.insert("owned", "VALUES (13, 1)").sqlState());
        assertEquals(1, both.insert("owned", "VALUES (13, 2)").updateCount());
        both.assertSameRows("owned");
    }

    @Test
    void aCopyOfATableWithoutKeyGetsItsPlainIndexesToo() throws SQLException {
        WriteTarget target = fixture.engine.prepareWrite(branch, BranchStatements.table("unkeyed"));
        assertEquals(List.of(List.of("CREATE INDEX unkeyed_n ON " + target.writeRelation().replace("\"", "")
                + " USING btree (n) WHERE (n > 0)")), both.branchRows("SELECT pg_get_indexdef(indexrelid)"
                + " FROM pg_index WHERE indrelid = '" + target.writeRelation() + "'::regclass"));
    }
}
