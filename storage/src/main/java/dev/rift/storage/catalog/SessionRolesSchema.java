package dev.rift.storage.catalog;

import java.util.List;

/**
 * The part of the {@code rift} schema that makes a branch session's upstream backend unable to change the upstream
 * (docs/security.md): the session roles, the group role they share, and the functions that give them exactly the
 * privileges they need. Installed with the rest of the catalog ({@link CatalogSchema}), idempotently.
 *
 * <p>A session role ({@code rift_<database oid>_<client role oid>_<branch hash>}) is the role a branch session's
 * upstream backend logs in as, one per branch and client role: it reads what the client role may read (SELECT mirrored, or
 * {@code pg_read_all_data} for a client that reads everything), writes only branches' layer objects (privileges
 * mirrored from the client's on the upstream table each stands for) of its own branch only, and holds no write privilege on any upstream
 * object, so no SQL a client sends (functions, defaults, dynamic SQL, statements rift's lexer reads differently)
 * can write upstream through it. Nothing here is granted to PUBLIC.
 */
final class SessionRolesSchema {
    private SessionRolesSchema() {}

    /** The group role of every session role: USAGE on rift's catalog views and its DDL helpers, nothing else. */
    static final String GROUP = "rift_branch";

    /**
     * {@code octet_length}-safe schema name of layer {@code l} for upstream schema {@code s}, with prefix
     * {@code 'rift_l'} (data schemas, LayerNames.dataSchema) or {@code 'rift_v'} (name views, LayerNames.nameViewSchema).
     */
    private static final String LAYER_SCHEMA = "CASE WHEN octet_length(%3$s || %1$s || '_' || %2$s) <= 63"
            + " THEN %3$s || %1$s || '_' || %2$s ELSE %3$s || %1$s || '_h' || left(md5(%2$s), 16) END";
    private static final String DATA_SCHEMA = LAYER_SCHEMA.formatted("%1$s", "%2$s", "'rift_l'");
    private static final String NAME_VIEW_SCHEMA = LAYER_SCHEMA.formatted("%1$s", "%2$s", "'rift_v'");

    /** Schemas that are the upstream's own (not PostgreSQL's, not rift's). */
    static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'rift',"
            + " 'rift_catalog', 'rift_information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
            + " AND n.nspname NOT LIKE 'pg\\_temp%' AND n.nspname !~ '^rift_[lov][0-9]+'";

