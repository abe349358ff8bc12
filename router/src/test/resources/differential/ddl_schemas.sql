-- CREATE SCHEMA / DROP SCHEMA on a branch (issue 16, point 4): a schema only the branch has, its tables, views,
-- functions and sequences by their logical names, search_path through it, and DROP SCHEMA of it.

-- scenario: a schema of the branch, a table in it, writes and reads by the qualified name
CREATE SCHEMA sales;
CREATE TABLE sales.deals (id serial PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers, amount integer NOT NULL);
INSERT INTO sales.deals (customer_id, amount) VALUES (1, 10), (2, 20) RETURNING id, amount;
UPDATE sales.deals SET amount = amount * 2 WHERE id = 2 RETURNING amount;
DELETE FROM sales.deals WHERE id = 1;
SELECT d.id, d.amount, c.email FROM sales.deals d JOIN customers c ON c.id = d.customer_id ORDER BY d.id;
INSERT INTO sales.deals (customer_id, amount) VALUES (9999, 1);

-- scenario: CREATE SCHEMA of a name that exists, with and without IF NOT EXISTS
CREATE SCHEMA public;
CREATE SCHEMA IF NOT EXISTS public;
CREATE SCHEMA IF NOT EXISTS sales;
CREATE SCHEMA IF NOT EXISTS sales;
CREATE SCHEMA sales;
CREATE TABLE sales.t (id integer);
SELECT count(*) FROM sales.t;

-- scenario: search_path through a schema of the branch
CREATE SCHEMA staging;
SET search_path = staging, public;
CREATE TABLE imports (id integer PRIMARY KEY, note text);
INSERT INTO imports VALUES (1, 'first'), (2, 'second');
SELECT i.id, i.note FROM imports i ORDER BY i.id;
SELECT count(*) FROM staging.imports;
SELECT count(*) FROM customers;
RESET search_path;
SELECT note FROM staging.imports WHERE id = 2;
SELECT count(*) FROM imports;

-- scenario: a view in a schema of the branch over upstream tables
CREATE SCHEMA reporting;
CREATE VIEW reporting.orders_by_customer AS SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id;
SELECT customer_id, n FROM reporting.orders_by_customer ORDER BY customer_id;
INSERT INTO orders (customer_id) VALUES (1);
SELECT customer_id, n FROM reporting.orders_by_customer ORDER BY customer_id;

-- scenario: a function and a sequence in a schema of the branch
CREATE SCHEMA util;
CREATE FUNCTION util.double_it(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x * 2 $$;
SELECT util.double_it(21);
CREATE SEQUENCE util.ticket START 100;
SELECT nextval('util.ticket'), nextval('util.ticket');
SELECT util.double_it(id) FROM customers ORDER BY id LIMIT 2;

-- scenario: DROP SCHEMA RESTRICT of a schema that is not empty, then CASCADE
CREATE SCHEMA scratch;
CREATE TABLE scratch.rows (id integer);
INSERT INTO scratch.rows VALUES (1);
DROP SCHEMA scratch;
DROP SCHEMA scratch RESTRICT;
SELECT count(*) FROM scratch.rows;
DROP SCHEMA scratch CASCADE;
SELECT count(*) FROM scratch.rows;
CREATE TABLE scratch.rows (id integer);

-- scenario: DROP SCHEMA of an empty schema, and CREATE SCHEMA again
CREATE SCHEMA empty_one;
DROP SCHEMA empty_one;
DROP SCHEMA empty_one;
DROP SCHEMA IF EXISTS empty_one;
CREATE SCHEMA empty_one;
CREATE TABLE empty_one.t (id integer);
INSERT INTO empty_one.t VALUES (7);
SELECT id FROM empty_one.t;

-- scenario: DROP SCHEMA in a transaction that rolls back
CREATE SCHEMA kept;
CREATE TABLE kept.t (id integer);
INSERT INTO kept.t VALUES (1), (2);
BEGIN;
DROP SCHEMA kept CASCADE;
SELECT count(*) FROM kept.t;
ROLLBACK;
SELECT count(*) FROM kept.t;

-- scenario: CREATE SCHEMA refusals that are also errors on a copy
CREATE SCHEMA pg_catalog;
CREATE SCHEMA IF NOT EXISTS pg_catalog;
DROP SCHEMA no_such_schema;
DROP SCHEMA IF EXISTS no_such_schema;
SELECT count(*) FROM no_such_schema.t;

-- scenario: the catalog shows a schema of the branch as a copy shows it
CREATE SCHEMA audit;
CREATE TABLE audit.entries (id serial PRIMARY KEY, what text NOT NULL);
SELECT nspname FROM pg_namespace WHERE nspname IN ('audit', 'public') ORDER BY nspname;
SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'audit';
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'audit';
SELECT pg_get_serial_sequence('audit.entries', 'id');
SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'audit' ORDER BY c.relname;
SELECT nspowner::regrole::text = current_user FROM pg_namespace WHERE nspname = 'audit';
DROP SCHEMA audit CASCADE;
SELECT count(*) FROM pg_namespace WHERE nspname = 'audit';

-- scenario: GRANT and REVOKE on objects of the branch
CREATE SCHEMA shop;
CREATE TABLE shop.items (id serial PRIMARY KEY, name text);
CREATE FUNCTION shop.item_count() RETURNS bigint LANGUAGE sql AS $$ SELECT 42::bigint $$;
GRANT USAGE ON SCHEMA shop TO CURRENT_USER;
GRANT SELECT, INSERT ON shop.items TO CURRENT_USER;
GRANT USAGE ON SEQUENCE shop.items_id_seq TO CURRENT_USER;
GRANT EXECUTE ON FUNCTION shop.item_count() TO CURRENT_USER;
REVOKE UPDATE ON shop.items FROM CURRENT_USER;
GRANT SELECT ON shop.no_such TO CURRENT_USER;
GRANT USAGE ON SCHEMA no_such_schema TO CURRENT_USER;
INSERT INTO shop.items (name) VALUES ('kept') RETURNING id, name;
SELECT shop.item_count();
