-- Names read as text on a branch (issue 17): casts of a literal or a parameter to regclass, regtype, regproc,
-- regprocedure, regnamespace and regoperator, and to_regclass and friends, find the branch's own objects under their
-- logical schema, and not what the branch dropped; printed as text, they read as on a copy.

-- scenario: a table the branch created, by its qualified name
CREATE TABLE public.new_table (id integer PRIMARY KEY, label text);
SELECT 'public.new_table'::regclass::text, 'new_table'::regclass::text, '"public"."new_table"'::regclass::text;
SELECT to_regclass('public.new_table')::text, to_regclass('public.no_such')::text, pg_catalog.to_regclass('PUBLIC.New_Table')::text;
SELECT CAST('public.new_table' AS regclass)::text, regclass 'public.new_table';
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.new_table'::regclass AND attnum > 0 ORDER BY attnum;
SELECT relname FROM pg_class WHERE oid = 'public.new_table'::pg_catalog.regclass;
SELECT 'public.new_table_pkey'::regclass::text;
SELECT 'public.no_such'::regclass;
SELECT '"Public"."new_table"'::regclass;
SELECT count(*) FROM pg_index WHERE indrelid = 'public.new_table'::regclass;

-- scenario: an upstream table the branch altered: its comments are the branch's
ALTER TABLE customers ADD COLUMN nickname text;
COMMENT ON TABLE customers IS 'people who buy, on the branch';
COMMENT ON COLUMN customers.nickname IS 'what friends call them';
SELECT obj_description('public.customers'::regclass, 'pg_class'), obj_description('customers'::regclass, 'pg_class');
SELECT col_description('public.customers'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = 'public.customers'::regclass AND attname = 'nickname'));
SELECT attname FROM pg_attribute WHERE attrelid = 'public.customers'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
SELECT 'public.customers'::regclass::text, to_regclass('public.customers')::text;
SELECT conname FROM pg_constraint WHERE conrelid = 'public.customers'::regclass ORDER BY conname;

-- scenario: a type, a function and a schema the branch created
CREATE TYPE public.shade AS ENUM ('light', 'dark');
SELECT 'public.shade'::regtype::text, to_regtype('public.shade')::text, 'public.shade[]'::regtype::text;
SELECT enumlabel FROM pg_enum WHERE enumtypid = 'public.shade'::regtype ORDER BY enumsortorder;
CREATE FUNCTION public.twice(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
SELECT 'public.twice'::regproc::text, 'public.twice(integer)'::regprocedure::text;
SELECT to_regproc('public.twice')::text, to_regprocedure('public.twice(int)')::text, to_regproc('public.no_such')::text;
SELECT prosrc FROM pg_proc WHERE oid = 'public.twice'::regproc;
CREATE SCHEMA shop;
SELECT nspname FROM pg_namespace WHERE oid = 'shop'::regnamespace;
SELECT to_regnamespace('shop') IS NOT NULL, to_regnamespace('no_such_schema') IS NULL;
CREATE TABLE shop.items (id integer);
SELECT 'shop.items'::regclass::text, to_regclass('shop.items') IS NOT NULL;
SELECT relname FROM pg_class WHERE oid = 'shop.items'::regclass;
SELECT c.oid::regclass::text, c.relname FROM pg_class c WHERE c.relname = 'items';
SELECT count(*) FROM pg_class c WHERE c.oid::pg_catalog.regclass::text = 'shop.items';
SELECT 'shop.no_such'::regclass;

-- scenario: an upstream table the branch dropped is not found
DROP TABLE logins;
SELECT 'public.logins'::regclass;
SELECT 'logins'::regclass;
SELECT to_regclass('public.logins'), to_regclass('logins');
SELECT 'public.logins'::regtype;
SELECT to_regtype('logins');
SELECT count(*) FROM pg_class WHERE relname = 'logins';

-- A name bound as a parameter ($1::regclass in the extended protocol): DdlDifferentialTest's
-- aBoundNameReadsAsTheBranchsObject (SQL-level PREPARE is refused on branches).
