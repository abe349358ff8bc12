-- Transactions, savepoints and the aborted state behave as on PostgreSQL.

-- scenario: rollback discards branch writes
BEGIN;
UPDATE settings SET value = 'rolled back' WHERE key = 'currency';
INSERT INTO settings VALUES ('gone', 'x');
SELECT key, value FROM settings ORDER BY key;
ROLLBACK;
SELECT key, value FROM settings ORDER BY key;

-- scenario: commit keeps branch writes
BEGIN;
UPDATE settings SET value = 'kept' WHERE key = 'currency';
COMMIT;
SELECT value FROM settings WHERE key = 'currency';

-- scenario: savepoints
BEGIN;
INSERT INTO settings VALUES ('s1', '1');
SAVEPOINT a;
INSERT INTO settings VALUES ('s2', '2');
ROLLBACK TO SAVEPOINT a;
INSERT INTO settings VALUES ('s3', '3');
RELEASE SAVEPOINT a;
COMMIT;
SELECT key FROM settings WHERE key LIKE 's_' ORDER BY key;

-- scenario: error aborts the transaction until rollback
BEGIN;
INSERT INTO settings VALUES ('currency', 'dup');
SELECT 1;
ROLLBACK;
SELECT value FROM settings WHERE key = 'currency';

-- scenario: error in a savepoint can be rolled back to
BEGIN;
UPDATE products SET stock = 100 WHERE id = 1;
SAVEPOINT before_bad;
UPDATE products SET price = 0 WHERE id = 1;
ROLLBACK TO SAVEPOINT before_bad;
SELECT stock, price FROM products WHERE id = 1;
COMMIT;
SELECT stock FROM products WHERE id = 1;

-- scenario: several statements in one query string
INSERT INTO settings VALUES ('m1', '1'); UPDATE settings SET value = '2' WHERE key = 'm1'; SELECT value FROM settings WHERE key = 'm1';
