-- INSERT ... ON CONFLICT against upstream rows, branch rows and rows deleted on the branch, on the primary key and on
-- UNIQUE columns: the arbiter must see the branch's merged view of the table, not only its layer.

-- scenario: do nothing against an upstream row
INSERT INTO settings VALUES ('currency', 'X') ON CONFLICT DO NOTHING;
INSERT INTO settings VALUES ('currency', 'X') ON CONFLICT (key) DO NOTHING RETURNING *;
SELECT key, value FROM settings ORDER BY key;

-- scenario: do nothing against a row inserted on the branch
INSERT INTO settings VALUES ('fresh', '1');
INSERT INTO settings VALUES ('fresh', '2') ON CONFLICT (key) DO NOTHING RETURNING key, value;
SELECT value FROM settings WHERE key = 'fresh';

-- scenario: do update with excluded against an upstream row
INSERT INTO settings VALUES ('theme', 'light') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value || '/' || settings.value RETURNING key, value;
SELECT key, value FROM settings ORDER BY key;

-- scenario: do update against a row changed on the branch
UPDATE settings SET value = 'changed' WHERE key = 'theme';
INSERT INTO settings VALUES ('theme', 'upsert') ON CONFLICT (key) DO UPDATE SET value = settings.value || '+' || EXCLUDED.value RETURNING *;
SELECT key, value FROM settings ORDER BY key;

-- scenario: do update against a row deleted on the branch inserts it again
DELETE FROM settings WHERE key = 'beta';
INSERT INTO settings VALUES ('beta', 'back') ON CONFLICT (key) DO UPDATE SET value = 'updated' RETURNING key, value;
INSERT INTO settings VALUES ('beta', 'again') ON CONFLICT (key) DO UPDATE SET value = 'updated' RETURNING key, value;
SELECT key, value FROM settings ORDER BY key;

-- scenario: do update on a unique column against an upstream row
INSERT INTO customers (email, name) VALUES ('c3@example.com', 'Dup') ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name || ' (was ' || customers.name || ')' RETURNING id, email, name, tier;
INSERT INTO customers (email, name) VALUES ('brand-new@example.com', 'New') RETURNING id, email;
SELECT id, email, name FROM customers WHERE id IN (3, 201, 202) ORDER BY id;

-- scenario: do nothing on a named unique constraint
INSERT INTO customers (email, name) VALUES ('c4@example.com', 'Dup') ON CONFLICT ON CONSTRAINT customers_email_key DO NOTHING RETURNING id;
INSERT INTO customers (email, name) VALUES ('c4b@example.com', 'NotDup') ON CONFLICT ON CONSTRAINT customers_email_key DO NOTHING RETURNING id, name;
SELECT count(*) FROM customers;

-- scenario: do update with a where clause that rejects the update
INSERT INTO products (sku, title, price) VALUES ('SKU-0007', 'Seven', 1) ON CONFLICT (sku) DO UPDATE SET title = EXCLUDED.title WHERE products.stock > 1000 RETURNING id, title;
INSERT INTO products (sku, title, price) VALUES ('SKU-0007', 'Seven', 1) ON CONFLICT (sku) DO UPDATE SET title = EXCLUDED.title WHERE products.stock < 1000 RETURNING id, title;
SELECT id, sku, title, price FROM products WHERE sku = 'SKU-0007';

-- scenario: multi-row upsert mixing upstream, new and deleted keys
DELETE FROM order_items WHERE product_id = 9;
DELETE FROM reviews WHERE product_id = 9;
DELETE FROM products WHERE sku = 'SKU-0009';
INSERT INTO products (sku, title, price, stock) VALUES ('SKU-0001', 'One', 1, 5), ('NEW-1', 'N1', 2, 6), ('SKU-0009', 'Nine', 3, 7), ('SKU-0002', 'Two', 4, 8) ON CONFLICT (sku) DO UPDATE SET title = EXCLUDED.title, price = products.price + EXCLUDED.price, stock = products.stock + EXCLUDED.stock RETURNING id, sku, title, price, stock;
SELECT id, sku, title, price, stock FROM products WHERE sku IN ('SKU-0001', 'SKU-0002', 'SKU-0009', 'NEW-1') ORDER BY sku;
SELECT count(*), sum(price) FROM products;

