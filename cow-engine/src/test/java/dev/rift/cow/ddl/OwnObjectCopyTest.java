package dev.rift.cow.ddl;

import dev.rift.cow.OverlayEngine;
import dev.rift.cow.OverlayException;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import dev.rift.testsupport.RowLines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frozen layer's own schema copied into a new layer's (docs/ddl.md, "Branches of branches"): what PostgreSQL's
 * catalog says of every object in the copy, and every row, is what it says of the original, once each schema's name
 * is replaced by a placeholder; and what cannot be copied is refused before anything is made.
 */
@ExtendWith(UpstreamExtension.class)
class OwnObjectCopyTest {
    private static final String OWN_OBJECTS = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TYPE pair AS (a integer, b text);
            CREATE DOMAIN positive_amount AS numeric(10,2) DEFAULT 1 NOT NULL CONSTRAINT amount_positive CHECK (VALUE > 0);
            CREATE SEQUENCE labels AS integer START 500 INCREMENT 5;
            SELECT nextval('labels'), nextval('labels');
            CREATE TABLE accounts (
              id serial PRIMARY KEY,
              code text COLLATE "C" NOT NULL CONSTRAINT accounts_code_key UNIQUE,
              gone integer,
              m mood NOT NULL DEFAULT 'ok',
              moods mood[],
              amount positive_amount,
              p pair,
              label integer DEFAULT nextval('labels'),
              doubled numeric GENERATED ALWAYS AS (amount * 2) STORED,
              CONSTRAINT accounts_code_check CHECK (code <> '') NOT VALID
            );
            ALTER TABLE accounts DROP COLUMN gone;
            ALTER TABLE accounts ALTER COLUMN code SET STATISTICS 500;
            COMMENT ON TABLE accounts IS 'who pays';
            COMMENT ON COLUMN accounts.code IS 'the short name';
            CREATE INDEX accounts_happy ON accounts (lower(code)) WHERE m = 'happy';
            CREATE TABLE entries (
              id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10) PRIMARY KEY,
              account_id integer NOT NULL REFERENCES accounts ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
              note text
            );
            CREATE UNLOGGED TABLE scratch (k text);
            CREATE FUNCTION public.note_entry() RETURNS trigger LANGUAGE plpgsql
              AS $f$BEGIN INSERT INTO scratch VALUES ('entry ' || NEW.id); RETURN NULL; END$f$;
            CREATE TRIGGER entries_noted AFTER INSERT ON entries FOR EACH ROW WHEN (NEW.note IS NOT NULL)
              EXECUTE FUNCTION public.note_entry();
            CREATE TRIGGER entries_quiet AFTER DELETE ON entries FOR EACH STATEMENT EXECUTE FUNCTION public.note_entry();
            ALTER TABLE entries DISABLE TRIGGER entries_quiet;
            COMMENT ON TRIGGER entries_noted ON entries IS 'who wrote what';
            CREATE CONSTRAINT TRIGGER accounts_checked AFTER UPDATE ON accounts DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION public.note_entry();
            CREATE TABLE slots (id int PRIMARY KEY, email text NOT NULL, during int4range NOT NULL,
              CONSTRAINT slots_no_overlap EXCLUDE USING gist (during WITH &&));
            CREATE UNIQUE INDEX slots_email ON slots (lower(email)) WHERE id > 0;
            INSERT INTO slots VALUES (1, 'A@x', '[1,5)'), (2, 'b@x', '[5,9)');
            INSERT INTO accounts (code, m, moods, amount, p) VALUES ('a', 'happy', '{sad,ok}', 2.5, ROW(1, 'x')),
              ('b', 'sad', NULL, 7, NULL);
            INSERT INTO entries (account_id, note) VALUES (1, 'one'), (2, NULL), (1, 'three');
            INSERT INTO scratch VALUES ('s'), ('s');
            CREATE VIEW happy_accounts WITH (security_barrier) AS SELECT id, code FROM accounts WHERE m = 'happy';
            CREATE VIEW happy_codes AS SELECT code FROM happy_accounts;
            COMMENT ON VIEW happy_codes IS 'for the report';
            """;

    private TestUpstream pg;
    private String db;
    private long from;
    private long to;

    @BeforeEach
    void layers(TestUpstream upstream) throws SQLException {
        pg = upstream;
        db = pg.createDatabase();
        try (OverlayEngine engine = OverlayEngine.open(UpstreamUrl.parse(pg.url(db)))) {
            engine.install();
        }
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            from = single(s, "INSERT INTO rift.layers (below) VALUES (NULL) RETURNING id");
            to = single(s, "INSERT INTO rift.layers (below) VALUES (" + from + ") RETURNING id");
            s.execute("CREATE SCHEMA rift_o" + from + "_public");
            s.execute("INSERT INTO rift.layer_schemas VALUES (" + from + ", 'public', 'rift_o" + from + "_public')");
        }
    }

    @AfterEach
    void drop() {
        pg.dropDatabase(db);
    }

    @Test
    void theCopyHasEveryObjectRowAndSequencePositionOfTheOriginal() throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("SET search_path = rift_o" + from + "_public");
            s.execute(OWN_OBJECTS);
            s.execute("RESET search_path");
            copy(c);
            assertEquals(describe(s, "rift_o" + from + "_public"), describe(s, "rift_o" + to + "_public"));
            assertEquals(List.of("rift_o" + to + "_public"), RowLines.of(s, "SELECT physical_schema FROM rift.layer_schemas"
                    + " WHERE layer_id = " + to + " AND logical_schema = 'public'"), "the new own schema is registered");
            assertEquals(single(s, "SELECT nextval('rift_o" + from + "_public.labels')"),
                    single(s, "SELECT nextval('rift_o" + to + "_public.labels')"), "sequences continue alike");
            s.execute("INSERT INTO rift_o" + to + "_public.entries (account_id) VALUES (2)");
            assertEquals(130, single(s, "SELECT max(id) FROM rift_o" + to + "_public.entries"),
                    "the identity continues where the original's stood");
            assertEquals(120, single(s, "SELECT max(id) FROM rift_o" + from + "_public.entries"),
                    "and the original's is not advanced");
            s.execute("SET search_path = rift_o" + to + "_public");
            s.execute("INSERT INTO entries (account_id, note) VALUES (1, 'four'), (1, NULL)");
            s.execute("DELETE FROM entries WHERE note IS NULL");
            assertEquals(List.of("entry 100", "entry 120", "entry 140"), RowLines.of(s, "SELECT k FROM scratch"
                    + " WHERE k LIKE 'entry%' ORDER BY k"), "the copy's triggers fire for its writes, never for its fill");
            assertEquals("23P01", assertThrows(SQLException.class, () -> s.execute("INSERT INTO slots VALUES"
                    + " (3, 'c@x', '[4,6)')")).getSQLState(), "the exclusion constraint holds on the copy");
            assertEquals("23505", assertThrows(SQLException.class, () -> s.execute("INSERT INTO slots VALUES"
                    + " (3, 'a@X', '[10,12)')")).getSQLState(), "the unique expression index holds on the copy");
            s.execute("RESET search_path");
        }
    }

    @Test
    void aMaterializedViewIsRefusedBeforeAnythingIsMade() throws SQLException {
        assertRefused("materialized view public.mv", "CREATE TABLE rift_o" + from + "_public.t (id int PRIMARY KEY)",
                "CREATE MATERIALIZED VIEW rift_o" + from + "_public.mv AS SELECT id FROM rift_o" + from + "_public.t");
    }

    @Test
    void aFunctionOfTheBranchIsRefusedBeforeAnythingIsMade() throws SQLException {
        assertRefused("function public.made_here",
                "CREATE FUNCTION rift_o" + from + "_public.made_here() RETURNS int LANGUAGE sql AS 'SELECT 1'");
    }

    /** After {@code setup}, the copy is refused with 0A000 naming {@code object}. */
    private void assertRefused(String object, String... setup) throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            for (String sql : setup) {
                s.execute(sql);
            }
            OverlayException refused = refusal(c);
            assertTrue(refused.getMessage().contains(object), refused.getMessage());
        }
    }

    @Test
    void aTriggerCallingTheBranchsOwnFunctionIsRefusedForTheFunction() throws SQLException {
        assertRefused("function public.own", "CREATE TABLE rift_o" + from + "_public.t (id int PRIMARY KEY)",
                "CREATE FUNCTION rift_o" + from + "_public.own() RETURNS trigger LANGUAGE plpgsql"
                        + " AS 'BEGIN RETURN NEW; END'",
                "CREATE TRIGGER t_own BEFORE INSERT ON rift_o" + from + "_public.t FOR EACH ROW"
                        + " EXECUTE FUNCTION rift_o" + from + "_public.own()");
    }

    /** What the copy refuses, before it makes anything: 0A000. */
    private OverlayException refusal(Connection c) throws SQLException {
        c.setAutoCommit(false);
        dev.rift.cow.shape.TableShapeReader.qualifyNames(c);
        OverlayException refused = assertThrows(OverlayException.class,
                () -> new OwnObjectCopy(c, from, to).statements());
        c.rollback();
        assertEquals("0A000", refused.sqlState());
        return refused;
    }

    private void copy(Connection c) throws SQLException {
        c.setAutoCommit(false);
        dev.rift.cow.shape.TableShapeReader.qualifyNames(c);
        try (Statement s = c.createStatement()) {
            for (String sql : new OwnObjectCopy(c, from, to).statements()) {
                s.execute(sql);
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** The schema's objects as the catalog prints them, the schema's name replaced by {@code S}; rows included. */
    private static List<String> describe(Statement s, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        String n = "(SELECT oid FROM pg_namespace WHERE nspname = '" + schema + "')";
        s.execute("SET search_path = ''");
        out.addAll(RowLines.of(s, "SELECT c.relname, c.relkind, c.relpersistence, array_to_string(c.reloptions, ','),"
                + " obj_description(c.oid, 'pg_class'), pg_get_userbyid(c.relowner) FROM pg_class c"
                + " WHERE c.relnamespace = " + n + " ORDER BY 1"));
        out.addAll(RowLines.of(s, "SELECT c.relname, a.attnum, a.attname, a.attisdropped, format_type(a.atttypid,"
                + " a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated, a.attstattarget, co.collname,"
                + " pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum)"
                + " FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
                + " LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 100"
                + " WHERE c.relnamespace = " + n + " AND NOT a.attisdropped ORDER BY 1, 2"));
        out.addAll(RowLines.of(s, "SELECT c.relname, a.attnum FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
                + " WHERE c.relnamespace = " + n + " AND a.attisdropped ORDER BY 1, 2"));
        out.addAll(RowLines.of(s, "SELECT conname, contype, pg_get_constraintdef(oid), convalidated FROM pg_constraint"
                + " WHERE connamespace = " + n + " ORDER BY 1"));
        out.addAll(RowLines.of(s, "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c"
                + " ON c.oid = i.indexrelid WHERE c.relnamespace = " + n + " ORDER BY 1"));
        out.addAll(RowLines.of(s, "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled,"
                + " obj_description(t.oid, 'pg_trigger') FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + " WHERE c.relnamespace = " + n + " AND NOT t.tgisinternal ORDER BY 1, 2"));
        out.addAll(RowLines.of(s, "SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c WHERE c.relkind = 'v'"
                + " AND c.relnamespace = " + n + " ORDER BY 1"));
        out.addAll(RowLines.of(s, "SELECT t.typname, t.typtype, t.typnotnull, t.typdefault, format_type(t.typbasetype,"
                + " t.typtypmod), (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum"
                + " WHERE enumtypid = t.oid) FROM pg_type t WHERE t.typnamespace = " + n
                + " AND t.typcategory <> 'A' ORDER BY 1"));
        out.addAll(RowLines.of(s, "SELECT c.relname, s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin, s.seqmax"
                + " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid WHERE c.relnamespace = " + n
                + " ORDER BY 1"));
        out.addAll(RowLines.of(s, "SELECT d.refobjsubid, r.relname, q.relname FROM pg_depend d"
                + " JOIN pg_class q ON q.oid = d.objid AND q.relkind = 'S' JOIN pg_class r ON r.oid = d.refobjid"
                + " WHERE q.relnamespace = " + n + " AND d.deptype IN ('a', 'i') ORDER BY 2, 1"));
        for (String seq : List.of("labels", "accounts_id_seq", "entries_id_seq")) {
            out.addAll(RowLines.of(s, "SELECT '" + seq + "', last_value, is_called FROM " + schema + "." + seq));
        }
        for (String table : List.of("accounts", "entries", "scratch", "slots", "happy_codes")) {
            out.addAll(RowLines.of(s, "SELECT '" + table + "', x::text FROM " + schema + "." + table + " x ORDER BY 2"));
        }
        s.execute("RESET search_path");
        return out.stream().map(r -> r.replace(schema, "S")).toList();
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
