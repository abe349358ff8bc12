-- DDL inside transactions: it rolls back with them (also to a savepoint) and commits with them, as on PostgreSQL.
-- Run by DdlDifferentialTest (issue 4, docs/ddl.md).

-- scenario: a table created in a rolled-back transaction is absent
BEGIN;
CREATE TABLE scratch (id integer PRIMARY KEY, v text);
INSERT INTO scratch VALUES (1, 'a');
SELECT * FROM scratch;
SELECT count(*) FROM information_schema.tables WHERE table_name = 'scratch';
ROLLBACK;
SELECT * FROM scratch;
SELECT count(*) FROM information_schema.tables WHERE table_name = 'scratch';
CREATE TABLE scratch (other text);
INSERT INTO scratch VALUES ('b');
SELECT * FROM scratch;

-- scenario: a column added in a rolled-back transaction is absent, and the rows are as before
BEGIN;
ALTER TABLE customers ADD COLUMN vip boolean NOT NULL DEFAULT true;
UPDATE customers SET name = 'changed' WHERE id = 1;
SELECT id, name, vip FROM customers WHERE id = 1;
ROLLBACK;
SELECT vip FROM customers WHERE id = 1;
SELECT * FROM customers WHERE id = 1;
SELECT column_name FROM information_schema.columns WHERE table_name = 'customers' ORDER BY ordinal_position;

-- scenario: a table dropped in a rolled-back transaction is back with its rows
BEGIN;
DROP TABLE settings;
SELECT * FROM settings;
ROLLBACK;
SELECT * FROM settings ORDER BY key;
BEGIN;
DROP TABLE order_items;
DROP TABLE orders CASCADE;
ROLLBACK;
SELECT count(*) FROM orders;
SELECT count(*) FROM order_items;
DELETE FROM orders WHERE id = 1;
SELECT count(*) FROM order_items WHERE order_id = 1;

-- scenario: DDL of every kind rolled back together
BEGIN;
CREATE SEQUENCE tmp_seq;
CREATE TYPE tmp_kind AS ENUM ('a', 'b');
CREATE VIEW tmp_view AS SELECT id FROM customers;
CREATE INDEX tmp_idx ON customers (name);
ALTER TABLE products RENAME TO goods;
ALTER TABLE orders RENAME COLUMN note TO remark;
ALTER TABLE order_items ALTER COLUMN qty TYPE bigint;
ALTER TABLE reviews DROP CONSTRAINT reviews_stars_check;
COMMENT ON TABLE settings IS 'tmp';
SELECT nextval('tmp_seq'), (SELECT count(*) FROM goods), (SELECT count(remark) FROM orders);
ROLLBACK;
SELECT nextval('tmp_seq');
SELECT 'a'::tmp_kind;
SELECT * FROM tmp_view;
SELECT indexname FROM pg_indexes WHERE tablename = 'customers' ORDER BY indexname;
SELECT count(*) FROM goods;
SELECT count(*) FROM products;
SELECT remark FROM orders WHERE id = 1;
SELECT data_type FROM information_schema.columns WHERE table_name = 'order_items' AND column_name = 'qty';
INSERT INTO reviews (stars) VALUES (9);
SELECT obj_description('settings'::regclass, 'pg_class');

-- scenario: DDL and writes committed together
BEGIN;
CREATE TABLE audit (id serial PRIMARY KEY, customer_id integer REFERENCES customers(id), what text);
INSERT INTO audit (customer_id, what) VALUES (1, 'created');
ALTER TABLE customers ADD COLUMN audited boolean NOT NULL DEFAULT false;
UPDATE customers SET audited = true WHERE id IN (SELECT customer_id FROM audit);
COMMIT;
SELECT id, audited FROM customers WHERE id <= 2 ORDER BY id;
SELECT * FROM audit;

-- scenario: writes before DDL on the same table in one transaction
BEGIN;
UPDATE customers SET name = 'before ddl' WHERE id = 1;
DELETE FROM reviews WHERE customer_id = 2;
DELETE FROM sessions WHERE customer_id = 2;
DELETE FROM customers WHERE id = 2;
INSERT INTO customers (email, name) VALUES ('pre@example.com', 'Pre');
ALTER TABLE customers ADD COLUMN z integer DEFAULT 7;
UPDATE customers SET z = 8 WHERE id = 3;
SELECT id, name, z FROM customers WHERE id <= 4 OR email = 'pre@example.com' ORDER BY id;
COMMIT;
SELECT id, name, z FROM customers WHERE id <= 4 OR email = 'pre@example.com' ORDER BY id;
SELECT count(*) FROM customers;

