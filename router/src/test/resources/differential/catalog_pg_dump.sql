-- What pg_dump reads through a branch (issue 17, DdlDifferentialTest): the system column tableoid of catalog
-- tables rift shows as views, SQL-level PREPARE of catalog reads, and privileges of what the branch owns.

-- scenario: tableoid of catalog tables, qualified, unqualified and in subqueries, while SELECT * keeps pg_catalog's columns
UPDATE customers SET name = 'Ann B' WHERE id = 1;
CREATE TABLE dumped_t (id integer PRIMARY KEY);
SELECT n.tableoid, n.tableoid::regclass, n.nspname FROM pg_namespace n WHERE n.nspname = 'public';
SELECT tableoid, relname FROM pg_class WHERE relname IN ('customers', 'dumped_t', 'dumped_t_pkey') ORDER BY relname;
SELECT c.tableoid AS ct, t.tableoid AS tt, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_type t
 ON t.oid = c.reltype WHERE c.relname IN ('customers', 'dumped_t') ORDER BY c.relname;
SELECT tableoid, typname, (SELECT relkind FROM pg_class WHERE oid = typrelid) AS kind,
 (SELECT count(*) FROM pg_type te WHERE te.oid = pg_type.typelem AND te.tableoid = 1247) AS elems
 FROM pg_type WHERE typname IN ('customers', 'dumped_t', '_dumped_t') ORDER BY typname;
SELECT count(*) > 0 FROM pg_constraint co WHERE co.tableoid = 'pg_constraint'::regclass AND co.conname = 'dumped_t_pkey';
SELECT a.tableoid, count(*) FROM pg_attribute a WHERE a.attrelid = 'dumped_t'::regclass GROUP BY a.tableoid;
SELECT * FROM pg_namespace WHERE nspname = 'public';
SELECT * FROM pg_class WHERE false;
SELECT * FROM pg_catalog.pg_type t WHERE false;
SELECT a.* FROM pg_attribute a WHERE false;

-- scenario: PREPARE and EXECUTE of a catalog read, as pg_dump does
PREPARE dump_cols(pg_catalog.oid) AS SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS t
 FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;
ALTER TABLE customers ADD COLUMN phone text;
EXECUTE dump_cols('customers'::regclass);
PREPARE dump_ns AS SELECT tableoid, nspname FROM pg_namespace WHERE nspname = 'public';
EXECUTE dump_ns;
SELECT name FROM pg_prepared_statements WHERE name LIKE 'dump%' ORDER BY name;
DEALLOCATE dump_cols;
EXECUTE dump_cols('customers'::regclass);

-- scenario: privileges of tables the branch made or changed name the client's role, as a copy's name its owner
CREATE TABLE acl_t (id integer);
SELECT relacl FROM pg_class WHERE relname = 'acl_t';
GRANT SELECT ON acl_t TO CURRENT_USER;
ALTER TABLE customers ADD COLUMN phone text;
REVOKE UPDATE ON customers FROM CURRENT_USER;
SELECT relname, relacl FROM pg_class WHERE relname IN ('acl_t', 'customers') ORDER BY relname;
SELECT attname, attacl FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attacl IS NOT NULL;
GRANT UPDATE (name) ON customers TO CURRENT_USER;
SELECT attname, attacl FROM pg_attribute WHERE attrelid = 'customers'::regclass AND attacl IS NOT NULL;
