package dev.rift.router.differential;

import dev.rift.storage.testing.TestUpstream;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema changes on a branch (issue 4, docs/ddl.md): every DDL statement, and the DML and reads on what it changed,
 * behaves on a branch as on a full copy, and the upstream's own catalog is untouched. The upstream holds, besides
 * the fixture, one object of each kind a scenario may change or drop: a plain index, a view, a sequence, an
 * enum type (used by diaries) and a composite type (used by sites); and three tables a branch holds whole (an updated_at trigger, an exclusion constraint, a partial
 * expression unique index), whose DDL materializes them with what makes them whole.
 */
class DdlDifferentialTest extends DifferentialSuite {

    @Override
    List<String> files() {
        return List.of("ddl_tables.sql", "ddl_alter.sql", "ddl_indexes.sql", "ddl_views_sequences_types.sql",
                "ddl_transactions.sql", "ddl_whole_tables.sql", "ddl_code.sql",
                "ddl_types.sql", "ddl_triggers.sql", "ddl_schemas.sql", "ddl_names.sql", "ddl_dependencies.sql",
                "catalog_tools.sql", "catalog_pg_dump.sql");
    }

    /**
     * Issue 17: pg_dump --schema-only of a branch after a migration (pg_dump_migration.sql) is the copy's, line by
     * line (the database's name and the random key of {@code \\restrict} aside, see {@link PgDump}), although pg_dump
     * restricts non-system views, reads the system column tableoid of catalog tables rift shows as views, and
     * prepares SQL-level statements (docs/ddl.md, "pg_dump through a branch").
     */
    @Test
    void pgDumpSchemaOnlyOfAMigratedBranchIsTheCopys() throws Exception {
        Scenario migration = Scenario.load("/differential/pg_dump_migration.sql").get(0);
        afterScenario(migration, (branch, copy) -> assertEquals(String.join("\n", PgDump.schemaOnly(copy)),
                String.join("\n", PgDump.schemaOnly(branch))));
    }

    /** The leak tap reads what a server sends: here PostgreSQL itself, asked for rift's names as data and in errors. */
    @Test
    void theLeakTapFindsRiftsNamesInColumnsRowsAndErrors() throws Exception {
        TestUpstream pg = upstream();
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        try (Connection c = LeakTap.connect(pg.host(), pg.port(), "postgres", p); Statement st = c.createStatement()) {
            st.executeQuery("SELECT 'in rift_l7' AS m_16399").close();
            List<String> found = LeakTap.drain(c);
            assertEquals(2, found.size(), found.toString());
            assertTrue(found.get(0).startsWith("T m_16399") && found.get(1).startsWith("D rift_l7"), found.toString());
            assertThrows(SQLException.class, () -> st.execute("SELECT * FROM rift_o3_public.t"));
            found = LeakTap.drain(c);
            assertTrue(found.stream().anyMatch(f -> f.startsWith("E.M rift_o3_public")), found.toString());
            assertEquals(List.of(), LeakTap.drain(c));
        }
    }

