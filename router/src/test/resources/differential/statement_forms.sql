-- Statement forms an overlay branch used to refuse (issue 16 item 5): INSERT ... SELECT ... ON CONFLICT, multiple-
-- column assignment from a sub-select, TRUNCATE of tables that reference each other, and assignments to array
-- elements and jsonb subscripts (TRUNCATE ... CASCADE / RESTART IDENTITY and the ctid idioms stay refused:
-- RefusalsTest). The first statement of the insert select, multiple-column and truncate scenarios were cases of
-- RefusalsTest.

-- scenario: insert select on conflict do nothing reading the target table
INSERT INTO settings SELECT key || '-2', value FROM settings ON CONFLICT DO NOTHING RETURNING key, value;
INSERT INTO settings SELECT key, 'again' FROM settings WHERE key LIKE '%-2' ON CONFLICT DO NOTHING RETURNING key;
SELECT key, value FROM settings ORDER BY key;

-- scenario: insert select on conflict do update against upstream and branch rows
UPDATE products SET title = 'changed' WHERE sku = 'SKU-0002';
INSERT INTO products (sku, title, price) SELECT sku, 'from select', price + 1 FROM products WHERE id <= 3 ON CONFLICT (sku) DO UPDATE SET title = products.title || '/' || EXCLUDED.title, price = EXCLUDED.price RETURNING id, sku, title, price;
SELECT id, sku, title, price FROM products WHERE id <= 4 ORDER BY id;
SELECT count(*) FROM products;

-- scenario: insert select on conflict on constraint with where
INSERT INTO customers (email, name) SELECT email, 'renamed ' || id FROM customers WHERE id BETWEEN 10 AND 14 ON CONFLICT ON CONSTRAINT customers_email_key DO UPDATE SET name = EXCLUDED.name WHERE customers.tier <> 'gold' RETURNING id, email, name, tier;
SELECT id, email, name, tier FROM customers WHERE id BETWEEN 9 AND 15 ORDER BY id;

-- scenario: insert select on conflict against a row deleted on the branch
DELETE FROM settings WHERE key = 'beta';
INSERT INTO settings (key, value) SELECT 'beta', 'back' ON CONFLICT (key) DO UPDATE SET value = 'updated' RETURNING key, value;
INSERT INTO settings (key, value) SELECT 'beta', 'twice' ON CONFLICT (key) DO UPDATE SET value = settings.value || '+' || EXCLUDED.value RETURNING key, value;
SELECT key, value FROM settings ORDER BY key;

-- scenario: insert from a cte on conflict
WITH src(k, v) AS (VALUES ('theme', 'cte'), ('cte-new', 'n')) INSERT INTO settings SELECT k, v FROM src ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value RETURNING key, value;
INSERT INTO settings WITH src AS (SELECT key, value FROM settings WHERE key = 'currency') SELECT key, 'inner cte' FROM src ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value RETURNING key, value;
SELECT key, value FROM settings ORDER BY key;

-- scenario: insert from values with order by limit and set operations on conflict
INSERT INTO settings VALUES ('theme', 'b'), ('currency', 'a') ORDER BY 2 LIMIT 1 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value RETURNING key, value;
INSERT INTO settings VALUES ('theme', 'u1') UNION ALL SELECT 'union-new', 'u2' ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value RETURNING key, value;
INSERT INTO settings (SELECT key, 'paren' FROM settings WHERE key = 'beta') ON CONFLICT (key) DO NOTHING RETURNING key;
SELECT key, value FROM settings ORDER BY key;

-- scenario: insert select star on conflict on a composite key
INSERT INTO order_items SELECT * FROM order_items WHERE order_id = 1 ON CONFLICT (order_id, line) DO UPDATE SET qty = order_items.qty + EXCLUDED.qty RETURNING order_id, line, qty;
INSERT INTO order_items SELECT order_id, line + 10, product_id, qty FROM order_items WHERE order_id = 2 ON CONFLICT DO NOTHING RETURNING order_id, line;
SELECT order_id, line, product_id, qty FROM order_items WHERE order_id IN (1, 2) ORDER BY order_id, line;

