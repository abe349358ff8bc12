-- Writes whose rows come from other changed tables, writes in transactions, and foreign key actions that cascade
-- through several tables of the branch.

-- scenario: update from a join of two changed tables
UPDATE customers SET tier = 'platinum' WHERE id IN (8, 15, 22);
UPDATE orders SET status = 'priority' WHERE id IN (1, 2, 3, 4);
UPDATE order_items i SET qty = i.qty + 10 FROM orders o JOIN customers c ON c.id = o.customer_id WHERE i.order_id = o.id AND (c.tier = 'platinum' OR o.status = 'priority') AND o.id < 10 RETURNING i.order_id, i.line, i.qty;
SELECT order_id, line, qty FROM order_items WHERE order_id < 10 ORDER BY order_id, line;

-- scenario: delete using a subquery over a changed table
UPDATE orders SET status = 'cancelled' WHERE id IN (5, 6, 7);
DELETE FROM order_items i USING (SELECT id FROM orders WHERE status = 'cancelled' AND id < 40) c WHERE i.order_id = c.id RETURNING i.order_id, i.line;
DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE note = 'gift' AND id < 30) AND line = (SELECT min(line) FROM order_items x WHERE x.order_id = order_items.order_id);
SELECT order_id, count(*) FROM order_items WHERE order_id < 40 GROUP BY order_id ORDER BY order_id;

-- scenario: update setting columns to correlated subqueries
DELETE FROM order_items WHERE order_id = 2;
UPDATE products p SET stock = (SELECT count(*) FROM order_items i WHERE i.product_id = p.id) WHERE p.id <= 10 RETURNING id, stock;
UPDATE customers c SET name = (SELECT count(*)::text FROM orders o WHERE o.customer_id = c.id), tier = 'gold' WHERE c.id < 5;
UPDATE orders o SET status = (SELECT c.tier FROM customers c WHERE c.id = o.customer_id), note = (SELECT c.email FROM customers c WHERE c.id = o.customer_id) WHERE o.id BETWEEN 20 AND 24;
UPDATE orders o SET (status, note) = ('multi', o.status) WHERE o.id = 25;
SELECT id, name, tier FROM customers WHERE id < 5 ORDER BY id;
SELECT id, status, note FROM orders WHERE id BETWEEN 20 AND 25 ORDER BY id;

-- scenario: multi-row insert returning expressions
INSERT INTO settings (key, value) VALUES ('x1', 'a'), ('x2', NULL), ('x3', 'ccc') RETURNING upper(key), coalesce(value, 'none'), length(key) * 2, value IS NULL;
INSERT INTO customers (email, name, tier) VALUES ('m1@example.com', 'M1', 'gold'), ('m2@example.com', 'M2', DEFAULT) RETURNING id, id * 10, email || '/' || tier, created_at;
INSERT INTO order_items (order_id, line, product_id, qty) VALUES (1, 10, 1, 1), (1, 11, 2, 2) RETURNING order_id, line, qty * (SELECT price FROM products WHERE id = product_id);

-- scenario: insert select from a changed table into another
UPDATE customers SET tier = 'gold' WHERE id < 5;
UPDATE customers SET tier = 'platinum', name = 'Last' WHERE id = 199;
INSERT INTO settings (key, value) SELECT 'tier-' || id, tier FROM customers WHERE id < 5 OR id > 198 RETURNING key, value;
INSERT INTO events (at, kind, payload) SELECT created_at, 'signup', jsonb_build_object('id', id) FROM customers WHERE id <= 3;
SELECT key, value FROM settings ORDER BY key;
SELECT at, kind, payload FROM events WHERE kind = 'signup' ORDER BY at;

-- scenario: bulk insert from generate_series then bulk update and delete
INSERT INTO settings (key, value) SELECT 'bulk-' || lpad(g::text, 4, '0'), (g * 3)::text FROM generate_series(1, 2000) g;
UPDATE settings SET value = value || 'x' WHERE key LIKE 'bulk-0%' AND right(key, 1) = '7';
DELETE FROM settings WHERE key LIKE 'bulk-1%';
SELECT count(*), count(*) FILTER (WHERE value LIKE '%x') FROM settings;
SELECT key, value FROM settings WHERE key BETWEEN 'bulk-0995' AND 'bulk-1001' ORDER BY key;

