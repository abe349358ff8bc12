package dev.rift.storage.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;

/**
 * The guard that makes PostgreSQL refuse a branch session's changes to the upstream even where privileges cannot
 * (docs/security.md, "The guard"): an upstream SECURITY DEFINER function that PUBLIC may execute runs with its owner's
 * rights, wherever a session calls it from. {@code session_user} does not change inside such a function, and SET ROLE
 * and SET SESSION AUTHORIZATION are refused there, so a check of {@code session_user} holds whatever the function does.
 *
 * <ul>
 *   <li>a statement-level trigger {@value #TRIGGER} on every upstream table (each partition too: a parent's statement
 *   triggers do not fire for a statement on a partition), {@code ENABLE ALWAYS} so that
 *   {@code session_replication_role = replica} cannot skip it, whose WHEN clause calls nothing for any other
 *   session;</li>
 *   <li>when rift's role is a superuser, event triggers that guard tables made on main after the install and refuse
 *   a session role's DDL on anything outside a branch's schemas (DISABLE TRIGGER, DROP TRIGGER, DROP TABLE...).</li>
 * </ul>
 * Everything hangs on functions of schema {@code rift}, so {@code DROP SCHEMA rift CASCADE} removes it all.
 */
public final class UpstreamGuard {
    /** The guard trigger's name on every upstream table; branch copies of a table never carry it. */
    public static final String TRIGGER = "rift_guard";

    /**
     * Session role names ({@link SessionRoles}: {@code rift_<database oid>_<role oid>_<branch hash>}). A role that is
     * no session role but is named so is only refused writes, never let through.
     */
    static final String SESSION_ROLE = "^rift_[0-9]+_[0-9]+_[0-9a-f]{8}$";

    /** Whether the session is a branch session's (the trigger's WHEN clause, the event triggers' first test). */
    private static final String IS_SESSION = "session_user OPERATOR(pg_catalog.~) '" + SESSION_ROLE + "'";

    /** Schema names of a branch's machinery and of a session's own temporary objects: DDL there is the branch's. */
    private static final String BRANCH_SCHEMA = "(%1$s IN ('rift', 'rift_catalog', 'rift_information_schema')"
            + " OR %1$s ~ '^\"?rift_[lov][0-9]+' OR %1$s ~ '^\"?pg_(temp|toast)')";

    /**
     * Object kinds with no schema that a branch never creates or drops: a session role touching one is refused. Not
     * casts: a branch's copy of an upstream type makes casts to and from it (UpstreamTypeCopy).
     */
    private static final String SCHEMALESS = "('extension', 'server', 'foreign-data wrapper', 'user mapping',"
            + " 'publication', 'publication relation', 'publication namespace', 'language', 'transform',"
            + " 'access method')";

    private static final String REFUSE_DDL = "RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = format("
            + "'permission denied: a branch session cannot change the upstream %s %s', o.object_type,"
            + " coalesce(o.object_identity, o.object_type))";

