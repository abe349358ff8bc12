-- INSERT, UPDATE and DELETE in their many forms.

-- scenario: insert with values, multi-row and defaults
INSERT INTO settings VALUES ('lang', 'en');
INSERT INTO settings (key, value) VALUES ('a', '1'), ('b', '2'), ('c', NULL);
INSERT INTO customers (email, name) VALUES ('d@example.com', 'D');
SELECT key, value FROM settings ORDER BY key;
SELECT email, name, tier FROM customers WHERE email = 'd@example.com';

-- scenario: insert returning generated keys
INSERT INTO customers (email, name) VALUES ('r1@example.com', 'R1'), ('r2@example.com', 'R2') RETURNING id, email, tier;
INSERT INTO products (sku, title, price) VALUES ('SKU-X', 'X', 9.99) RETURNING *;

-- scenario: insert from select
INSERT INTO settings (key, value) SELECT 'k' || id, email FROM customers WHERE id <= 3;
SELECT * FROM settings WHERE key LIKE 'k%' ORDER BY key;

-- scenario: insert default values
INSERT INTO events DEFAULT VALUES;
INSERT INTO settings DEFAULT VALUES;

-- scenario: update by key and by range
UPDATE products SET stock = 0 WHERE id = 10;
UPDATE products SET stock = stock + 5 WHERE id BETWEEN 20 AND 29;
SELECT id, stock FROM products WHERE id = 10 OR id BETWEEN 20 AND 29 ORDER BY id;

-- scenario: update returning old and new rows
UPDATE customers SET name = upper(name) WHERE id <= 3 RETURNING id, name;
UPDATE customers SET name = name || '!' WHERE id <= 3 RETURNING *;

-- scenario: update twice, then read
UPDATE settings SET value = 'USD' WHERE key = 'currency';
UPDATE settings SET value = value || '2' WHERE key = 'currency';
SELECT value FROM settings WHERE key = 'currency';

-- scenario: update that changes the primary key
UPDATE settings SET key = 'colour-theme' WHERE key = 'theme';
SELECT key, value FROM settings ORDER BY key;
INSERT INTO settings VALUES ('theme', 'again');
SELECT key, value FROM settings ORDER BY key;

-- scenario: update with FROM
UPDATE orders o SET note = 'vip' FROM customers c WHERE c.id = o.customer_id AND c.tier = 'platinum' AND o.id < 50;
SELECT id, note FROM orders WHERE id < 50 ORDER BY id;

-- scenario: update matching nothing
UPDATE products SET stock = 1 WHERE id < 0;
DELETE FROM products WHERE id < 0;

-- scenario: delete by key and by range
DELETE FROM reviews WHERE id = 5;
DELETE FROM reviews WHERE id BETWEEN 10 AND 19;
SELECT count(*) FROM reviews;
SELECT id FROM reviews WHERE id <= 20 ORDER BY id;

-- scenario: delete returning
DELETE FROM settings WHERE key = 'beta' RETURNING *;
DELETE FROM reviews WHERE stars = 1 AND id < 30 RETURNING id, stars;

-- scenario: delete using another table
DELETE FROM reviews r USING customers c WHERE r.customer_id = c.id AND c.tier = 'gold' AND r.id < 40;
SELECT count(*) FROM reviews WHERE id < 40;

-- scenario: delete then re-insert the same key
DELETE FROM settings WHERE key = 'currency';
SELECT * FROM settings WHERE key = 'currency';
INSERT INTO settings VALUES ('currency', 'GBP');
SELECT * FROM settings WHERE key = 'currency';

-- scenario: delete a row inserted on the branch
INSERT INTO settings VALUES ('tmp', 'x');
DELETE FROM settings WHERE key = 'tmp';
SELECT count(*) FROM settings;

-- scenario: update all rows of a table without where
UPDATE settings SET value = coalesce(value, '') || '*';
SELECT key, value FROM settings ORDER BY key;

-- scenario: delete all rows of a table without where
DELETE FROM settings;
SELECT count(*) FROM settings;
INSERT INTO settings VALUES ('currency', 'CHF');
SELECT * FROM settings;

-- scenario: composite primary key updates and deletes
UPDATE order_items SET qty = 7 WHERE order_id = 2 AND line = 1;
DELETE FROM order_items WHERE order_id = 2 AND line = 3;
SELECT order_id, line, qty FROM order_items WHERE order_id = 2 ORDER BY line;
INSERT INTO order_items VALUES (2, 3, 4, 1);
SELECT order_id, line, product_id, qty FROM order_items WHERE order_id = 2 ORDER BY line;

-- scenario: uuid primary key
DELETE FROM sessions WHERE token = md5('s2')::uuid;
INSERT INTO sessions VALUES (md5('s2')::uuid, 3, NULL, '2030-01-01');
SELECT token, customer_id, expires_at FROM sessions WHERE token = md5('s2')::uuid;

-- scenario: data-modifying CTE
WITH moved AS (DELETE FROM reviews WHERE id <= 3 RETURNING id, body) INSERT INTO settings (key, value) SELECT 'review-' || id, body FROM moved;
SELECT key, value FROM settings WHERE key LIKE 'review-%' ORDER BY key;
SELECT count(*) FROM reviews;