-- scenario: update of a row inserted in the same transaction
BEGIN;
INSERT INTO customers (email, name) VALUES ('tx@example.com', 'Tx') RETURNING id, name;
UPDATE customers SET name = 'Tx2', tier = 'gold' WHERE email = 'tx@example.com' RETURNING id, name, tier;
INSERT INTO orders (customer_id, status) SELECT id, 'new' FROM customers WHERE email = 'tx@example.com' RETURNING id, status;
UPDATE orders SET status = 'paid' WHERE customer_id = (SELECT id FROM customers WHERE email = 'tx@example.com') RETURNING id, status;
DELETE FROM orders WHERE customer_id = (SELECT id FROM customers WHERE email = 'tx@example.com');
COMMIT;
SELECT id, name, tier FROM customers WHERE email = 'tx@example.com';
SELECT count(*) FROM orders;

-- scenario: writes after rollback to savepoint
BEGIN;
UPDATE settings SET value = 'first' WHERE key = 'currency';
SAVEPOINT s;
DELETE FROM settings;
INSERT INTO settings VALUES ('lost', 'x');
ROLLBACK TO SAVEPOINT s;
UPDATE settings SET value = value || '+' WHERE key IN ('currency', 'theme') RETURNING key, value;
INSERT INTO settings VALUES ('kept', 'y');
COMMIT;
SELECT key, value FROM settings ORDER BY key;

-- scenario: the first write to a table rolled back to a savepoint
BEGIN;
SAVEPOINT a;
UPDATE products SET stock = 0 WHERE id = 1;
INSERT INTO reviews (product_id, customer_id, stars) VALUES (1, 1, 5);
ROLLBACK TO SAVEPOINT a;
SELECT stock FROM products WHERE id = 1;
SELECT count(*) FROM reviews;
UPDATE products SET stock = stock + 1 WHERE id = 1 RETURNING stock;
COMMIT;
SELECT id, stock FROM products WHERE id <= 2 ORDER BY id;
SELECT count(*) FROM reviews;

-- scenario: delete cascades two levels deep
DELETE FROM reviews WHERE customer_id = 60;
DELETE FROM customers WHERE id = 60 RETURNING id, email;
SELECT count(*) FROM orders WHERE customer_id = 60;
SELECT count(*) FROM order_items WHERE order_id IN (37, 237, 437);
SELECT count(*) FROM orders;
SELECT count(*) FROM order_items;
INSERT INTO order_items VALUES (37, 1, 1, 1);

-- scenario: cascade through rows changed on the branch
UPDATE orders SET customer_id = 61 WHERE id = 1;
INSERT INTO orders (id, customer_id) VALUES (9001, 61);
INSERT INTO order_items VALUES (9001, 1, 1, 1), (1, 4, 2, 2);
DELETE FROM reviews WHERE customer_id = 61;
DELETE FROM customers WHERE id = 61;
SELECT count(*) FROM orders WHERE id IN (1, 9001);
SELECT count(*) FROM order_items WHERE order_id IN (1, 9001);
SELECT count(*) FROM order_items;

-- scenario: set null cascade then read and fix the children
DELETE FROM order_items WHERE product_id = 4;
DELETE FROM products WHERE id = 4 RETURNING id, sku;
SELECT id, product_id FROM reviews WHERE product_id IS NULL ORDER BY id;
UPDATE reviews SET product_id = 5 WHERE product_id IS NULL RETURNING id, product_id;
SELECT count(*) FROM reviews WHERE product_id = 5;
SELECT count(*) FROM reviews WHERE product_id IS NULL;

-- scenario: unique swaps fail as on postgresql
UPDATE customers SET email = CASE id WHEN 1 THEN 'c2@example.com' ELSE 'c1@example.com' END WHERE id IN (1, 2);
UPDATE settings SET key = CASE key WHEN 'currency' THEN 'theme' ELSE 'currency' END WHERE key IN ('currency', 'theme');
UPDATE customers SET email = 'tmp@example.com' WHERE id = 1;
UPDATE customers SET email = 'c1@example.com' WHERE id = 2;
UPDATE customers SET email = 'c2@example.com' WHERE id = 1;
SELECT id, email FROM customers WHERE id IN (1, 2) ORDER BY id;