    @Override
    String[] upstreamExtras() {
        return new String[] {
            "CREATE INDEX orders_placed_at_idx ON orders (placed_at)",
            "CREATE VIEW paid_orders AS SELECT id, customer_id, placed_at FROM orders WHERE status = 'paid'",
            // ddl_dependencies.sql: a view over a view, and over a table not linked to orders by a foreign key.
            "CREATE TABLE order_tags (status text PRIMARY KEY, label text NOT NULL)",
            "INSERT INTO order_tags VALUES ('paid', 'Paid'), ('new', 'New')",
            "CREATE VIEW order_labels AS SELECT o.id, o.status, t.label FROM orders o JOIN order_tags t"
                    + " ON t.status = o.status",
            "CREATE VIEW order_label_counts AS SELECT label, count(*) AS n FROM order_labels GROUP BY label",
            "CREATE SEQUENCE invoice_numbers START 1000",
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
            "CREATE TABLE diaries (id integer PRIMARY KEY, day date NOT NULL, m mood NOT NULL DEFAULT 'ok',"
                    + " past mood[] NOT NULL DEFAULT '{}',"
                    + " CONSTRAINT diaries_no_sad_future CHECK (m <> 'sad' OR day < '2030-01-01'))",
            "CREATE INDEX diaries_happy_days ON diaries (day) WHERE m = 'happy'",
            "INSERT INTO diaries VALUES (1, '2024-01-01', 'ok', '{sad}'), (2, '2024-01-02', 'happy', '{ok,happy}'),"
                    + " (3, '2024-01-03', 'sad', '{}')",
            "CREATE FUNCTION mood_word(m mood) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'feeling ' || m $$",
            "CREATE TYPE address AS (street text, city text)",
            "CREATE TABLE sites (id integer PRIMARY KEY, addr address)",
            "INSERT INTO sites VALUES (1, ROW('Main St 1', 'Bergen')), (2, NULL)",
            "COMMENT ON TABLE customers IS 'people who buy'",
            "CREATE FUNCTION customer_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM customers $$",
            // updated_at from a version counter rather than now(), so a branch and a copy agree on it.
            "CREATE FUNCTION touch_memo() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.version := OLD.version + 1;"
                    + " NEW.updated_at := timestamp '2030-01-01' + NEW.version * interval '1 hour'; RETURN NEW; END $$",
            "CREATE FUNCTION reject_memo() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " RAISE EXCEPTION 'rejected by %', TG_NAME USING ERRCODE = 'P0001'; END $$",
            "CREATE TABLE memos (id integer PRIMARY KEY, body text, version integer NOT NULL DEFAULT 0,"
                    + " updated_at timestamp NOT NULL DEFAULT timestamp '2029-01-01')",
            "CREATE TRIGGER memos_touch BEFORE UPDATE ON memos FOR EACH ROW EXECUTE FUNCTION touch_memo()",
            "CREATE TRIGGER memos_off BEFORE INSERT ON memos FOR EACH ROW EXECUTE FUNCTION reject_memo()",
            "ALTER TABLE memos DISABLE TRIGGER memos_off",
            "INSERT INTO memos (id, body) VALUES (1, 'one'), (2, 'two')",
            "CREATE TABLE reservations (id integer PRIMARY KEY, room text NOT NULL, during int4range NOT NULL,"
                    + " CONSTRAINT reservations_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (room <> 'hall'))",
            "INSERT INTO reservations VALUES (1, 'red', '[1,5)'), (2, 'blue', '[10,20)')",
            "CREATE TABLE logins (id integer PRIMARY KEY, email text NOT NULL, deleted_at timestamp)",
            "CREATE UNIQUE INDEX logins_email_live ON logins (lower(email)) WHERE deleted_at IS NULL",
            "INSERT INTO logins VALUES (1, 'Ann@example.com', NULL), (2, 'bob@example.com', NULL)",
            // ddl_triggers.sql: trigger functions (made upstream, so the branch only creates triggers), a table its
            // triggers write to, a ledger held whole with a TRUNCATE trigger and its lines, a materialized view.
            "CREATE TABLE trigger_log (id serial PRIMARY KEY, note text NOT NULL)",
            "CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO trigger_log (note)"
                    + " VALUES (TG_NAME || ' ' || TG_WHEN || ' ' || TG_OP || ' ' || TG_LEVEL);"
                    + " RETURN coalesce(NEW, OLD); END $$",
            "CREATE FUNCTION say_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " RAISE NOTICE '% % % on %', TG_NAME, TG_WHEN, TG_OP, TG_TABLE_NAME; RETURN coalesce(NEW, OLD); END $$",
            "CREATE FUNCTION shout_name() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := upper(NEW.name);"
                    + " RETURN NEW; END $$",
            "CREATE FUNCTION count_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " RAISE NOTICE '% changed %', TG_NAME, (SELECT count(*) FROM changed); RETURN NULL; END $$",
            "CREATE TABLE ledger (id integer PRIMARY KEY, amount integer NOT NULL)",
            "CREATE TABLE ledger_lines (id integer PRIMARY KEY, ledger_id integer NOT NULL REFERENCES ledger,"
                    + " memo text)",
            "CREATE TRIGGER ledger_truncate BEFORE TRUNCATE ON ledger FOR EACH STATEMENT EXECUTE FUNCTION say_change()",
            "CREATE TRIGGER ledger_delete AFTER DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION say_change()",
            "INSERT INTO ledger VALUES (1, 10), (2, 20), (3, 30)",
            "INSERT INTO ledger_lines VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c')",
            "CREATE MATERIALIZED VIEW tier_counts AS SELECT tier, count(*) AS n FROM customers GROUP BY tier",
            "CREATE UNIQUE INDEX tier_counts_tier ON tier_counts (tier)"
        };
    }

    /**
     * A name bound as a parameter ({@code $1::regclass} in the extended protocol, differential/ddl_names.sql) finds
     * the branch's own table and not a dropped one, sent as varchar (JDBC's setString) and as an untyped parameter.
     */
    @Test
    void aBoundNameReadsAsTheBranchsObject() throws Exception {
        onBranchAndCopy(Protocol.EXTENDED, (onBranch, onCopy, branchName, copyName) -> {
            for (Connection c : List.of(onBranch, onCopy)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE public.notes (id integer)");
                    s.execute("COMMENT ON TABLE public.notes IS 'branch notes'");
                    s.execute("ALTER TABLE customers ADD COLUMN nickname text");
                    s.execute("COMMENT ON TABLE customers IS 'people, on the branch'");
                    s.execute("DROP TABLE logins");
                }
            }
            String sql = "SELECT $1::regclass::text, obj_description(CAST($1 AS regclass), 'pg_class')";
            for (String name : List.of("public.notes", "notes", "public.customers", "\"public\".\"customers\"",
                    "public.logins", "logins", "public.no_such")) {
                for (boolean untyped : List.of(false, true)) {
                    assertEquals(bound(onCopy, sql, name, untyped), bound(onBranch, sql, name, untyped),
                            name + (untyped ? " untyped" : " as varchar"));
                }
            }
        });
    }

    /** The rows of {@code sql} with {@code name} bound to its parameter, or the error's SQLSTATE. */
    private static List<String> bound(Connection c, String sql, String name, boolean untyped) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.replace("$1", "?"))) {
            // The statement names its parameter twice: JDBC numbers each ?.
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                if (untyped) {
                    ps.setObject(i, name, Types.OTHER);
                } else {
                    ps.setString(i, name);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " | " + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            out.add("error " + e.getSQLState());
        }
        return out;
    }
}
