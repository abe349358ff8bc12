-- CREATE [OR REPLACE] FUNCTION / PROCEDURE, ALTER and DROP of them on a branch (issue 16, point 4; docs/ddl.md), each
-- followed by calls whose bodies read and write the branch's tables. Run by DdlDifferentialTest.

-- scenario: a SQL function made on the branch reads the branch's rows
CREATE FUNCTION gold_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM customers WHERE tier = 'gold' $$;
SELECT gold_count();
UPDATE customers SET tier = 'gold' WHERE id <= 10;
SELECT gold_count();
INSERT INTO customers (email, name, tier) VALUES ('fn@example.com', 'Fn', 'gold');
SELECT gold_count(), (SELECT count(*) FROM customers WHERE tier = 'gold');
CREATE FUNCTION gold_count() RETURNS bigint LANGUAGE sql AS $$ SELECT 1::bigint $$;
SELECT proname, pronargs, provolatile FROM pg_proc WHERE proname = 'gold_count' AND pg_function_is_visible(oid);

-- scenario: a PL/pgSQL function made on the branch writes the branch's tables
CREATE FUNCTION add_review(p integer, s integer) RETURNS integer LANGUAGE plpgsql AS $$ DECLARE r integer; BEGIN INSERT INTO reviews (product_id, stars, body) VALUES (p, s, 'by fn') RETURNING id INTO r; UPDATE products SET stock = stock + 1 WHERE id = p; RETURN r; END $$;
SELECT add_review(1, 5);
SELECT add_review(2, 4), add_review(2, 3);
SELECT product_id, stars, body FROM reviews WHERE body = 'by fn' ORDER BY id;
SELECT id, stock FROM products WHERE id IN (1, 2) ORDER BY id;
SELECT add_review(1, 9);
SELECT add_review(99999, 1);

-- scenario: a procedure made on the branch, called with CALL
CREATE PROCEDURE restock(p integer, n integer) LANGUAGE sql AS $$ UPDATE products SET stock = stock + n WHERE id = p $$;
CALL restock(3, 10);
CALL restock(3, 5);
SELECT id, stock FROM products WHERE id = 3;
CALL restock(3, NULL);
SELECT stock IS NULL FROM products WHERE id = 3;
CREATE PROCEDURE note_order(o bigint, t text) LANGUAGE plpgsql AS $$ BEGIN UPDATE orders SET note = t WHERE id = o; IF NOT FOUND THEN RAISE EXCEPTION 'no order %', o USING ERRCODE = 'P0002'; END IF; END $$;
CALL note_order(1, 'called');
CALL note_order(999999, 'nobody');
SELECT id, note FROM orders WHERE id = 1;

-- scenario: a DO block calls a function made on the branch
CREATE FUNCTION tier_of(c integer) RETURNS text LANGUAGE sql STABLE AS $$ SELECT tier FROM customers WHERE id = c $$;
DO $$ BEGIN UPDATE customers SET name = 'tier ' || tier_of(id) WHERE id <= 3; END $$;
SELECT id, name FROM customers WHERE id <= 4 ORDER BY id;
SELECT tier_of(5), tier_of(6), tier_of(100000) IS NULL;