-- scenario: the same upsert repeated counts up
INSERT INTO settings VALUES ('counter', '1') ON CONFLICT (key) DO UPDATE SET value = (settings.value::int + 1)::text RETURNING value;
INSERT INTO settings VALUES ('counter', '1') ON CONFLICT (key) DO UPDATE SET value = (settings.value::int + 1)::text RETURNING value;
INSERT INTO settings VALUES ('counter', '1') ON CONFLICT (key) DO UPDATE SET value = (settings.value::int + 1)::text RETURNING value;
INSERT INTO settings VALUES ('currency', '1') ON CONFLICT (key) DO UPDATE SET value = settings.value || '!' RETURNING value;
INSERT INTO settings VALUES ('currency', '1') ON CONFLICT (key) DO UPDATE SET value = settings.value || '!' RETURNING value;
SELECT key, value FROM settings ORDER BY key;

-- scenario: upsert on a composite primary key
INSERT INTO order_items VALUES (1, 1, 5, 2) ON CONFLICT (order_id, line) DO UPDATE SET qty = order_items.qty + EXCLUDED.qty RETURNING order_id, line, product_id, qty;
INSERT INTO order_items VALUES (1, 4, 5, 2) ON CONFLICT (order_id, line) DO UPDATE SET qty = order_items.qty + EXCLUDED.qty RETURNING order_id, line, product_id, qty;
SELECT order_id, line, product_id, qty FROM order_items WHERE order_id = 1 ORDER BY line;

-- scenario: upsert on a uuid primary key
INSERT INTO sessions VALUES (md5('s3')::uuid, 4, NULL, '2031-01-01') ON CONFLICT (token) DO UPDATE SET expires_at = EXCLUDED.expires_at, data = NULL RETURNING token, customer_id, data, expires_at;
INSERT INTO sessions VALUES (md5('new-session')::uuid, 4, '\x00ff', '2031-01-01') ON CONFLICT (token) DO NOTHING RETURNING token, data;
SELECT token, customer_id, data, expires_at FROM sessions WHERE customer_id = 4 ORDER BY token;

-- scenario: an upsert that affects the same row twice fails
INSERT INTO settings VALUES ('twice', '1'), ('twice', '2') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
INSERT INTO settings VALUES ('currency', '1'), ('currency', '2') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
SELECT key, value FROM settings ORDER BY key;

-- scenario: do update that violates another unique constraint
INSERT INTO customers (id, email, name) VALUES (1, 'c2@example.com', 'X') ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email;
INSERT INTO customers (id, email, name) VALUES (1, 'other@example.com', 'X') ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email RETURNING id, email, name;
SELECT id, email FROM customers WHERE id IN (1, 2) ORDER BY id;

-- scenario: upsert of array values
INSERT INTO products (sku, title, price, tags) VALUES ('SKU-0003', 'T', 1, ARRAY['a', 'b']) ON CONFLICT (sku) DO UPDATE SET tags = EXCLUDED.tags || ARRAY['c', 'd'], title = EXCLUDED.title RETURNING id, sku, title, tags;
INSERT INTO products (sku, title, price, tags) VALUES ('ARR-1', 'A', 1, ARRAY['x', 'y']), ('SKU-0004', 'B', 2, ARRAY['z']) ON CONFLICT (sku) DO UPDATE SET tags = products.tags || EXCLUDED.tags RETURNING id, sku, tags;
SELECT id, sku, title, tags FROM products WHERE sku IN ('SKU-0003', 'SKU-0004', 'ARR-1') ORDER BY sku;

