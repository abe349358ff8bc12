-- Errors on a branch carry PostgreSQL's SQLSTATEs, abort transactions as PostgreSQL does, and leave nothing behind.

-- scenario: division by zero inside an update condition
UPDATE products SET stock = 1 WHERE 10 / (id - 5) > 1;
UPDATE products SET stock = 2 WHERE id = 5;
UPDATE products SET stock = 3 WHERE 10 / (stock - 2) > 1;
SELECT id, stock FROM products WHERE id <= 6 ORDER BY id;
DELETE FROM settings WHERE length(key) / (length(key) - 5) > 0;
SELECT count(*) FROM settings;

-- scenario: division by zero in a read of a changed table
UPDATE products SET stock = 0 WHERE id = 1;
SELECT id, 100 / stock FROM products WHERE id <= 2;
SELECT sum(100 / stock) FROM products WHERE id > 1 AND stock > 0;

-- scenario: invalid text representation
INSERT INTO products (sku, title, price) VALUES ('BAD', 'Bad', 'notanumber');
UPDATE settings SET value = 'x' WHERE key = 'currency' AND value::int = 1;
UPDATE products SET stock = 'many' WHERE id = 1;
SELECT * FROM sessions WHERE token = 'not-a-uuid';
INSERT INTO events (at, kind) VALUES ('2024-13-45', 'x');
SELECT count(*) FROM products;

-- scenario: unknown column in a write
UPDATE settings SET nope = 1 WHERE key = 'currency';
UPDATE settings SET value = 'x' WHERE nope = 1;
INSERT INTO settings (key, nope) VALUES ('a', 1);
DELETE FROM settings WHERE nope IS NULL;
UPDATE settings SET value = 'y' WHERE key = 'currency' RETURNING nope;
INSERT INTO settings VALUES ('z', 'z') ON CONFLICT (key) DO UPDATE SET nope = 1;
SELECT key, value FROM settings ORDER BY key;

-- scenario: unknown table
SELECT * FROM nope;
INSERT INTO nope VALUES (1);
UPDATE nope SET x = 1;
DELETE FROM nope;
UPDATE settings SET value = 'x' WHERE key = 'currency';
SELECT s.key FROM settings s JOIN nope n ON n.key = s.key;
UPDATE settings s SET value = n.value FROM nope n WHERE n.key = s.key;
SELECT value FROM settings WHERE key = 'currency';

-- scenario: not null violation through update set null
UPDATE customers SET name = NULL WHERE id = 1;
UPDATE customers SET name = 'ok' WHERE id = 1;
UPDATE customers SET name = NULL WHERE id = 1;
UPDATE products SET stock = NULL WHERE id BETWEEN 3 AND 5;
INSERT INTO settings VALUES (NULL, 'v');
SELECT id, name FROM customers WHERE id = 1;

-- scenario: check and numeric overflow on rows copied up
UPDATE products SET price = 1e10 WHERE id = 1;
UPDATE products SET price = price - 2 WHERE id <= 3;
UPDATE products SET stock = 2147483647 WHERE id = 1;
UPDATE products SET stock = stock + 1 WHERE id = 1;
UPDATE reviews SET stars = stars + 5 WHERE id = 1;
SELECT id, price, stock FROM products WHERE id <= 3 ORDER BY id;

-- scenario: type mismatch and more than one row from a subquery
UPDATE products SET tags = 5 WHERE id = 1;
UPDATE products SET stock = (SELECT stock FROM products) WHERE id = 1;
UPDATE products SET stock = (SELECT stock FROM products WHERE id = 2) WHERE id = 1 RETURNING stock;
SELECT id FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = 1;
SELECT (SELECT id FROM orders WHERE customer_id = 1);

-- scenario: syntax errors in reads of unchanged tables
SELECT FROM WHERE settings;
SELECT key FROM settings WHERE;
SELECT value FROM settings WHERE key = 'theme';

-- scenario: errors inside a transaction abort it until rollback
BEGIN;
UPDATE settings SET value = 'in tx' WHERE key = 'currency';
UPDATE products SET stock = 1 WHERE 10 / (id - 5) > 1;
SELECT 1;
UPDATE settings SET value = 'after error' WHERE key = 'theme';
SELECT key FROM settings;
ROLLBACK;
SELECT key, value FROM settings ORDER BY key;
BEGIN;
INSERT INTO settings VALUES ('t1', '1');
INSERT INTO customers (email, name) VALUES ('c1@example.com', 'dup');
INSERT INTO settings VALUES ('t2', '2');
COMMIT;
SELECT key FROM settings ORDER BY key;

-- scenario: an error in a savepoint rolled back, then more work
BEGIN;
INSERT INTO settings VALUES ('before', '1');
SAVEPOINT sp;
UPDATE settings SET value = 'x' WHERE key = 'currency' AND value::int > 0;
SELECT 1;
ROLLBACK TO SAVEPOINT sp;
UPDATE settings SET value = 'y' WHERE key = 'currency' RETURNING key, value;
SAVEPOINT sp2;
DELETE FROM customers WHERE id = 9;
ROLLBACK TO SAVEPOINT sp2;
DELETE FROM settings WHERE key = 'beta' RETURNING key;
COMMIT;
SELECT key, value FROM settings ORDER BY key;
SELECT count(*) FROM customers;

-- scenario: a failing multi-row insert stores nothing
INSERT INTO settings VALUES ('ok1', '1'), ('ok2', '2'), ('currency', 'dup');
INSERT INTO order_items VALUES (1, 20, 1, 1), (1, 21, 99999, 1);
INSERT INTO customers (email, name) VALUES ('n1@example.com', 'N1'), ('n2@example.com', NULL);
INSERT INTO customers (email, name) VALUES ('n3@example.com', 'N3') RETURNING id;
SELECT count(*) FROM settings;
SELECT count(*) FROM order_items WHERE order_id = 1;