-- scenario: a function made on the branch as the default of a new table, and in a CHECK
CREATE FUNCTION next_ticket() RETURNS integer LANGUAGE sql AS $$ SELECT coalesce(max(stars), 0) + 100 FROM reviews $$;
CREATE FUNCTION sane_ticket(n integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n > 0 $$;
CREATE TABLE tickets (id serial PRIMARY KEY, no integer NOT NULL DEFAULT next_ticket() CHECK (sane_ticket(no)), label text);
INSERT INTO tickets (label) VALUES ('a'), ('b') RETURNING no, label;
INSERT INTO tickets (no, label) VALUES (-1, 'bad');
UPDATE reviews SET stars = 5 WHERE id = 1;
INSERT INTO tickets (label) VALUES ('c') RETURNING no;
DROP FUNCTION next_ticket();
DROP FUNCTION next_ticket() CASCADE;
INSERT INTO tickets (label) VALUES ('d');
SELECT no, label FROM tickets ORDER BY id;

-- scenario: CREATE OR REPLACE of a function the branch made changes what calls get
CREATE FUNCTION order_total(o bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM order_items WHERE order_id = o $$;
SELECT order_total(1), order_total(2);
CREATE OR REPLACE FUNCTION order_total(o bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT coalesce(sum(qty), 0) FROM order_items WHERE order_id = o $$;
SELECT order_total(1), order_total(2);
CREATE OR REPLACE FUNCTION order_total(o bigint) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
DELETE FROM order_items WHERE order_id = 1;
SELECT order_total(1);

-- scenario: CREATE OR REPLACE of an upstream function: unqualified calls get the branch's version
SELECT customer_count();
CREATE OR REPLACE FUNCTION customer_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) * 10 FROM customers $$;
SELECT customer_count();
DELETE FROM reviews WHERE customer_id <= 5;
DELETE FROM customers WHERE id <= 5;
SELECT customer_count();
SELECT customer_count() = 10 * (SELECT count(*) FROM customers);
SELECT public.customer_count(), "public".customer_count() = customer_count();
DO $$ BEGIN IF customer_count() % 10 <> 0 THEN RAISE EXCEPTION 'old version'; END IF; END $$;

-- scenario: a function made with a schema-qualified name, called both ways
CREATE FUNCTION public.paid_total() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM orders WHERE status = 'paid' $$;
SELECT public.paid_total(), paid_total();
UPDATE orders SET status = 'paid' WHERE id <= 20;
SELECT public.paid_total() = paid_total(), paid_total() >= 20;
CREATE PROCEDURE public.pay(o bigint) LANGUAGE sql AS $$ UPDATE orders SET status = 'paid' WHERE id = o $$;
CALL public.pay(21);
SELECT status FROM orders WHERE id = 21;
ALTER FUNCTION public.paid_total() STABLE;
DROP PROCEDURE public.pay(bigint);
CALL public.pay(22);
DROP FUNCTION IF EXISTS public.paid_total();
SELECT paid_total();

-- scenario: overloads made on the branch
CREATE FUNCTION label_of(i integer) RETURNS text LANGUAGE sql AS $$ SELECT title FROM products WHERE id = i $$;
CREATE FUNCTION label_of(e text) RETURNS text LANGUAGE sql AS $$ SELECT name FROM customers WHERE email = e $$;
SELECT label_of(4), label_of('c4@example.com');
DROP FUNCTION label_of(integer);
SELECT label_of('c5@example.com');
SELECT label_of(4);
DROP FUNCTION label_of;
SELECT label_of('c5@example.com');

-- scenario: DROP FUNCTION and DROP PROCEDURE of what the branch made
CREATE FUNCTION f_one() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION f_two() RETURNS integer LANGUAGE sql AS $$ SELECT 2 $$;
CREATE PROCEDURE p_one() LANGUAGE sql AS $$ SELECT 1 $$;
DROP FUNCTION f_one(), f_two();
SELECT f_one();
DROP FUNCTION f_one();
DROP FUNCTION IF EXISTS f_one();
DROP PROCEDURE p_one;
CALL p_one();
DROP ROUTINE IF EXISTS p_one;
CREATE FUNCTION f_one() RETURNS integer LANGUAGE sql AS $$ SELECT 11 $$;
SELECT f_one();

-- scenario: ALTER FUNCTION of what the branch made
CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql AS $$ SELECT upper(t) $$;
ALTER FUNCTION shout(text) RENAME TO yell;
SELECT shout('a');
SELECT yell('a');
ALTER FUNCTION yell(text) IMMUTABLE STRICT;
SELECT yell(NULL) IS NULL, provolatile, proisstrict FROM pg_proc WHERE proname = 'yell' AND pg_function_is_visible(oid);
ALTER FUNCTION yell(text) SET work_mem = '8MB';
SELECT proconfig FROM pg_proc WHERE proname = 'yell' AND pg_function_is_visible(oid);
ALTER FUNCTION nosuch(text) STABLE;

-- scenario: functions made in a transaction roll back with it
BEGIN;
CREATE FUNCTION in_tx() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM orders $$;
SELECT in_tx();
INSERT INTO orders (customer_id) VALUES (1);
SELECT in_tx() = (SELECT count(*) FROM orders);
ROLLBACK;
SELECT in_tx();
BEGIN;
CREATE FUNCTION kept() RETURNS text LANGUAGE sql AS $$ SELECT 'kept' $$;
SAVEPOINT s;
DROP FUNCTION kept();
ROLLBACK TO SAVEPOINT s;
COMMIT;
SELECT kept();

-- scenario: a SECURITY DEFINER function made on the branch writes the branch
CREATE FUNCTION set_setting(k text, v text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN UPDATE settings SET value = v WHERE key = k; IF NOT FOUND THEN INSERT INTO settings (key, value) VALUES (k, v); END IF; END $$;
SELECT set_setting('mode', 'branch');
SELECT set_setting('mode', 'again');
SELECT key, value FROM settings WHERE key = 'mode';
SELECT prosecdef FROM pg_proc WHERE proname = 'set_setting' AND pg_function_is_visible(oid);

-- scenario: a set-returning function over the branch's rows, in FROM and joined
CREATE FUNCTION orders_of(c integer) RETURNS SETOF orders LANGUAGE sql STABLE AS $$ SELECT * FROM orders WHERE customer_id = c ORDER BY id $$;
CREATE FUNCTION item_lines(o bigint) RETURNS TABLE (line integer, qty integer) LANGUAGE sql STABLE AS $$ SELECT line, qty FROM order_items WHERE order_id = o $$;
INSERT INTO orders (customer_id, status) VALUES (7, 'fn');
SELECT id > 0, status FROM orders_of(7) ORDER BY id;
SELECT o.id, l.line, l.qty FROM orders_of(7) o CROSS JOIN LATERAL item_lines(o.id) l ORDER BY 1, 2;
UPDATE order_items SET qty = qty + 1 WHERE order_id IN (SELECT id FROM orders WHERE customer_id = 7);
SELECT sum(l.qty) FROM orders_of(7) o, item_lines(o.id) l;