-- scenario: changing primary keys that are referenced or taken
UPDATE products SET id = id + 1000 WHERE id = 1;
UPDATE customers SET id = 6 WHERE id = 5;
UPDATE settings SET key = key || '-renamed' RETURNING key;
UPDATE settings SET key = 'currency' WHERE key = 'theme-renamed';
SELECT key, value FROM settings ORDER BY key;
UPDATE products SET id = id WHERE id = 1;
UPDATE customers SET id = id + 0, name = 'same key' WHERE id <= 3 RETURNING id, name;

-- scenario: data-modifying ctes chained across changed tables
UPDATE orders SET status = 'archived' WHERE id IN (100, 101);
WITH gone AS (DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE status = 'archived') RETURNING order_id, qty), totals AS (SELECT order_id, sum(qty) AS total FROM gone GROUP BY order_id) INSERT INTO settings (key, value) SELECT 'archived-' || order_id, total::text FROM totals RETURNING key, value;
WITH u AS (UPDATE products SET stock = stock - 1 WHERE id IN (1, 2) RETURNING id, stock) SELECT id, stock FROM u ORDER BY id;
SELECT count(*) FROM order_items WHERE order_id IN (100, 101);

-- scenario: update with a cte in front and default values
WITH cheap AS (SELECT id FROM products WHERE price < 5) UPDATE products SET stock = DEFAULT, tags = DEFAULT WHERE id IN (SELECT id FROM cheap) RETURNING id, stock, tags;
UPDATE customers SET tier = DEFAULT, created_at = DEFAULT WHERE id = 3 RETURNING id, tier, created_at;
SELECT id, stock, tags FROM products WHERE id <= 5 ORDER BY id;

-- scenario: update or delete of rows already deleted on the branch
DELETE FROM settings WHERE key = 'theme';
UPDATE settings SET value = 'ghost' WHERE key = 'theme';
DELETE FROM settings WHERE key = 'theme' RETURNING *;
UPDATE settings SET value = 'all' RETURNING key, value;

-- scenario: identity column overriding
INSERT INTO products (id, sku, title, price) VALUES (500, 'EXPLICIT', 'E', 1) RETURNING id;
INSERT INTO products (id, sku, title, price) OVERRIDING USER VALUE VALUES (600, 'OVERRIDE', 'O', 1) RETURNING id;
INSERT INTO products (id, sku, title, price) OVERRIDING SYSTEM VALUE VALUES (700, 'SYS', 'S', 1) RETURNING id;
SELECT id, sku FROM products WHERE id > 99 ORDER BY id;

-- scenario: writes whose subqueries read the table they write
UPDATE products SET price = (SELECT max(price) FROM products) WHERE id = 1 RETURNING id, price;
UPDATE products SET stock = stock + 1 WHERE id IN (SELECT id FROM products WHERE stock < 2) RETURNING id, stock;
DELETE FROM settings WHERE key IN (SELECT key FROM settings WHERE value IS NULL) RETURNING key;
INSERT INTO settings SELECT key || '-copy', value FROM settings;
SELECT key, value FROM settings ORDER BY key;

-- scenario: update from and delete using the table itself
UPDATE products p SET price = q.price FROM products q WHERE q.id = p.id + 1 AND p.id <= 3 RETURNING p.id, p.price;
DELETE FROM settings s USING settings t WHERE t.key = 'currency' AND s.value = t.value RETURNING s.key;
SELECT id, price FROM products WHERE id <= 4 ORDER BY id;
SELECT key FROM settings ORDER BY key;

-- scenario: targets named by schema and table in their own columns
UPDATE public.settings SET value = 'qualified' WHERE public.settings.key = 'theme' RETURNING public.settings.key, settings.value;
DELETE FROM public.settings WHERE public.settings.key = 'beta' RETURNING public.settings.*;
INSERT INTO public.settings VALUES ('q', 'v') RETURNING public.settings.key, settings.*;
UPDATE settings SET value = settings.value || '!' WHERE settings.key = 'currency' RETURNING settings.value;
UPDATE settings AS "S" SET value = "S".value || '?' WHERE "S".key = 'currency' RETURNING "S".key, "S".value;
SELECT key, value FROM settings ORDER BY key;