-- scenario: do update that violates a foreign key or a check
INSERT INTO orders (id, customer_id) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET customer_id = 99999;
INSERT INTO order_items VALUES (2, 1, 1, 1) ON CONFLICT (order_id, line) DO UPDATE SET qty = -1;
SELECT order_id, line, qty FROM order_items WHERE order_id = 2 ORDER BY line;

-- scenario: upsert of a key the branch moved away
UPDATE settings SET key = 'theme-moved' WHERE key = 'theme';
INSERT INTO settings VALUES ('theme', 'fresh') ON CONFLICT (key) DO UPDATE SET value = 'conflicted' RETURNING key, value;
INSERT INTO settings VALUES ('theme-moved', 'x') ON CONFLICT (key) DO UPDATE SET value = settings.value || '/' || EXCLUDED.value RETURNING key, value;
SELECT key, value FROM settings ORDER BY key;

-- scenario: do nothing without a target on a table with two unique constraints
INSERT INTO customers (id, email, name) VALUES (5, 'free@example.com', 'IdTaken') ON CONFLICT DO NOTHING RETURNING id;
INSERT INTO customers (id, email, name) VALUES (900, 'c6@example.com', 'EmailTaken') ON CONFLICT DO NOTHING RETURNING id;
INSERT INTO customers (id, email, name) VALUES (901, 'free@example.com', 'Free'), (902, 'free@example.com', 'SameBatch'), (7, 'x7@example.com', 'IdTaken') ON CONFLICT DO NOTHING RETURNING id, email, name;
INSERT INTO customers (id, email, name) VALUES (5, 'c6@example.com', 'Both') ON CONFLICT (email) DO NOTHING RETURNING id;
INSERT INTO customers (id, email, name) VALUES (5, 'free2@example.com', 'IdOnly') ON CONFLICT (email) DO NOTHING RETURNING id;
SELECT id, email, name FROM customers WHERE id IN (5, 6, 7, 900, 901, 902) ORDER BY id;

-- scenario: upsert with columns in another order and computed keys
INSERT INTO settings (value, key) VALUES ('reordered', 'currency') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value RETURNING key, value;
INSERT INTO settings (value, key) VALUES ('computed', lower('THEME')), ('new', 'k' || 1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value || '!' RETURNING key, value;
INSERT INTO settings VALUES ('dup', '1'), ('dup', '2') ON CONFLICT DO NOTHING RETURNING key, value;
SELECT key, value FROM settings ORDER BY key;

-- scenario: upsert inside a transaction rolled back and retried
BEGIN;
INSERT INTO settings VALUES ('currency', 'tx') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
SAVEPOINT s;
INSERT INTO settings VALUES ('theme', 'tx') ON CONFLICT (key) DO UPDATE SET value = settings.value || EXCLUDED.value;
ROLLBACK TO SAVEPOINT s;
INSERT INTO settings VALUES ('theme', 'retry') ON CONFLICT (key) DO UPDATE SET value = settings.value || '+' || EXCLUDED.value RETURNING value;
COMMIT;
SELECT key, value FROM settings ORDER BY key;

-- scenario: values and upserts whose expressions read the changed table
UPDATE settings SET value = 'src' WHERE key = 'theme';
INSERT INTO settings VALUES ('copied', (SELECT value FROM settings WHERE key = 'theme')) RETURNING *;
INSERT INTO settings VALUES ('copied2', (SELECT value FROM settings WHERE key = 'theme')) ON CONFLICT (key) DO UPDATE SET value = (SELECT value FROM settings WHERE key = 'currency') RETURNING *;
INSERT INTO settings VALUES ('copied2', 'v') ON CONFLICT (key) DO UPDATE SET value = (SELECT s.value FROM settings s WHERE s.key = 'currency') RETURNING *;
SELECT key, value FROM settings ORDER BY key;