-- scenario: insert select on conflict inserting the same key twice fails as on a copy
INSERT INTO settings SELECT 'dup', v FROM (VALUES ('1'), ('2')) x(v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
SELECT key, value FROM settings ORDER BY key;

-- scenario: insert select on conflict with the key from a default
INSERT INTO customers (email, name) SELECT 'new-' || email, name FROM customers WHERE id < 3 ON CONFLICT (id) DO NOTHING RETURNING id, email;
SELECT id, email FROM customers WHERE id > 198 ORDER BY id;

-- scenario: update multiple columns from a correlated sub-select
UPDATE orders o SET (status, note) = (SELECT c.tier, c.email FROM customers c WHERE c.id = o.customer_id) WHERE o.id < 5 RETURNING o.id, o.status, o.note;
UPDATE customers SET tier = 'platinum' WHERE id = 8;
UPDATE orders o SET (status, note) = (SELECT c.tier, c.name FROM customers c WHERE c.id = o.customer_id) WHERE o.customer_id = 8;
SELECT id, customer_id, status, note FROM orders WHERE id < 5 OR customer_id = 8 ORDER BY id;

-- scenario: update multiple columns from an uncorrelated sub-select and a row
UPDATE products SET (title, price) = (SELECT 'max ' || max(id), max(price) FROM products) WHERE id IN (1, 2) RETURNING id, title, price;
UPDATE products SET (title, stock) = ('row', 99) WHERE id = 3;
UPDATE products p SET (title, price) = (SELECT 'empty', 1 FROM products q WHERE q.id = -p.id) WHERE id = 4;
SELECT id, title, price, stock FROM products WHERE id <= 5 ORDER BY id;

-- scenario: update multiple columns from ROW beside a DEFAULT
UPDATE products SET (title, price) = ROW('from row', 12.5), stock = DEFAULT WHERE id IN (5, 6) RETURNING id, title, price, stock;
UPDATE products SET (title) = ROW('single'), tags = DEFAULT WHERE id = 7;
UPDATE products SET (title, price) = ROW('bad', -1), stock = DEFAULT WHERE id = 8;
SELECT id, title, price, stock, tags FROM products WHERE id BETWEEN 5 AND 8 ORDER BY id;

-- scenario: update array elements and jsonb subscripts
UPDATE products SET tags[1] = 'first', tags[3] = 'third' WHERE id IN (1, 2) RETURNING id, tags;
UPDATE products SET attrs['color'] = '"purple"', attrs['size'] = to_jsonb(stock) WHERE id BETWEEN 2 AND 4 RETURNING id, attrs;
UPDATE products SET tags[2:3] = ARRAY['a', 'b'] WHERE id = 5;
SELECT id, tags, attrs FROM products WHERE id <= 6 ORDER BY id;

-- scenario: insert on conflict do update of an array element
INSERT INTO products (sku, title, price) VALUES ('SKU-0007', 'Seven', 1) ON CONFLICT (sku) DO UPDATE SET tags[1] = EXCLUDED.title, attrs['w'] = '0' RETURNING id, tags, attrs;
SELECT id, sku, tags, attrs FROM products WHERE sku = 'SKU-0007';

-- scenario: truncate tables that reference each other
TRUNCATE order_items, orders;
SELECT count(*) FROM orders;
SELECT count(*) FROM order_items;
INSERT INTO orders (customer_id) VALUES (1) RETURNING customer_id, status;
SELECT count(*) FROM customers;

-- scenario: truncate referenced tables together and alone
TRUNCATE customers;
TRUNCATE reviews, order_items, orders, sessions, customers, products;
SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM products), (SELECT count(*) FROM reviews), (SELECT count(*) FROM sessions);
INSERT INTO customers (email, name) VALUES ('after@example.com', 'After') RETURNING email;

-- scenario: truncate tables that reference each other inside a transaction rolled back
BEGIN;
TRUNCATE TABLE orders, order_items;
SELECT count(*) FROM order_items;
ROLLBACK;
SELECT count(*) FROM orders;
SELECT count(*) FROM order_items;