-- scenario: a cte named like the table an update writes
WITH settings AS (SELECT 'currency' AS key) UPDATE settings SET value = 'via cte' WHERE key IN (SELECT key FROM settings) RETURNING key, value;
WITH settings AS (SELECT 'theme' AS key) DELETE FROM settings WHERE key = (SELECT key FROM settings) RETURNING key;
SELECT key, value FROM settings ORDER BY key;

-- scenario: truncate of a referenced table fails as on postgresql
TRUNCATE customers;
TRUNCATE order_items;
SELECT count(*) FROM order_items;
DELETE FROM orders WHERE id <= 10;
SELECT count(*) FROM orders;

-- scenario: search path changes between statements
UPDATE settings SET value = 'path' WHERE key = 'theme';
SET search_path TO pg_catalog;
SELECT value FROM settings WHERE key = 'theme';
SELECT value FROM public.settings WHERE key = 'theme';
UPDATE public.settings SET value = 'path2' WHERE key = 'theme' RETURNING value;
SET search_path TO public;
SELECT value FROM settings WHERE key = 'theme';
RESET search_path;
SELECT key, value FROM settings ORDER BY key;

-- scenario: sequence functions on the branch
INSERT INTO customers (email, name) VALUES ('seqf@example.com', 'S') RETURNING id;
SELECT currval('customers_id_seq'), lastval();
SELECT currval('public.customers_id_seq'::regclass);
INSERT INTO orders (customer_id) VALUES (currval('customers_id_seq')) RETURNING id, customer_id;
SELECT setval('customers_id_seq', 300, false);
INSERT INTO customers (email, name) VALUES ('seqg@example.com', 'T') RETURNING id;
SELECT last_value, is_called FROM customers_id_seq;

-- scenario: a parent deleted and inserted again in one statement
WITH d AS (DELETE FROM customers WHERE id = 9 RETURNING *) INSERT INTO customers SELECT * FROM d RETURNING id, email;
SELECT count(*) FROM orders WHERE customer_id = 9;
SELECT count(*) FROM reviews WHERE customer_id = 9;
WITH d AS (DELETE FROM products WHERE id = 1 RETURNING *) INSERT INTO products SELECT * FROM d;
SELECT count(*) FROM products WHERE id = 1;

-- scenario: insert select of every column from the table itself
INSERT INTO settings SELECT key || '-x', value FROM settings RETURNING *;
INSERT INTO events SELECT * FROM events WHERE kind = 'buy';
INSERT INTO events SELECT * FROM events WHERE kind = 'buy';
SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind;

-- scenario: returning every column of update from and delete using
UPDATE customers SET tier = 'gold' WHERE id = 2;
UPDATE orders o SET note = 'n' FROM customers c WHERE c.id = o.customer_id AND c.id = 2 RETURNING *;
DELETE FROM reviews r USING customers c WHERE c.id = r.customer_id AND c.id = 2 RETURNING *;

-- scenario: update where exists correlated to the target
UPDATE customers c SET tier = 'platinum' WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'cancelled' AND o.id < 20) RETURNING c.id;
UPDATE customers SET tier = 'basic' WHERE EXISTS (SELECT 1 FROM orders WHERE orders.customer_id = customers.id AND orders.id < 10) RETURNING id;
UPDATE ONLY customers SET name = 'only' WHERE id = 1 RETURNING id, name;
SELECT tier, count(*) FROM customers GROUP BY tier ORDER BY tier;

-- scenario: emptying tables with delete and truncate
DELETE FROM reviews;
TRUNCATE reviews;
SELECT count(*) FROM reviews;
DELETE FROM order_items;
DELETE FROM products WHERE id > 50;
SELECT count(*) FROM products;
INSERT INTO reviews (product_id, customer_id, stars) VALUES (1, 1, 5) RETURNING id;
