-- CREATE VIEW, CREATE SEQUENCE and CREATE TYPE AS ENUM on a branch (and dropping the upstream's), each followed by
-- reads and writes through what was made. Run by DdlDifferentialTest (issue 4, docs/ddl.md).

-- scenario: a view over a new table, and dropping what it depends on
CREATE TABLE badges (id serial PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers(id), label text NOT NULL);
INSERT INTO badges (customer_id, label) SELECT id, 'early' FROM customers WHERE id <= 5;
CREATE VIEW badge_holders AS SELECT c.email, b.label FROM badges b JOIN customers c ON c.id = b.customer_id;
SELECT * FROM badge_holders ORDER BY email;
DROP TABLE badges;
DROP TABLE badges CASCADE;
SELECT * FROM badge_holders;
CREATE VIEW customers AS SELECT 1 AS x;

-- scenario: create, use and drop a sequence
CREATE SEQUENCE invoice_seq START 100 INCREMENT 5;
SELECT nextval('invoice_seq'), nextval('invoice_seq');
SELECT currval('invoice_seq');
SELECT last_value, is_called FROM invoice_seq;
SELECT setval('invoice_seq', 500);
SELECT nextval('invoice_seq');
CREATE SEQUENCE invoice_seq;
CREATE SEQUENCE small_seq AS smallint MAXVALUE 3 CYCLE;
SELECT nextval('small_seq'), nextval('small_seq'), nextval('small_seq'), nextval('small_seq');
SELECT sequencename, data_type::text, start_value, increment_by, max_value, cycle FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename;
CREATE TABLE invoices (no bigint PRIMARY KEY DEFAULT nextval('invoice_seq'), total numeric NOT NULL);
INSERT INTO invoices (total) VALUES (10), (20) RETURNING no;
DROP SEQUENCE invoice_seq;
DROP SEQUENCE invoice_seq CASCADE;
INSERT INTO invoices (total) VALUES (30);
SELECT nextval('invoice_seq');

-- scenario: the upstream's sequence on a branch, and dropping it
SELECT nextval('invoice_numbers'), nextval('invoice_numbers');
ALTER TABLE orders ADD COLUMN invoice_no bigint DEFAULT nextval('invoice_numbers');
SELECT count(*), min(invoice_no), max(invoice_no) FROM orders;
DROP SEQUENCE invoice_numbers;
ALTER TABLE orders DROP COLUMN invoice_no;
DROP SEQUENCE invoice_numbers;
SELECT nextval('invoice_numbers');
DROP SEQUENCE customers_id_seq;
SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename;

-- scenario: an owned sequence goes with its table
CREATE TABLE counters (id serial PRIMARY KEY, n integer);
INSERT INTO counters (n) VALUES (1), (2) RETURNING id;
DROP TABLE counters;
SELECT nextval('counters_id_seq');
CREATE TABLE counters (id serial PRIMARY KEY, n integer);
INSERT INTO counters (n) VALUES (1) RETURNING id;

-- scenario: create an enum type and use it in a new table
CREATE TYPE priority AS ENUM ('low', 'normal', 'high');
CREATE TABLE tasks (id serial PRIMARY KEY, title text NOT NULL, p priority NOT NULL DEFAULT 'normal');
INSERT INTO tasks (title, p) VALUES ('a', 'high'), ('b', 'low'), ('c', DEFAULT) RETURNING id, p;
INSERT INTO tasks (title, p) VALUES ('d', 'urgent');
SELECT title, p FROM tasks ORDER BY p, title;
SELECT title FROM tasks WHERE p > 'low' ORDER BY title;
SELECT enum_range(NULL::priority)::text;
SELECT 'normal'::priority < 'high'::priority;
CREATE TYPE priority AS ENUM ('x');
DROP TYPE priority;
SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder;

-- scenario: an enum type in an upstream table
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped', 'cancelled');
DROP VIEW paid_orders;
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN status TYPE order_state USING status::order_state;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
SELECT status, count(*) FROM orders GROUP BY status ORDER BY status;
INSERT INTO orders (customer_id) VALUES (1) RETURNING id, status;
UPDATE orders SET status = 'lost' WHERE id = 1;
SELECT data_type, udt_name FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'status';
DROP TYPE order_state;

-- scenario: write through a simple view
CREATE VIEW basic_customers AS SELECT id, email, name, tier FROM customers WHERE tier = 'basic' WITH CHECK OPTION;
INSERT INTO basic_customers (email, name, tier) VALUES ('b@example.com', 'B', 'basic') RETURNING id;
INSERT INTO basic_customers (email, name, tier) VALUES ('b2@example.com', 'B2', 'gold');
UPDATE basic_customers SET name = 'Basic ' || id WHERE id <= 10 RETURNING id, name;
SELECT id, name, tier FROM customers WHERE id <= 10 ORDER BY id;

-- scenario: the upstream's view sees the branch's writes, and can be replaced and dropped
SELECT count(*) FROM paid_orders;
UPDATE orders SET status = 'paid' WHERE id <= 20;
SELECT count(*) FROM paid_orders;
CREATE OR REPLACE VIEW paid_orders AS SELECT id, customer_id, placed_at, note FROM orders WHERE status = 'paid';
SELECT count(*), count(note) FROM paid_orders;
CREATE OR REPLACE VIEW paid_orders AS SELECT id FROM orders;
DROP VIEW paid_orders;
SELECT count(*) FROM paid_orders;
DROP VIEW paid_orders;
DROP VIEW IF EXISTS paid_orders;
SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY table_name;