-- scenario: DDL rolled back to a savepoint
BEGIN;
CREATE TABLE kept (id integer PRIMARY KEY);
INSERT INTO kept VALUES (1);
SAVEPOINT s;
ALTER TABLE kept ADD COLUMN extra text;
DROP TABLE settings;
CREATE TABLE gone (id integer);
ROLLBACK TO SAVEPOINT s;
INSERT INTO kept VALUES (2);
COMMIT;
SELECT * FROM kept ORDER BY id;
SELECT extra FROM kept;
SELECT * FROM gone;
SELECT count(*) FROM settings;

-- scenario: a failing DDL statement aborts the transaction
BEGIN;
ALTER TABLE customers ADD COLUMN c integer;
CREATE TABLE customers (id integer);
SELECT 1;
ROLLBACK;
SELECT c FROM customers;
BEGIN;
ALTER TABLE products ADD CONSTRAINT products_stock_positive CHECK (stock > 0);
COMMIT;
SELECT conname FROM pg_constraint WHERE conrelid = 'products'::regclass ORDER BY conname;

-- scenario: a table dropped and created again in a rolled-back transaction is back as it was
BEGIN;
CREATE TABLE later (id integer);
INSERT INTO later VALUES (1);
COMMIT;
BEGIN;
DROP TABLE later;
CREATE TABLE later (id integer, v text);
INSERT INTO later VALUES (2, 'two');
ROLLBACK;
SELECT * FROM later;

-- scenario: DDL in one query string with other statements
CREATE TABLE multi (id integer PRIMARY KEY); INSERT INTO multi VALUES (1), (2); ALTER TABLE multi ADD COLUMN v text DEFAULT 'd'; SELECT * FROM multi ORDER BY id;
CREATE TABLE multi2 (id integer); CREATE TABLE multi (id integer); INSERT INTO multi2 VALUES (1);
SELECT * FROM multi2;

-- scenario: the sequences a table creates for its serial and identity columns are named in the same transaction
BEGIN;
CREATE TABLE tickets (id serial PRIMARY KEY, "No" integer GENERATED ALWAYS AS IDENTITY, label text, CONSTRAINT label_set CHECK (label <> ''));
SELECT setval('public.tickets_id_seq', 40);
INSERT INTO tickets (label) VALUES ('first') RETURNING id, "No", label;
SELECT nextval('public."tickets_No_seq"');
SELECT currval('tickets_id_seq');
COMMIT;
INSERT INTO tickets (label) VALUES ('second') RETURNING id, "No", label;
SELECT setval('public.tickets_id_seq', 100, false);
INSERT INTO tickets (label) VALUES ('third') RETURNING id;

-- scenario: a first write to another table in a transaction whose DDL materialized tables the layer held
-- rift prepares the write on its own connection while the client's transaction holds the materialized tables'
-- old layer objects: the preparation must not wait for that transaction (it once did, on a GRANT of every table).
UPDATE products SET stock = stock + 1 WHERE id = 1;
UPDATE orders SET note = 'n' WHERE id = 2;
BEGIN;
COMMENT ON TABLE products IS 'changed';
UPDATE events SET kind = 'x' WHERE payload->>'n' = '4';
UPDATE settings SET value = 'USD' WHERE key = 'currency';
COMMIT;
SELECT count(*) FILTER (WHERE kind = 'x'), count(*) FROM events;
SELECT key, value FROM settings ORDER BY key;
SELECT id, stock FROM products WHERE id = 1;

-- scenario: rolling back to a savepoint undoes the DDL the session sees
-- The session sees its transaction's DDL before rift's own connection does; ROLLBACK TO SAVEPOINT must take it back
-- (it once did not: the table stayed "materialized" for the session, and the next statement on it gave 42P01).
BEGIN;
SAVEPOINT s;
ALTER TABLE customers ADD COLUMN score int NOT NULL DEFAULT 1;
UPDATE customers SET score = 5 WHERE id = 1;
ROLLBACK TO SAVEPOINT s;
SELECT * FROM customers WHERE id = 1;
CREATE INDEX orders_status_idx ON orders (status);
UPDATE orders SET status = 'x' WHERE id = 1;
SAVEPOINT "Second";
ALTER TABLE customers DROP COLUMN no_such_column;
SELECT 1;
ROLLBACK TO "Second";
UPDATE customers SET tier = 'gold' WHERE id = 2 RETURNING id, tier;
SAVEPOINT t;
CREATE TABLE notes (id serial PRIMARY KEY, body text);
RELEASE SAVEPOINT t;
INSERT INTO notes (body) VALUES ('kept') RETURNING id;
COMMIT;
SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY indexname;
SELECT id, status FROM orders WHERE id = 1;
SELECT * FROM notes;
SELECT column_name FROM information_schema.columns WHERE table_name = 'customers' ORDER BY ordinal_position;