    static final List<String> DDL = List.of(
            "CREATE OR REPLACE FUNCTION rift.refuse_upstream_write() RETURNS trigger LANGUAGE plpgsql"
                    + " SET search_path = pg_catalog AS $f$BEGIN RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE ="
                    + " format('permission denied: a branch session cannot change the upstream table \"%s.%s\"',"
                    + " TG_TABLE_SCHEMA, TG_TABLE_NAME); END$f$",
            // One table: the trigger, then ALWAYS (which needs the table's owner or a superuser). Where rift's role
            // may not, a warning names the table: rift init and session starts log it.
            "CREATE OR REPLACE FUNCTION rift.guard_table(rel oid) RETURNS void LANGUAGE plpgsql"
                    + " SET search_path = pg_catalog AS $f$DECLARE k \"char\"; t text := rel::regclass::text;"
                    + " e \"char\"; BEGIN"
                    + " SELECT relkind INTO k FROM pg_class WHERE oid = rel;"
                    + " IF k IS NULL THEN RETURN; END IF;"
                    + " SELECT tgenabled INTO e FROM pg_trigger WHERE tgrelid = rel AND tgname = '" + TRIGGER + "';"
                    + " IF e = 'A' THEN RETURN; END IF;"
                    + " BEGIN"
                    + "  IF e IS NULL THEN"
                    // Foreign tables take no TRUNCATE trigger (a TRUNCATE of one writes the foreign server only).
                    + "   EXECUTE format('CREATE TRIGGER " + TRIGGER + " BEFORE INSERT OR UPDATE OR DELETE%s ON %s"
                    + " FOR EACH STATEMENT WHEN (" + IS_SESSION.replace("'", "''") + ")"
                    + " EXECUTE FUNCTION rift.refuse_upstream_write()', CASE WHEN k = 'f' THEN '' ELSE ' OR TRUNCATE' END,"
                    + " t); END IF;"
                    + "  EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER " + TRIGGER + "', t);"
                    + " EXCEPTION WHEN insufficient_privilege THEN"
                    + "  RAISE WARNING 'rift cannot guard table %: %; a SECURITY DEFINER function may let a branch"
                    + " session write it', t, SQLERRM;"
                    + " END; END$f$",
            "CREATE OR REPLACE FUNCTION rift.guard_tables() RETURNS void LANGUAGE plpgsql"
                    + " SET search_path = pg_catalog AS $f$DECLARE r oid; BEGIN"
                    + " FOR r IN SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r', 'p', 'f') AND c.relpersistence <> 't' AND "
                    + SessionRolesSchema.USER_SCHEMA
                    + " AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = '" + TRIGGER
                    + "' AND g.tgenabled = 'A') ORDER BY c.oid LOOP PERFORM rift.guard_table(r); END LOOP; END$f$",
            // Event trigger functions run as whoever ran the DDL: as rift's (superuser) role, a table's creator
            // need not reach schema rift. They cannot be called but as event triggers.
            "CREATE OR REPLACE FUNCTION rift.guard_new_tables() RETURNS event_trigger LANGUAGE plpgsql"
                    + " SECURITY DEFINER SET search_path = pg_catalog AS $f$DECLARE r oid; BEGIN"
                    + " FOR r IN SELECT c.oid FROM pg_event_trigger_ddl_commands() d JOIN pg_class c ON c.oid = d.objid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE d.classid = 'pg_class'::regclass"
                    + " AND c.relkind IN ('r', 'p', 'f') AND c.relpersistence <> 't' AND "
                    + SessionRolesSchema.USER_SCHEMA + " LOOP PERFORM rift.guard_table(r); END LOOP; END$f$",
            refusal("rift.refuse_upstream_ddl()", "pg_event_trigger_ddl_commands()", "object_identity"),
            refusal("rift.refuse_upstream_drop()", "pg_event_trigger_dropped_objects()", "object_name"),
            "REVOKE ALL ON FUNCTION rift.refuse_upstream_write(), rift.guard_table(oid), rift.guard_tables(),"
                    + " rift.guard_new_tables(), rift.refuse_upstream_ddl(), rift.refuse_upstream_drop() FROM PUBLIC",
            // Event triggers need a superuser; without them rift guards new tables when it makes a session role.
            "DO $d$BEGIN IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN RETURN; END IF;"
                    + event("rift_guard_new_tables", "ddl_command_end WHEN TAG IN ('CREATE TABLE', 'CREATE TABLE AS',"
                    + " 'SELECT INTO', 'CREATE FOREIGN TABLE', 'ALTER TABLE')", "rift.guard_new_tables()")
                    + event("rift_guard_ddl", "ddl_command_end", "rift.refuse_upstream_ddl()")
                    + event("rift_guard_drop", "sql_drop", "rift.refuse_upstream_drop()")
                    + " END$d$",
            "SELECT rift.guard_tables()");

    private UpstreamGuard() {}

    /** Installs or completes the guard in the caller's transaction, logging each table rift may not guard. */
    static void install(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
                logWarnings(s.getWarnings());
                s.clearWarnings();
            }
        }
    }

    /** Guards the upstream tables made since the last install (rift's role without event triggers). */
    static void guardNewTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT rift.guard_tables()");
            logWarnings(s.getWarnings());
        }
    }

    private static void logWarnings(SQLWarning w) {
        for (; w != null; w = w.getNextWarning()) {
            log.warn("{}", w.getMessage());
        }
    }

    /**
     * An event trigger function refusing a session role's DDL on the objects {@code objects} lists, when one lies
     * outside a branch's schemas; {@code schemaName} is the column naming a schema object unquoted or quoted.
     */
    private static String refusal(String function, String objects, String schemaName) {
        return "CREATE OR REPLACE FUNCTION " + function + " RETURNS event_trigger LANGUAGE plpgsql"
                + " SET search_path = pg_catalog AS $f$DECLARE o record; BEGIN"
                + " IF NOT " + IS_SESSION + " THEN RETURN; END IF;"
                + " FOR o IN SELECT d.object_type, d.object_identity, d.schema_name, d." + schemaName + " AS named"
                + " FROM " + objects + " d"
                + " LOOP IF o.object_type IN " + SCHEMALESS
                + " OR o.object_type = 'schema' AND NOT " + BRANCH_SCHEMA.formatted("o.named")
                + " OR o.schema_name IS NOT NULL AND NOT " + BRANCH_SCHEMA.formatted("o.schema_name") + " THEN "
                + REFUSE_DDL + "; END IF; END LOOP; END$f$";
    }

    /** PL/pgSQL making an event trigger that fires in every replication role, unless it exists. */
    private static String event(String name, String on, String function) {
        return " IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = '" + name + "') THEN"
                + " CREATE EVENT TRIGGER " + name + " ON " + on + " EXECUTE FUNCTION " + function + ";"
                + " ALTER EVENT TRIGGER " + name + " ENABLE ALWAYS; END IF;";
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UpstreamGuard.class);
}