    /**
     * {@code rift.mirror_reads(r, c)}: r may read what c may read of the upstream, and nothing more. Only grants and
     * revokes what differs, so a session start that finds everything in place writes nothing.
     */
    private static final String MIRROR_READS = "CREATE OR REPLACE FUNCTION rift.mirror_reads(r name, c name)"
            + " RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog AS $f$"
            + " DECLARE o record; a record; BEGIN"
            // Large objects the client may read (pg_read_all_data does not cover them).
            + " FOR o IN SELECT m.oid FROM pg_largeobject_metadata m WHERE ((SELECT rolsuper FROM pg_roles WHERE rolname = c)"
            + "  OR pg_has_role(c, m.lomowner, 'USAGE') OR EXISTS (SELECT 1 FROM aclexplode(m.lomacl) x"
            + "  WHERE x.privilege_type = 'SELECT' AND (x.grantee = 0 OR pg_has_role(c, x.grantee, 'USAGE'))))"
            + "  AND NOT EXISTS (SELECT 1 FROM aclexplode(m.lomacl) x WHERE x.privilege_type = 'SELECT'"
            + "  AND x.grantee = (SELECT oid FROM pg_roles WHERE rolname = r)) LOOP"
            + "  EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO %I', o.oid, r); END LOOP;"
            + " IF (SELECT rolsuper FROM pg_roles WHERE rolname = c) OR pg_has_role(c, 'pg_read_all_data', 'USAGE') THEN"
            + "  IF NOT pg_has_role(r, 'pg_read_all_data', 'MEMBER') THEN"
            + "   EXECUTE format('GRANT pg_read_all_data TO %I', r); END IF;"
            + "  RETURN; END IF;"
            + " IF pg_has_role(r, 'pg_read_all_data', 'MEMBER') THEN EXECUTE format('REVOKE pg_read_all_data FROM %I', r);"
            + " END IF;"
            + " FOR o IN SELECT n.oid, n.nspname FROM pg_namespace n WHERE " + USER_SCHEMA
            + "  AND has_schema_privilege(c, n.oid, 'USAGE') AND NOT has_schema_privilege(r, n.oid, 'USAGE') LOOP"
            + "  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', o.nspname, r); END LOOP;"
            + " FOR o IN SELECT cl.oid, cl.relkind, has_table_privilege(c, cl.oid, 'SELECT') AS may,"
            + "  has_table_privilege(r, cl.oid, 'SELECT') AS has FROM pg_class cl JOIN pg_namespace n"
            + "  ON n.oid = cl.relnamespace WHERE cl.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND " + USER_SCHEMA + " LOOP"
            + "  IF o.may AND NOT o.has THEN"
            + "   EXECUTE format('GRANT SELECT ON %s TO %I', o.oid::regclass, r);"
            + "  ELSIF NOT o.may THEN"
            + "   IF o.has THEN EXECUTE format('REVOKE SELECT ON %s FROM %I', o.oid::regclass, r); END IF;"
            + "   FOR a IN SELECT attname FROM pg_attribute WHERE attrelid = o.oid AND attnum > 0 AND NOT attisdropped"
            + "    AND has_column_privilege(c, o.oid, attnum, 'SELECT') AND NOT has_column_privilege(r, o.oid, attnum,"
            + "    'SELECT') LOOP"
            + "    EXECUTE format('GRANT SELECT (%I) ON %s TO %I', a.attname, o.oid::regclass, r); END LOOP;"
            + "  END IF; END LOOP;"
            // Functions the client may run that PUBLIC may not; never a SECURITY DEFINER one (it runs as its owner).
            + " FOR o IN SELECT p.oid, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            + "  WHERE " + USER_SCHEMA + " AND NOT p.prosecdef AND has_function_privilege(c, p.oid, 'EXECUTE')"
            + "  AND NOT has_function_privilege(r, p.oid, 'EXECUTE') LOOP"
            + "  EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO %I', o.oid::regprocedure, r); END LOOP;"
            + " END$f$";

