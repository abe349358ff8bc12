-- Locking reads (SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE) of one table the branch changed: they
-- return the branch's rows, and the rows stay writable afterwards in the same transaction.

-- scenario: for update returns the branch's rows
UPDATE products SET stock = 1000 WHERE id = 1;
SELECT id, stock FROM products WHERE id <= 3 FOR UPDATE;
SELECT id, stock FROM products WHERE id <= 3 ORDER BY id;

-- scenario: for update in a transaction, then update the locked rows
BEGIN;
UPDATE settings SET value = 'locked' WHERE key = 'currency';
SELECT key, value FROM settings WHERE key IN ('currency', 'theme') FOR UPDATE;
UPDATE settings SET value = value || '+' WHERE key IN ('currency', 'theme') RETURNING key, value;
COMMIT;
SELECT key, value FROM settings ORDER BY key;

-- scenario: for share and for key share
DELETE FROM settings WHERE key = 'beta';
BEGIN;
SELECT key, value FROM settings FOR SHARE;
SELECT key FROM settings WHERE value IS NOT NULL FOR KEY SHARE;
INSERT INTO settings VALUES ('beta', 'after lock');
COMMIT;
SELECT key, value FROM settings ORDER BY key;

-- scenario: for no key update
UPDATE customers SET tier = 'gold' WHERE id = 3;
BEGIN;
SELECT id, tier FROM customers WHERE id BETWEEN 1 AND 4 FOR NO KEY UPDATE;
UPDATE customers SET name = 'locked ' || id WHERE id BETWEEN 1 AND 4;
COMMIT;
SELECT id, name, tier FROM customers WHERE id BETWEEN 1 AND 4 ORDER BY id;

-- scenario: skip locked and nowait without contention
UPDATE products SET price = 2 WHERE id = 2;
SELECT id, price FROM products WHERE id <= 5 FOR UPDATE SKIP LOCKED;
SELECT id, price FROM products WHERE id <= 5 FOR UPDATE NOWAIT;
SELECT id, price FROM products WHERE id <= 5 FOR SHARE SKIP LOCKED;

-- scenario: for update with order by and limit
UPDATE products SET price = 500 WHERE id IN (10, 20);
UPDATE products SET price = 0.5 WHERE id = 100;
SELECT id, price FROM products WHERE price > 50 ORDER BY price DESC, id LIMIT 3 FOR UPDATE;
SELECT id, price FROM products ORDER BY price, id LIMIT 2 OFFSET 1 FOR UPDATE;
SELECT id, price FROM products ORDER BY price DESC, id LIMIT 4;

-- scenario: for update of an alias
UPDATE orders SET status = 'held' WHERE id < 5;
SELECT o.id, o.status FROM orders o WHERE o.id < 8 ORDER BY o.id FOR UPDATE OF o;
SELECT o.id, o.status FROM orders AS o WHERE o.status = 'held' FOR UPDATE OF o SKIP LOCKED;

-- scenario: for update of rows inserted and deleted on the branch
INSERT INTO settings VALUES ('new', 'row');
DELETE FROM settings WHERE key = 'theme';
SELECT key, value FROM settings FOR UPDATE;
SELECT key, value FROM settings WHERE key = 'theme' FOR UPDATE;
SELECT count(*) FROM settings;

-- scenario: locking reads of an unchanged table pass through
SELECT key, value FROM settings WHERE key = 'currency' FOR UPDATE;
SELECT id FROM products WHERE id < 4 FOR SHARE;

-- scenario: locking read of a copied table without primary key
UPDATE events SET kind = 'locked' WHERE at < '2024-03-01 00:10:00+00';
SELECT kind FROM events WHERE kind IN ('locked', 'buy') FOR UPDATE;
SELECT at, kind FROM events WHERE kind = 'locked' ORDER BY at FOR UPDATE;

-- scenario: locking read rolled back leaves the branch as it was
UPDATE settings SET value = 'v1' WHERE key = 'theme';
BEGIN;
SELECT key, value FROM settings WHERE key <> 'beta' FOR UPDATE;
UPDATE settings SET value = 'v2' WHERE key = 'theme';
ROLLBACK;
SELECT key, value FROM settings ORDER BY key;
