package dev.rift.router.sql;

import dev.rift.cow.RelationKind;
import dev.rift.cow.TableId;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.rift.router.sql.Fixture.ACCOUNTS;
import static dev.rift.router.sql.FakeUpstream.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The exact text rift sends for DDL on a branch (docs/ddl.md): the hidden {@code DO $rift_ddl$} block with the DDL
 * log entry, materializations and hides, the statement pointed at the branch's own schema, the command tag the
 * client sees and the effects on the session's logical schema. The engine's part is the fake's marker statements.
 */
class DdlRenderingTest {
    private final StatementRouter router = new StatementRouter();

    /** A branch that has changed nothing yet, which may change its schema. */
    private static Fixture.Session freshSession() {
        Fixture.Session session = new Fixture.Session();
        session.overlay.schemaChanges();
        return session;
    }

    /**
     * A branch with writes to accounts (so the upstream view big_accounts reads changes), its own table
     * {@code mine}, view {@code myview} and type {@code mood}.
     */
    private static Fixture.Session divergedSession() {
        Fixture.Session session = new Fixture.Session().changed(ACCOUNTS);
        session.overlay.ownRelation(id("public", "mine"), RelationKind.TABLE)
                .ownRelation(id("public", "myview"), RelationKind.VIEW)
                .ownType(id("public", "mood"));
        session.upstream.definition(Fixture.BIG_ACCOUNTS, "SELECT accounts.id FROM public.accounts");
        return session;
    }

    /** The decision as text: one line per part ({@code ddl record}, {@code hidden}, or {@code visible} with its tag), then the effects. */
    private String decide(Fixture.Session session, String sql) {
        Decision d = router.decide(sql, session);
        if (d instanceof Decision.Refused r) {
            return "refused " + r.sqlState() + " " + r.message();
        }
        if (d instanceof Decision.PassThrough) {
            return "pass";
        }
        Decision.Rewritten w = (Decision.Rewritten) d;
        StringBuilder b = new StringBuilder();
        for (Decision.Part p : w.parts()) {
            b.append(p.recordsDdl() ? "ddl record: " : p.hidden() ? "hidden: " : "visible" + p.tagOverride().map(t -> "[" + t + "]").orElse("") + ": ")
                    .append(p.sql()).append('\n');
        }
        Map<String, RelationKind> created = new TreeMap<>();
        w.effects().created().forEach((id, kind) -> created.put(id.sql(), kind));
        b.append("created ").append(created).append('\n');
        b.append("removed ").append(sorted(w.effects().removed())).append('\n');
        b.append("hidden ").append(sorted(w.effects().hidden()));
        return b.toString();
    }