    /**
     * {@code rift.grant_layers(r, c, branch)}: r may use the layers of {@code branch} as c may use the upstream
     * objects they stand for: in the top layer the client's privileges on each table, in the frozen layers below
     * SELECT only; EXECUTE on the layers' functions (taken from PUBLIC); the own schemas' objects as the upstream
     * object of the same name, and CREATE in an own schema only where c may create in the logical schema.
     */
    private static final String GRANT_LAYERS = "CREATE OR REPLACE FUNCTION rift.grant_layers(r name, c name,"
            + " branch_name text) RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog AS $f$"
            + " DECLARE top bigint; l record; t record; p text; obj regclass; up oid; sel boolean; w boolean;"
            + " BEGIN"
            + " SELECT top_layer INTO top FROM rift.branches WHERE name = branch_name;"
            + " IF top IS NULL THEN RETURN; END IF;"
            + " FOR l IN WITH RECURSIVE st(id, below) AS (SELECT id, below FROM rift.layers WHERE id = top"
            + "  UNION ALL SELECT x.id, x.below FROM rift.layers x JOIN st ON x.id = st.below) SELECT id FROM st LOOP"
            // Schemas: the layer's own, its data schemas, its own-object schemas.
            + "  FOR t IN SELECT n.oid, n.nspname, ls.logical_schema FROM pg_namespace n LEFT JOIN rift.layer_schemas ls"
            + "   ON ls.physical_schema = n.nspname AND ls.layer_id = l.id"
            + "   WHERE n.nspname = 'rift_l' || l.id OR n.nspname LIKE 'rift\\_l' || l.id || '\\_%'"
            + "   OR n.nspname LIKE 'rift\\_v' || l.id || '\\_%'"
            + "   OR ls.layer_id IS NOT NULL LOOP"
            + "   IF NOT has_schema_privilege(r, t.oid, 'USAGE') THEN"
            + "    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', t.nspname, r); END IF;"
            + "   IF t.logical_schema IS NOT NULL AND l.id = top AND NOT has_schema_privilege(r, t.oid, 'CREATE')"
            + "    AND coalesce(has_schema_privilege(c, (SELECT oid FROM pg_namespace WHERE nspname = t.logical_schema),"
            + "    'CREATE'), false) THEN"
            + "    EXECUTE format('GRANT CREATE ON SCHEMA %I TO %I', t.nspname, r); END IF;"
            + "  END LOOP;"
            // Deltas and copies with their shadow, base images and merged view.
            + "  FOR t IN SELECT relid, schema_name, table_name FROM rift.layer_tables WHERE layer_id = l.id"
            + "   AND kind IN ('delta', 'copy') LOOP"
            + "   sel := coalesce(has_table_privilege(c, t.relid, 'SELECT'), false);"
            + "   w := l.id = top AND coalesce(has_table_privilege(c, t.relid, 'INSERT, UPDATE, DELETE, TRUNCATE'), false);"
            // The data table and its name view: as the client may use the table.
            + "   FOR obj IN SELECT o FROM unnest(ARRAY[to_regclass(quote_ident("
            + DATA_SCHEMA.formatted("l.id", "t.schema_name") + ") || '.' || quote_ident(t.table_name)),"
            + "    to_regclass(quote_ident(" + NAME_VIEW_SCHEMA.formatted("l.id", "t.schema_name") + ") || '.'"
            + "    || quote_ident(t.table_name))]) o WHERE o IS NOT NULL LOOP"
            + "    FOREACH p IN ARRAY ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'] LOOP"
            + "     IF coalesce(has_table_privilege(c, t.relid, p), false) AND (l.id = top OR p = 'SELECT')"
            + "      AND NOT has_table_privilege(r, obj, p) THEN"
            + "      EXECUTE format('GRANT %s ON %s TO %I', p, obj, r); END IF; END LOOP; END LOOP;"
            + "   PERFORM rift.grant_if(r, to_regclass(format('%I.%I', 'rift_l' || l.id, 's_' || t.relid)), sel, w, w);"
            + "   PERFORM rift.grant_if(r, to_regclass(format('%I.%I', 'rift_l' || l.id, 'b_' || t.relid)), sel, w, false);"
            + "   PERFORM rift.grant_if(r, to_regclass(format('%I.%I', 'rift_l' || l.id, 'm_' || t.relid)), sel, false,"
            + "    false);"
            + "  END LOOP;"
            // The layer's copies of sequences.
            + "  FOR t IN SELECT relid, schema_name, sequence_name FROM rift.layer_sequences WHERE layer_id = l.id LOOP"
            + "   obj := to_regclass(quote_ident(" + DATA_SCHEMA.formatted("l.id", "t.schema_name") + ")"
            + "    || '.' || quote_ident(t.sequence_name));"
            + "   IF obj IS NOT NULL THEN"
            + "    FOREACH p IN ARRAY ARRAY['SELECT', 'USAGE', 'UPDATE'] LOOP"
            + "     IF coalesce(has_sequence_privilege(c, t.relid, p), false) AND (l.id = top OR p = 'SELECT')"
            + "      AND NOT has_sequence_privilege(r, obj, p) THEN"
            + "      EXECUTE format('GRANT %s ON SEQUENCE %s TO %I', p, obj, r); END IF; END LOOP; END IF;"
            + "  END LOOP;"
            // Objects in the own schemas that r does not own: as the upstream object of the same name, if any;
            // rift's own copies (a child's copy of its parent's objects) wholly.
            + "  FOR t IN SELECT cl.oid, cl.relname, cl.relkind, cl.relowner, ls.logical_schema FROM rift.layer_schemas ls"
            + "   JOIN pg_namespace n ON n.nspname = ls.physical_schema JOIN pg_class cl ON cl.relnamespace = n.oid"
            + "   WHERE ls.layer_id = l.id AND cl.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') LOOP"
            + "   CONTINUE WHEN pg_has_role(r, t.relowner, 'USAGE');"
            + "   up := to_regclass(quote_ident(t.logical_schema) || '.' || quote_ident(t.relname));"
            // Another client role's object stays its own, as on a copy; this client's, copied from its session role on
            // the parent branch (a child's copy of its parent's objects), is this role's to use.
            + "   IF up IS NULL AND EXISTS (SELECT 1 FROM rift.session_roles s JOIN pg_roles o ON o.rolname = s.role_name"
            + "    WHERE o.oid = t.relowner AND s.client_role <> c) THEN CONTINUE; END IF;"
            + "   FOREACH p IN ARRAY CASE WHEN t.relkind = 'S' THEN ARRAY['SELECT', 'USAGE', 'UPDATE']"
            + "    ELSE ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'] END LOOP"
            + "    IF (up IS NULL OR coalesce(CASE WHEN t.relkind = 'S' THEN has_sequence_privilege(c, up, p)"
            + "     ELSE has_table_privilege(c, up, p) END, false)) AND (l.id = top OR p = 'SELECT')"
            + "     AND NOT (CASE WHEN t.relkind = 'S' THEN has_sequence_privilege(r, t.oid, p)"
            + "     ELSE has_table_privilege(r, t.oid, p) END) THEN"
            + "     EXECUTE format('GRANT %s ON %s TO %I', p, t.oid::regclass, r); END IF; END LOOP;"
            + "  END LOOP;"
            // Functions rift made in the layer (copy-up, checks): callable by the session roles, not by PUBLIC.
            + "  FOR t IN SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            + "   WHERE n.nspname = 'rift_l' || l.id LOOP"
            + "   IF (SELECT proacl IS NULL OR 0::oid = ANY (SELECT e.grantee FROM aclexplode(proacl) e)"
            + "    FROM pg_proc WHERE oid = t.oid) THEN"
            + "    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', t.oid::regprocedure); END IF;"
            + "   IF NOT has_function_privilege(r, t.oid, 'EXECUTE') THEN"
            + "    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', t.oid::regprocedure, r); END IF;"
            + "  END LOOP;"
            + " END LOOP; END$f$";

