package dev.rift.storage.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalInt;

/**
 * The DDL of the {@code rift} schema (docs/overlay.md, "Names"). Installing is idempotent and safe when several
 * processes run it at once: the whole installation runs in one transaction under a transaction-level advisory
 * lock, so a second installer waits and then finds everything in place.
 */
final class CatalogSchema {
    /** The version this code writes and understands. */
    static final int VERSION = 5;

    /** Advisory lock key of the installation ('rift' 'inst' in ASCII), distinct from every other lock rift takes. */
    private static final long INSTALL_LOCK = 0x7269667469_6e7374L;

    private static final List<String> DDL = List.of(
            "CREATE SCHEMA IF NOT EXISTS rift",
            "CREATE TABLE IF NOT EXISTS rift.meta (key text PRIMARY KEY, value text)",
            "CREATE TABLE IF NOT EXISTS rift.layers (id bigserial PRIMARY KEY, "
                    + "below bigint NULL REFERENCES rift.layers, "
                    + "created_at timestamptz NOT NULL DEFAULT now(), frozen boolean NOT NULL DEFAULT false)",
            // One sequence for every branch's versions: a branch deleted and created again under the same name
            // never repeats a version, so caches keyed by (branch, version) cannot confuse the two.
            "CREATE SEQUENCE IF NOT EXISTS rift.versions",
            "CREATE TABLE IF NOT EXISTS rift.branches ("
                    + "name text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'), "
                    + "parent text NULL REFERENCES rift.branches, "
                    + "mode text NOT NULL DEFAULT 'overlay', "
                    + "top_layer bigint NOT NULL REFERENCES rift.layers, "
                    + "created_at timestamptz NOT NULL DEFAULT now(), "
                    + "version bigint NOT NULL DEFAULT nextval('rift.versions'))",
            "CREATE TABLE IF NOT EXISTS rift.layer_tables ("
                    + "layer_id bigint REFERENCES rift.layers ON DELETE CASCADE, relid oid, "
                    + "schema_name text NOT NULL, table_name text NOT NULL, "
                    + "kind text NOT NULL CHECK (kind IN ('delta', 'copy')), PRIMARY KEY (layer_id, relid))",
            // Version 3: the layer a branch was created on (null: the upstream), which a reset goes back to even
            // after the branch's own layers were frozen under a child.
            "ALTER TABLE rift.branches ADD COLUMN IF NOT EXISTS base_layer bigint NULL",
            // Version 2: own tables (created or materialized on a branch; docs/ddl.md).
            "ALTER TABLE rift.layer_tables DROP CONSTRAINT IF EXISTS layer_tables_kind_check",
            "ALTER TABLE rift.layer_tables ADD CONSTRAINT layer_tables_kind_check "
                    + "CHECK (kind IN ('delta', 'copy', 'own'))",
            "CREATE TABLE IF NOT EXISTS rift.layer_sequences ("
                    + "layer_id bigint REFERENCES rift.layers ON DELETE CASCADE, relid oid, "
                    + "schema_name text NOT NULL, sequence_name text NOT NULL, PRIMARY KEY (layer_id, relid))",
            "CREATE TABLE IF NOT EXISTS rift.layer_schemas ("
                    + "layer_id bigint REFERENCES rift.layers ON DELETE CASCADE, logical_schema text NOT NULL, "
                    + "physical_schema text NOT NULL UNIQUE, PRIMARY KEY (layer_id, logical_schema))",
            "CREATE TABLE IF NOT EXISTS rift.layer_hidden ("
                    + "layer_id bigint REFERENCES rift.layers ON DELETE CASCADE, relid oid, "
                    + "PRIMARY KEY (layer_id, relid))",
            "CREATE TABLE IF NOT EXISTS rift.layer_ddl ("
                    + "seq bigint PRIMARY KEY DEFAULT nextval('rift.versions'), "
                    + "layer_id bigint NOT NULL REFERENCES rift.layers ON DELETE CASCADE, "
                    + "statement text NOT NULL, at timestamptz NOT NULL DEFAULT now())",
            "CREATE INDEX IF NOT EXISTS layer_ddl_layer ON rift.layer_ddl (layer_id, seq)",
            // Who may manage branches (router's BranchManagers): NOLOGIN roles, one pair per cluster since roles are
            // cluster-wide, made only when rift's role may (superuser or CREATEROLE; else only superusers manage).
            // A non-superuser installer joins both: the role of --upstream is the one the CLI manages branches as.
            // The exception blocks: another database's rift init may create them at the same moment.
            "DO $r$ DECLARE made boolean := false; BEGIN"
                    + " IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN"
                    + " RETURN; END IF;"
                    + " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rift_admin') THEN"
                    + " BEGIN CREATE ROLE rift_admin NOLOGIN; made := true;"
                    + " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; END IF;"
                    + " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rift_merge_main') THEN"
                    + " BEGIN CREATE ROLE rift_merge_main NOLOGIN; made := true;"
                    + " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; END IF;"
                    + " IF made AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN"
                    + " GRANT rift_admin, rift_merge_main TO CURRENT_USER; END IF; END$r$");

    private CatalogSchema() {}

    static void install(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + INSTALL_LOCK + ")");
            OptionalInt existing = version(c);
            if (existing.isPresent() && existing.getAsInt() > VERSION) {
                throw new CatalogException("55000", "the rift catalog in this database has schema version "
                        + existing.getAsInt() + ", newer than this rift understands (" + VERSION + "): upgrade rift");
            }
            for (String ddl : DDL) {
                s.execute(ddl);
            }
            // Version 4: session roles, and rift's helpers callable by them only (docs/security.md).
            for (String ddl : SessionRolesSchema.DDL) {
                s.execute(ddl);
            }
            // Version 5: the guard on upstream tables against SECURITY DEFINER functions (docs/security.md).
            UpstreamGuard.install(c);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO rift.meta (key, value) VALUES ('schema_version', ?) "
                            + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                ps.setString(1, Integer.toString(VERSION));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The installed schema version, or empty when {@code rift.meta} does not exist or has none. */
    static OptionalInt version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('rift.meta') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return OptionalInt.empty();
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM rift.meta WHERE key = 'schema_version'")) {
            return rs.next() ? OptionalInt.of(Integer.parseInt(rs.getString(1))) : OptionalInt.empty();
        }
    }
}