    private static TreeSet<String> sorted(Set<TableId> ids) {
        return ids.stream().map(TableId::sql).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void newRelationsAreMadeInTheOwnSchemaOfTheSchemaPostgresWouldChoose() {
        assertRenders(freshSession(), "CREATE TABLE notes (id serial PRIMARY KEY, body text)", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TABLE notes (id serial PRIMARY KEY, body text)'')';
                END$rift_ddl$
                visible: CREATE TABLE "rift_o1_public".notes (id serial PRIMARY KEY, body text)
                created {"public"."notes"=TABLE, "public"."notes_id_seq"=SEQUENCE}
                removed []
                hidden []""");
        assertRenders(freshSession(), "create table public.\"Notes\" (id bigint generated always as identity, n int default nextval('ticket_seq'))", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''create table public."Notes" (id bigint generated always as identity, n int default nextval(''''ticket_seq''''))'')';
                EXECUTE 'SELECT materialize_sequence(''"public"."ticket_seq"'')';
                END$rift_ddl$
                visible: create table "rift_o1_public"."Notes" (id bigint generated always as identity, n int default nextval('ticket_seq'))
                created {"public"."Notes"=TABLE, "public"."Notes_id_seq"=SEQUENCE, "public"."ticket_seq"=SEQUENCE}
                removed []
                hidden ["public"."ticket_seq"]""");
        assertRenders(freshSession(), "CREATE TABLE accounts (id int)",
                "refused 42P07 relation \"accounts\" already exists");
        assertRenders(freshSession(), "CREATE TABLE IF NOT EXISTS accounts (id int)", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TABLE IF NOT EXISTS accounts (id int)'')';
                END$rift_ddl$
                visible[CREATE TABLE]: DO $rift$BEGIN RAISE NOTICE USING ERRCODE = '42P07', MESSAGE = 'relation "accounts" already exists, skipping'; END$rift$
                created {"public"."accounts"=TABLE}
                removed []
                hidden []""");
        assertRenders(freshSession(), "CREATE UNLOGGED TABLE audit.t (a int REFERENCES accounts, b int REFERENCES audit.entries (id))", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE UNLOGGED TABLE audit.t (a int REFERENCES accounts, b int REFERENCES audit.entries (id))'')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                EXECUTE 'SELECT materialize_table(''"audit"."entries"'')';
                END$rift_ddl$
                visible: CREATE UNLOGGED TABLE "rift_o1_audit".t (a int REFERENCES "rift_o1_public".accounts, b int REFERENCES "rift_o1_audit".entries (id))
                created {"audit"."entries"=TABLE, "audit"."t"=TABLE, "public"."accounts"=TABLE}
                removed []
                hidden ["audit"."entries", "public"."accounts"]""");
        assertRenders(freshSession(), "CREATE SEQUENCE s OWNED BY accounts.id", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE SEQUENCE s OWNED BY accounts.id'')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                END$rift_ddl$
                visible: CREATE SEQUENCE "rift_o1_public".s OWNED BY accounts.id
                created {"public"."accounts"=TABLE, "public"."s"=SEQUENCE}
                removed []
                hidden ["public"."accounts"]""");
        assertRenders(freshSession(), "CREATE TYPE mood AS ENUM ('ok')", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TYPE mood AS ENUM (''''ok'''')'')';
                END$rift_ddl$
                visible: CREATE TYPE "rift_o1_public".mood AS ENUM ('ok')
                created {}
                removed []
                hidden []""");
        assertRenders(freshSession(), "CREATE TEMP TABLE x (id int)",
                "pass");
        assertRenders(freshSession(), "CREATE TABLE p (id int) PARTITION BY RANGE (id)", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TABLE p (id int) PARTITION BY RANGE (id)'')';
                END$rift_ddl$
                visible: CREATE TABLE "rift_o1_public".p (id int) PARTITION BY RANGE (id)
                created {"public"."p"=TABLE}
                removed []
                hidden []""");
        assertRenders(freshSession(), "CREATE TABLE p1 PARTITION OF public.accounts FOR VALUES IN (1)", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TABLE p1 PARTITION OF public.accounts FOR VALUES IN (1)'')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                END$rift_ddl$
                visible: CREATE TABLE "rift_o1_public".p1 PARTITION OF "rift_o1_public".accounts FOR VALUES IN (1)
                created {"public"."accounts"=TABLE, "public"."p1"=TABLE}
                removed []
                hidden ["public"."accounts"]""");
    }

    @Test
    void upstreamTablesAnAlterChangesAreMaterializedFirst() {
        assertRenders(freshSession(), "ALTER TABLE accounts ADD COLUMN note text", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''ALTER TABLE accounts ADD COLUMN note text'')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                END$rift_ddl$
                visible: ALTER TABLE "rift_o1_public".accounts ADD COLUMN note text
                created {"public"."accounts"=TABLE}
                removed []
                hidden ["public"."accounts"]""");
        assertRenders(freshSession(), "ALTER TABLE IF EXISTS ONLY public.accounts RENAME TO clients", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''ALTER TABLE IF EXISTS ONLY public.accounts RENAME TO clients'')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                END$rift_ddl$
                visible: ALTER TABLE IF EXISTS ONLY "rift_o1_public".accounts RENAME TO clients
                created {"public"."clients"=TABLE}
                removed ["public"."accounts"]
                hidden ["public"."accounts"]""");
        assertRenders(freshSession(), "ALTER TABLE accounts RENAME TO ledger",
                "refused 42P07 relation \"ledger\" already exists");
        assertRenders(freshSession(), "ALTER TABLE accounts SET SCHEMA audit",
                "refused 0A000 ALTER TABLE ... SET SCHEMA is not supported on overlay branches yet");
    }

    @Test
    void droppedUpstreamRelationsAreHiddenOrMaterializedAndDropped() {
        assertRenders(freshSession(), "DROP TABLE events", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''DROP TABLE events'')';
                EXECUTE 'SELECT rift.hide(1, ''"public"."events"''::regclass)';
                END$rift_ddl$
                visible[DROP TABLE]: DO $rift$BEGIN END$rift$
                created {}
                removed []
                hidden ["public"."events"]""");
        assertRenders(freshSession(), "DROP TABLE IF EXISTS events, nothing_here",
                "refused 0A000 dropping upstream relations together with others in one statement is not supported on overlay branches yet");
        assertRenders(freshSession(), "DROP TABLE accounts",
                "refused 2BP01 cannot drop table accounts because other objects depend on it");
        assertRenders(freshSession(), "DROP TABLE accounts CASCADE", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''DROP TABLE accounts CASCADE'')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                EXECUTE 'SELECT rift.hide(1, ''"public"."account_totals"''::regclass)';
                EXECUTE 'SELECT rift.hide(1, ''"public"."big_accounts"''::regclass)';
                END$rift_ddl$
                visible: DROP TABLE "rift_o1_public".accounts CASCADE
                created {"public"."accounts"=TABLE}
                removed []
                hidden ["public"."account_totals", "public"."accounts", "public"."big_accounts"]""");
        assertRenders(freshSession(), "DROP VIEW big_accounts", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''DROP VIEW big_accounts'')';
                EXECUTE 'SELECT rift.hide(1, ''"public"."big_accounts"''::regclass)';
                END$rift_ddl$
                visible[DROP VIEW]: DO $rift$BEGIN END$rift$
                created {}
                removed []
                hidden ["public"."big_accounts"]""");
        assertRenders(freshSession(), "DROP SEQUENCE ticket_seq", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''DROP SEQUENCE ticket_seq'')';
                EXECUTE 'SELECT rift.hide(1, ''"public"."ticket_seq"''::regclass)';
                END$rift_ddl$
                visible[DROP SEQUENCE]: DO $rift$BEGIN END$rift$
                created {}
                removed []
                hidden ["public"."ticket_seq"]""");
        assertRenders(freshSession(), "DROP TABLE ticket_seq",
                "refused 42809 \"ticket_seq\" is not a table");
        assertRenders(freshSession(), "DROP INDEX IF EXISTS nothing_here", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''DROP INDEX IF EXISTS nothing_here'')';
                END$rift_ddl$
                visible: DROP INDEX IF EXISTS "rift_o1_public".nothing_here
                created {}
                removed []
                hidden []""");
    }

    @Test
    void viewsMaterializeTheTablesTheyReadAndReplaceUpstreamViews() {
        assertRenders(freshSession(), "CREATE OR REPLACE VIEW big_accounts AS SELECT id, owner FROM accounts WHERE balance > 100", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE OR REPLACE VIEW big_accounts AS SELECT id, owner FROM accounts WHERE balance > 100'')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                EXECUTE 'SELECT rift.hide(1, ''"public"."big_accounts"''::regclass)';
                END$rift_ddl$
                visible: CREATE OR REPLACE VIEW "rift_o1_public".big_accounts AS SELECT id, owner FROM accounts WHERE balance > 100
                created {"public"."accounts"=TABLE, "public"."big_accounts"=VIEW}
                removed []
                hidden ["public"."accounts", "public"."big_accounts"]""");
        assertRenders(freshSession(), "CREATE OR REPLACE VIEW events AS SELECT 1",
                "refused 0A000 CREATE OR REPLACE VIEW of the upstream's public.events, which is not a view, is not supported on overlay branches yet");
        assertRenders(freshSession(), "CREATE VIEW rich (id) WITH (security_barrier) AS SELECT id FROM accounts WITH LOCAL CHECK OPTION;", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE VIEW rich (id) WITH (security_barrier) AS SELECT id FROM accounts WITH LOCAL CHECK OPTION'')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                END$rift_ddl$
                visible: CREATE VIEW "rift_o1_public".rich (id) WITH (security_barrier) AS SELECT id FROM accounts WITH LOCAL CHECK OPTION
                created {"public"."accounts"=TABLE, "public"."rich"=VIEW}
                removed []
                hidden ["public"."accounts"]""");
        assertRenders(freshSession(), "CREATE TABLE a (id serial); CREATE VIEW v AS SELECT id FROM a; INSERT INTO a DEFAULT VALUES", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TABLE a (id serial)'')';
                END$rift_ddl$
                visible: CREATE TABLE "rift_o1_public".a (id serial)
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE VIEW v AS SELECT id FROM a'')';
                END$rift_ddl$
                visible: CREATE VIEW "rift_o1_public".v AS SELECT id FROM a
                visible: INSERT INTO "rift_o1_public"."a" DEFAULT VALUES
                created {"public"."a"=TABLE, "public"."a_id_seq"=SEQUENCE, "public"."v"=VIEW}
                removed []
                hidden []""");
    }

    @Test
    void indexesAndCommentsActOnTheOwnCopyOfTheirTable() {
        assertRenders(freshSession(), "CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_owner ON accounts (owner)", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE INDEX CONCURRENTLY IF NOT EXISTS accounts_owner ON accounts (owner)'')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                END$rift_ddl$
                visible: CREATE INDEX  IF NOT EXISTS accounts_owner ON "rift_o1_public".accounts (owner)
                created {"public"."accounts"=TABLE}
                removed []
                hidden ["public"."accounts"]""");
        assertRenders(freshSession(), "CREATE UNIQUE INDEX ON ONLY ledger (seq)", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE UNIQUE INDEX ON ONLY ledger (seq)'')';
                EXECUTE 'SELECT materialize_table(''"public"."ledger"'')';
                END$rift_ddl$
                visible: CREATE UNIQUE INDEX ON ONLY "rift_o1_public".ledger (seq)
                created {"public"."ledger"=TABLE}
                removed []
                hidden ["public"."ledger"]""");
        assertRenders(freshSession(), "COMMENT ON TABLE events IS 'e'", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''COMMENT ON TABLE events IS ''''e'''''')';
                EXECUTE 'SELECT materialize_table(''"public"."events"'')';
                END$rift_ddl$
                visible: COMMENT ON TABLE "rift_o1_public".events IS 'e'
                created {"public"."events"=TABLE}
                removed []
                hidden ["public"."events"]""");
        assertRenders(freshSession(), "COMMENT ON COLUMN public.accounts.owner IS 'who'", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''COMMENT ON COLUMN public.accounts.owner IS ''''who'''''')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                END$rift_ddl$
                visible: COMMENT ON COLUMN "rift_o1_public".accounts.owner IS 'who'
                created {"public"."accounts"=TABLE}
                removed []
                hidden ["public"."accounts"]""");
        assertRenders(freshSession(), "COMMENT ON VIEW big_accounts IS 'v'",
                "refused 0A000 COMMENT ON VIEW on the upstream's view public.big_accounts is not supported on overlay branches yet");
    }

    @Test
    void laterStatementsOfAStringSeeWhatEarlierOnesCreate() {
        assertRenders(freshSession(), "GRANT SELECT ON accounts TO bob",
                "refused 0A000 GRANT on the upstream table accounts is not supported on overlay branches: rift grants"
                        + " nothing on upstream objects; it applies to objects the branch made");
    }

    @Test
    void objectsTheBranchMadeAreChangedInItsOwnSchema() {
        assertRenders(divergedSession(), "CREATE TABLE IF NOT EXISTS mine (id int)", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TABLE IF NOT EXISTS mine (id int)'')';
                END$rift_ddl$
                visible[CREATE TABLE]: DO $rift$BEGIN RAISE NOTICE USING ERRCODE = '42P07', MESSAGE = 'relation "mine" already exists, skipping'; END$rift$
                created {"public"."mine"=TABLE}
                removed []
                hidden []""");
        assertRenders(divergedSession(), "CREATE TABLE public.mine (id int)",
                "refused 42P07 relation \"mine\" already exists");
        assertRenders(divergedSession(), "ALTER TABLE mine RENAME TO yours", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''ALTER TABLE mine RENAME TO yours'')';
                END$rift_ddl$
                visible: ALTER TABLE "rift_o1_public".mine RENAME TO yours
                created {"public"."yours"=TABLE}
                removed ["public"."mine"]
                hidden []""");
        assertRenders(divergedSession(), "ALTER TABLE mine ADD COLUMN x int", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''ALTER TABLE mine ADD COLUMN x int'')';
                END$rift_ddl$
                visible: ALTER TABLE "rift_o1_public".mine ADD COLUMN x int
                created {}
                removed []
                hidden []""");
        assertRenders(divergedSession(), "ALTER TABLE public.mine ADD COLUMN x int", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''ALTER TABLE public.mine ADD COLUMN x int'')';
                END$rift_ddl$
                visible: ALTER TABLE "rift_o1_public".mine ADD COLUMN x int
                created {}
                removed []
                hidden []""");
        assertRenders(divergedSession(), "DROP TABLE mine, public.mine2", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''DROP TABLE mine, public.mine2'')';
                END$rift_ddl$
                visible: DROP TABLE "rift_o1_public".mine, "rift_o1_public".mine2
                created {}
                removed ["public"."mine", "public"."mine2"]
                hidden []""");
        assertRenders(divergedSession(), "DROP TABLE mine, events",
                "refused 0A000 dropping upstream relations together with others in one statement is not supported on overlay branches yet");
        assertRenders(divergedSession(), "ALTER TYPE mood ADD VALUE 'meh'", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''ALTER TYPE mood ADD VALUE ''''meh'''''')';
                END$rift_ddl$
                visible: ALTER TYPE "rift_o1_public".mood ADD VALUE 'meh'
                created {}
                removed []
                hidden []""");
        assertRenders(divergedSession(), "DROP TYPE IF EXISTS public.mood", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''DROP TYPE IF EXISTS public.mood'')';
                END$rift_ddl$
                visible: DROP TYPE IF EXISTS "rift_o1_public".mood
                created {}
                removed []
                hidden []""");
    }

    @Test
    void anUpstreamTypeIsChangedOnTheBranchsOwnCopy() {
        assertRenders(freshSession(), "ALTER TYPE mood ADD VALUE 'meh'",
                onTypeCopy("ALTER TYPE mood ADD VALUE ''''meh''''", "ALTER TYPE mood ADD VALUE 'meh'"));
        assertRenders(freshSession(), "ALTER TYPE public.mood RENAME VALUE 'ok' TO 'fine'",
                onTypeCopy("ALTER TYPE public.mood RENAME VALUE ''''ok'''' TO ''''fine''''",
                        "ALTER TYPE \"rift_o1_public\".mood RENAME VALUE 'ok' TO 'fine'"));
        assertRenders(freshSession(), "COMMENT ON TYPE public.mood IS 'x'",
                onTypeCopy("COMMENT ON TYPE public.mood IS ''''x''''",
                        "COMMENT ON TYPE \"rift_o1_public\".mood IS 'x'"));
        for (String change : new String[] {"RENAME TO feeling", "OWNER TO someone", "SET SCHEMA other"}) {
            assertRenders(freshSession(), "ALTER TYPE mood " + change, "refused 0A000 ALTER TYPE of a type the"
                    + " branch did not create (mood): only ADD VALUE, RENAME VALUE and ADD, DROP, ALTER or RENAME"
                    + " ATTRIBUTE are supported on overlay branches");
        }
    }

    /** The rendering of DDL on the upstream type mood: the fake engine's copy of it first, then the statement. */
    private static String onTypeCopy(String logged, String visible) {
        return "ddl record: DO $rift_ddl$BEGIN\n"
                + "EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''" + logged + "'')';\n"
                + "EXECUTE 'SELECT copy_type(''mood'')';\n"
                + "END$rift_ddl$\n"
                + "visible: " + visible + "\n"
                + "created {}\nremoved []\nhidden []";
    }

    @Test
    void queriesInDdlReadTheBranch() {
        assertRenders(divergedSession(), "CREATE TABLE copy AS SELECT * FROM accounts", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TABLE copy AS SELECT * FROM accounts'')';
                END$rift_ddl$
                visible: CREATE TABLE "rift_o1_public".copy AS SELECT * FROM "rift_l1"."m_accounts" AS "accounts"
                created {"public"."copy"=TABLE}
                removed []
                hidden []""");
        assertRenders(divergedSession(), "CREATE TABLE copy2 AS SELECT * FROM mine", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TABLE copy2 AS SELECT * FROM mine'')';
                END$rift_ddl$
                visible: CREATE TABLE "rift_o1_public".copy2 AS SELECT * FROM mine
                created {"public"."copy2"=TABLE}
                removed []
                hidden []""");
        assertRenders(divergedSession(), "CREATE OR REPLACE VIEW myview AS SELECT * FROM mine", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE OR REPLACE VIEW myview AS SELECT * FROM mine'')';
                END$rift_ddl$
                visible: CREATE OR REPLACE VIEW "rift_o1_public".myview AS SELECT * FROM mine
                created {"public"."myview"=VIEW}
                removed []
                hidden []""");
        assertRenders(divergedSession(), "CREATE VIEW v2 AS SELECT * FROM accounts JOIN mine USING (id)", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE VIEW v2 AS SELECT * FROM accounts JOIN mine USING (id)'')';
                EXECUTE 'SELECT materialize_table(''"public"."accounts"'')';
                END$rift_ddl$
                visible: CREATE VIEW "rift_o1_public".v2 AS SELECT * FROM accounts JOIN mine USING (id)
                created {"public"."accounts"=TABLE, "public"."v2"=VIEW}
                removed []
                hidden ["public"."accounts"]""");
        assertRenders(divergedSession(), "CREATE VIEW w AS SELECT * FROM big_accounts WITH CASCADED CHECK OPTION", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE VIEW w AS SELECT * FROM big_accounts WITH CASCADED CHECK OPTION'')';
                END$rift_ddl$
                visible: CREATE VIEW "rift_o1_public".w AS SELECT * FROM ((SELECT accounts.id FROM "rift_l1"."m_accounts" AS "accounts") UNION ALL (SELECT * FROM (SELECT accounts.id FROM "rift_l1"."m_accounts" AS "accounts") AS rift_no_rows WHERE false)) AS "big_accounts"  WITH CASCADED CHECK OPTION
                created {"public"."w"=VIEW}
                removed []
                hidden []""");
    }

    @Test
    void theSearchPathOfTheStatementDecidesTheCreationSchema() {
        assertRenders(divergedSession(), "SET search_path = audit, public; CREATE TABLE t (id int)", """
                visible: SET search_path = audit, public
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TABLE t (id int)'')';
                END$rift_ddl$
                visible: CREATE TABLE "rift_o1_audit".t (id int)
                created {"audit"."t"=TABLE}
                removed []
                hidden []""");
        // PostgreSQL would create audit.t; the own schema of audit is made only for the string's first and last
        // search_path, so rift refuses rather than put t in another schema (it used to pick public's own schema).
        assertRenders(divergedSession(), "SET search_path = audit, public; CREATE TABLE t (id int); SET search_path = public",
                "refused 0A000 statement 2 of 3: rift has no schema of this branch to create t in (the search_path names no schema that exists upstream)");
        assertRenders(divergedSession(), "SET search_path = audit; CREATE TABLE t (id int); SET search_path = public",
                "refused 0A000 statement 2 of 3: rift has no schema of this branch to create t in (the search_path names no schema that exists upstream)");
        assertRenders(divergedSession(), "SET search_path = nowhere; CREATE TABLE t (id int)",
                "refused 0A000 statement 2 of 2: rift has no schema of this branch to create t in (the search_path names no schema that exists upstream)");
        assertRenders(divergedSession(), "SET search_path = nowhere; DROP TABLE IF EXISTS t",
                "refused 0A000 statement 2 of 2: DROP TABLE would act on the upstream's t");
        assertRenders(divergedSession(), "CREATE SCHEMA audit",
                "refused 42P06 schema \"audit\" already exists");
        assertRenders(divergedSession(), "CREATE TABLE \"new\".t (id int)", """
                ddl record: DO $rift_ddl$BEGIN
                EXECUTE 'SELECT rift.log_ddl(1, ''dev'', ''CREATE TABLE "new".t (id int)'')';
                END$rift_ddl$
                visible: CREATE TABLE "new".t (id int)
                created {"new"."t"=TABLE}
                removed []
                hidden []""");
    }
    private void assertRenders(Fixture.Session session, String sql, String expected) {
        assertEquals(expected, decide(session, sql), sql);
    }
}