    /** {@code rift.grant_if(r, obj, select, insert, update and delete)}: grants what is asked and missing; no object, nothing. */
    private static final String GRANT_IF = "CREATE OR REPLACE FUNCTION rift.grant_if(r name, obj regclass, sel boolean,"
            + " ins boolean, upd boolean) RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog AS $f$BEGIN"
            + " IF obj IS NULL THEN RETURN; END IF;"
            + " IF sel AND NOT has_table_privilege(r, obj, 'SELECT') THEN"
            + "  EXECUTE format('GRANT SELECT ON %s TO %I', obj, r); END IF;"
            + " IF ins AND NOT has_table_privilege(r, obj, 'INSERT') THEN"
            + "  EXECUTE format('GRANT INSERT ON %s TO %I', obj, r); END IF;"
            + " IF upd AND NOT has_table_privilege(r, obj, 'UPDATE, DELETE') THEN"
            + "  EXECUTE format('GRANT UPDATE, DELETE ON %s TO %I', obj, r); END IF; END$f$";

    static final List<String> DDL = List.of(
            // Roles are the cluster's; only a role allowed to make roles makes the group. Without it branch sessions
            // are refused (SessionRoles says why), never run as the client's own role.
            "DO $d$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + GROUP + "')"
                    + " AND (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN"
                    + " BEGIN CREATE ROLE " + GROUP + " NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation"
                    + " THEN NULL; END; END IF; END$d$",
            "CREATE TABLE IF NOT EXISTS rift.session_roles (client_role name NOT NULL,"
                    + " branch text NOT NULL REFERENCES rift.branches ON DELETE CASCADE, role_name name NOT NULL UNIQUE,"
                    + " secret text NOT NULL, PRIMARY KEY (client_role, branch))",
            "REVOKE ALL ON SCHEMA rift FROM PUBLIC",
            "REVOKE ALL ON ALL TABLES IN SCHEMA rift FROM PUBLIC",
            "REVOKE ALL ON ALL SEQUENCES IN SCHEMA rift FROM PUBLIC",
            // Whether the session may do rift's part of DDL on the branch whose top layer is `layer`: a superuser, or a
            // session role of that branch (never another branch's), whose client role owns the relation concerned, as
            // DROP requires on a copy.
            "CREATE OR REPLACE FUNCTION rift.require_change(layer bigint, rel oid) RETURNS void LANGUAGE plpgsql"
                    + " SET search_path = pg_catalog AS $f$BEGIN"
                    // A session still holding its branch's state from before a child was made from it: retry.
                    + " IF (SELECT frozen FROM rift.layers WHERE id = layer) THEN RAISE EXCEPTION USING"
                    + " ERRCODE = '40001', MESSAGE = 'could not serialize access: the branch''s layer ' || layer"
                    + " || ' was frozen when a branch was created from it', HINT = 'Retry the transaction.'; END IF;"
                    + " IF NOT EXISTS (SELECT 1 FROM rift.branches WHERE top_layer = layer) THEN RAISE EXCEPTION USING"
                    + " ERRCODE = '42501', MESSAGE = 'permission denied: layer ' || layer || ' is no branch''s top layer';"
                    + " END IF;"
                    + " IF (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN RETURN; END IF;"
                    + " IF NOT EXISTS (SELECT 1 FROM rift.session_roles s JOIN rift.branches b ON b.name = s.branch"
                    + " WHERE s.role_name = session_user AND b.top_layer = layer AND (rel IS NULL"
                    + " OR NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = rel)"
                    + " OR pg_has_role(s.client_role, (SELECT relowner FROM pg_class WHERE oid = rel), 'MEMBER'))) THEN"
                    + " RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'permission denied for '"
                    + " || coalesce(rel::regclass::text, 'this branch operation'); END IF; END$f$",
            // The secdef helpers of CatalogSchema check their caller (they are replaced here, after their first
            // definition, so an upgraded catalog gets the checks too).
            "CREATE OR REPLACE FUNCTION rift.log_ddl(layer bigint, branch text, statement text) RETURNS void"
                    + " LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$BEGIN"
                    + " PERFORM rift.require_change(layer, NULL);"
                    + " IF NOT EXISTS (SELECT 1 FROM rift.branches b WHERE b.name = branch AND b.top_layer = layer) THEN"
                    + " RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'permission denied: layer ' || layer"
                    + " || ' is not the top layer of branch ' || branch; END IF;"
                    + " INSERT INTO rift.layer_ddl (layer_id, statement) VALUES (layer, statement);"
                    + " IF (SELECT frozen FROM rift.layers WHERE id = layer) THEN RAISE EXCEPTION USING"
                    + " ERRCODE = '40001', MESSAGE = 'could not serialize access: the branch''s layer ' || layer"
                    + " || ' was frozen when a branch was created from it', HINT = 'Retry the transaction.'; END IF;"
                    + " PERFORM pg_notify('rift_branches', branch); END$f$",
            "CREATE OR REPLACE FUNCTION rift.hide(layer bigint, rel oid) RETURNS void"
                    + " LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$BEGIN"
                    + " PERFORM rift.require_change(layer, rel);"
                    + " INSERT INTO rift.layer_hidden (layer_id, relid) VALUES (layer, rel) ON CONFLICT DO NOTHING;"
                    + " INSERT INTO rift.layer_hidden (layer_id, relid) SELECT layer, d.objid FROM pg_depend d"
                    + " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
                    + " WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
                    + " AND d.refobjid = rel AND d.deptype IN ('a', 'i') ON CONFLICT DO NOTHING; END$f$",
            // The data table is named by the caller: it must be a relation of that layer's data schemas, never
            // anything else (before, any role could drop any table through this function).
            "CREATE OR REPLACE FUNCTION rift.drop_layer_table(layer bigint, rel oid, data_table text) RETURNS void"
                    + " LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$DECLARE ns text; BEGIN"
                    + " PERFORM rift.require_change(layer, rel);"
                    + " SELECT n.nspname INTO ns FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.oid = to_regclass(data_table);"
                    + " IF ns IS NOT NULL AND ns NOT LIKE 'rift\\_l' || layer || '\\_%' THEN RAISE EXCEPTION USING"
                    + " ERRCODE = '42501', MESSAGE = 'permission denied: ' || data_table || ' is not a data table of layer '"
                    + " || layer; END IF;"
                    // The name view reads the merged view or the data table: it goes first.
                    + " EXECUTE coalesce((SELECT format('DROP VIEW IF EXISTS %I.%I', " + NAME_VIEW_SCHEMA.formatted(
                    "layer", "t.schema_name") + ", t.table_name) FROM rift.layer_tables t WHERE t.layer_id = layer"
                    + " AND t.relid = rel), 'SELECT');"
                    + " EXECUTE format('DROP VIEW IF EXISTS %I.%I', 'rift_l' || layer, 'm_' || rel);"
                    + " IF ns IS NOT NULL THEN EXECUTE 'DROP TABLE IF EXISTS ' || to_regclass(data_table)::text"
                    + " || ' CASCADE'; END IF;"
                    + " EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', 'rift_l' || layer, 's_' || rel);"
                    + " DELETE FROM rift.layer_tables WHERE layer_id = layer AND relid = rel; END$f$",
            "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA rift FROM PUBLIC",
            "DO $d$BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + GROUP + "') THEN"
                    + " GRANT USAGE ON SCHEMA rift TO " + GROUP + ";"
                    + " GRANT EXECUTE ON FUNCTION rift.log_ddl(bigint, text, text), rift.hide(bigint, oid),"
                    + " rift.drop_layer_table(bigint, oid, text) TO " + GROUP + "; END IF; END$d$",
            // Layers made before version 4 granted everything to PUBLIC: take it back.
            "DO $d$DECLARE s name; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE nspname ~ '^rift_[lov][0-9]+'"
                    + " LOOP EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', s);"
                    + " EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM PUBLIC', s);"
                    + " EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM PUBLIC', s);"
                    + " EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA %I FROM PUBLIC', s); END LOOP; END$d$",
            GRANT_IF,
            MIRROR_READS,
            GRANT_LAYERS,
            "CREATE OR REPLACE FUNCTION rift.grant_branch(branch_name text) RETURNS void LANGUAGE plpgsql"
                    + " SET search_path = pg_catalog AS $f$DECLARE r record; BEGIN"
                    + " FOR r IN SELECT role_name, client_role FROM rift.session_roles WHERE branch = branch_name"
                    + " AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = client_role) LOOP"
                    + " PERFORM rift.grant_layers(r.role_name, r.client_role, branch_name); END LOOP; END$f$",
            // A deleted branch's session roles go with it: what they own in this database, their grants, the roles.
            "CREATE OR REPLACE FUNCTION rift.drop_session_roles(branch_name text) RETURNS void LANGUAGE plpgsql"
                    + " SET search_path = pg_catalog AS $f$DECLARE r name; BEGIN"
                    + " FOR r IN SELECT s.role_name FROM rift.session_roles s JOIN pg_roles o ON o.rolname = s.role_name"
                    + " WHERE s.branch = branch_name LOOP"
                    + " BEGIN EXECUTE format('DROP OWNED BY %I', r); EXECUTE format('DROP ROLE %I', r);"
                    + " EXCEPTION WHEN OTHERS THEN RAISE WARNING 'rift could not drop the session role %: %', r, SQLERRM;"
                    + " END; END LOOP; DELETE FROM rift.session_roles WHERE branch = branch_name; END$f$",
            "REVOKE ALL ON FUNCTION rift.mirror_reads(name, name), rift.grant_layers(name, name, text),"
                    + " rift.grant_branch(text), rift.grant_if(name, regclass, boolean, boolean, boolean), rift.require_change(bigint, oid),"
                    + " rift.drop_session_roles(text) FROM PUBLIC");

}
