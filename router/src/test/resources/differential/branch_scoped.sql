-- Locks, advisory locks and notification channels on a branch act on the branch's own relations, keys and channels
-- (main never waits for them, see LocksOnBranchTest and NotificationsAndAdvisoryLocksOnBranchTest); seen from one
-- session they behave as on a full copy.

-- scenario: lock table of an unchanged table, then read and write it
BEGIN;
LOCK TABLE customers IN ACCESS EXCLUSIVE MODE;
SELECT id, name FROM customers WHERE id <= 3 ORDER BY id;
UPDATE customers SET name = 'locked' WHERE id = 2;
COMMIT;
SELECT id, name FROM customers WHERE id <= 3 ORDER BY id;

-- scenario: lock table in every mode, several tables, only and nowait
BEGIN;
LOCK customers;
LOCK TABLE ONLY products IN ROW SHARE MODE;
LOCK TABLE settings, orders IN SHARE MODE NOWAIT;
LOCK TABLE public.events IN SHARE UPDATE EXCLUSIVE MODE;
LOCK TABLE products IN ROW EXCLUSIVE MODE;
LOCK TABLE products IN SHARE ROW EXCLUSIVE MODE;
LOCK TABLE products IN EXCLUSIVE MODE;
LOCK TABLE products IN ACCESS SHARE MODE;
SELECT count(*) FROM products;
DELETE FROM settings WHERE key = 'theme';
ROLLBACK;
SELECT key, value FROM settings ORDER BY key;

-- scenario: lock table outside a transaction block and of a missing table
LOCK TABLE customers;
BEGIN;
LOCK TABLE no_such_table;
ROLLBACK;

-- scenario: lock table of a changed table and of a table the branch created
UPDATE products SET stock = 7 WHERE id = 3;
CREATE TABLE own_things (id int PRIMARY KEY);
BEGIN;
LOCK TABLE products, own_things IN EXCLUSIVE MODE;
INSERT INTO own_things VALUES (1);
SELECT id, stock FROM products WHERE id IN (3, 4) ORDER BY id;
COMMIT;

-- scenario: locking reads of unchanged rows, then writes of them in the same transaction
BEGIN;
SELECT id, name FROM customers WHERE id IN (4, 5) ORDER BY id FOR UPDATE;
UPDATE customers SET name = name || '!' WHERE id IN (4, 5);
SELECT c.id, c.name FROM customers c WHERE c.id BETWEEN 3 AND 6 ORDER BY c.id FOR SHARE OF c;
COMMIT;
SELECT id, name FROM customers WHERE id BETWEEN 3 AND 6 ORDER BY id;
SELECT count(*) FROM customers;

-- scenario: locking reads of unchanged tables with conditions, order and limit
SELECT key, value FROM settings WHERE key = 'currency' OR value LIKE 'd%' FOR KEY SHARE;
SELECT id FROM products WHERE price > 10 ORDER BY price DESC, id LIMIT 2 FOR NO KEY UPDATE;

-- scenario: advisory locks seen from one session
SELECT pg_try_advisory_lock(1), pg_try_advisory_lock(1, 2), pg_try_advisory_lock_shared(3);
SELECT pg_advisory_lock(1);
SELECT pg_advisory_unlock(1), pg_advisory_unlock(1), pg_advisory_unlock(1);
SELECT pg_advisory_unlock(99);
SELECT pg_catalog.pg_advisory_unlock_shared(3), pg_advisory_unlock(1, 2);
SELECT pg_advisory_unlock_all();
BEGIN;
SELECT pg_advisory_xact_lock(5), pg_try_advisory_xact_lock(5), pg_try_advisory_xact_lock_shared(6, 7);
SELECT pg_advisory_xact_lock_shared(8);
COMMIT;
SELECT pg_advisory_unlock(5);

-- scenario: listening channels seen from one session
LISTEN jobs;
LISTEN "Mixed Case";
NOTIFY jobs, 'payload';
SELECT pg_notify('jobs', 'again');
SELECT c FROM pg_listening_channels() c ORDER BY c;
UNLISTEN jobs;
SELECT * FROM pg_listening_channels();
SELECT pg_listening_channels(), 1 AS one;
SELECT upper(pg_listening_channels()) AS up;
SELECT l.pg_listening_channels FROM pg_catalog.pg_listening_channels() l;
UNLISTEN *;
SELECT count(*) FROM pg_listening_channels();
