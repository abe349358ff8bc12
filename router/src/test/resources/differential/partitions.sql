-- Partition trees on a branch, held whole as one unit at the first write to any member. Tables of
-- PartitionDifferentialTest: payments (range by month, a default partition sub-partitioned by range, an index, a
-- unique index and row triggers on the root), readings (hash).

-- scenario: an insert through the root lands in its partition
INSERT INTO payments VALUES (10, 'eu', '2026-01-09', 15.00, 'j') RETURNING id, paid_on;
SELECT id, amount FROM payments_2026_01 ORDER BY id;
SELECT id, region, paid_on, amount FROM payments ORDER BY id;
SELECT current_setting('app.rows', true);

-- scenario: an insert into a partition, inside and outside its bounds
INSERT INTO payments_2026_02 VALUES (11, 'us', '2026-02-20', 25.00, 'k');
INSERT INTO payments_2026_02 VALUES (12, 'us', '2026-03-20', 25.00, 'l');
SELECT id, paid_on FROM payments_2026_02 ORDER BY id;
SELECT count(*) FROM payments;

-- scenario: a row no partition takes lands in the default partition's sub-partition, or fails
INSERT INTO payments VALUES (13, 'eu', '2025-01-01', 5.00, 'm');
INSERT INTO payments VALUES (14, 'asia', '2027-01-01', 5.00, 'n');
INSERT INTO payments_later VALUES (15, 'eu', '2026-01-03', 5.00, 'o');
SELECT id, region FROM payments_later ORDER BY id;
SELECT id FROM payments_later_old ORDER BY id;

-- scenario: an update moves a row between partitions
UPDATE payments SET paid_on = '2026-02-10' WHERE id = 1 RETURNING id, paid_on;
SELECT id FROM payments_2026_01 ORDER BY id;
SELECT id FROM payments_2026_02 ORDER BY id;
UPDATE payments SET paid_on = paid_on + 60 WHERE region = 'us';
SELECT id, paid_on FROM payments_later_spring ORDER BY id;

-- scenario: an update on a partition that would move the row out of it fails
UPDATE payments_2026_01 SET paid_on = '2026-02-10' WHERE id = 2;
SELECT id, paid_on FROM payments ORDER BY id;

-- scenario: deletes through the root and on a partition
DELETE FROM payments WHERE amount > 45 RETURNING id;
DELETE FROM payments_2026_02 WHERE id = 3;
SELECT id FROM payments ORDER BY id;
SELECT count(*) FROM payments_later;

-- scenario: constraints of the root hold on every partition
INSERT INTO payments_2026_01 VALUES (1, 'eu', '2026-01-05', 1.00, 'z');
INSERT INTO payments VALUES (20, 'eu', '2026-01-06', 0, 'y');
INSERT INTO payments VALUES (21, 'eu', '2026-01-05', 3.00, 'a');
INSERT INTO payments_later_spring VALUES (22, 'us', '2026-06-01', NULL, 'w');
SELECT count(*) FROM payments;

-- scenario: a BEFORE trigger on the root fires for writes to a partition
INSERT INTO payments_2026_01 VALUES (30, 'eu', '2026-01-07', 1.00, 'zero');
UPDATE payments SET note = 'zero' WHERE id = 2;
BEGIN;
UPDATE payments SET note = note || '!' WHERE paid_on < '2026-03-01';
SELECT current_setting('app.rows');
DELETE FROM payments_2026_01;
SELECT current_setting('app.rows');
ROLLBACK;
SELECT id, note FROM payments ORDER BY id;

-- scenario: reading a partition before and after the first write to another member
SELECT id, note FROM payments_later_spring ORDER BY id;
UPDATE payments_2026_02 SET note = 'changed' WHERE id = 4;
SELECT id, note FROM payments_later_spring ORDER BY id;
SELECT id, note FROM payments ORDER BY id;
SELECT region, sum(amount) FROM payments GROUP BY region ORDER BY region;

-- scenario: a hash-partitioned table
INSERT INTO readings VALUES (5, 1, 50), (6, 1, 60);
UPDATE readings SET sensor = sensor + 10 WHERE at = 2;
SELECT sensor, at, value FROM readings ORDER BY sensor, at;
SELECT count(*) FROM readings_0;
SELECT count(*) FROM readings_1;

-- scenario: a write in a transaction that rolls back leaves the tree as it was
BEGIN;
INSERT INTO payments VALUES (40, 'us', '2026-02-02', 9.00, 'q');
SELECT count(*) FROM payments_2026_02;
ROLLBACK;
SELECT count(*) FROM payments_2026_02;
SELECT id FROM payments ORDER BY id;

-- scenario: savepoints around a partition-constraint error
BEGIN;
INSERT INTO payments_2026_01 VALUES (41, 'eu', '2026-01-02', 9.00, 'r');
SAVEPOINT s;
INSERT INTO payments_2026_01 VALUES (42, 'eu', '2026-05-02', 9.00, 's');
ROLLBACK TO SAVEPOINT s;
INSERT INTO payments VALUES (42, 'eu', '2026-05-02', 9.00, 's');
COMMIT;
SELECT id, paid_on FROM payments ORDER BY id;

-- scenario: tableoid names the partition a row is in, as on a copy
UPDATE payments SET note = 'x' WHERE id = 1;
SELECT tableoid::regclass AS part, id FROM payments ORDER BY id;
SELECT p.tableoid::regclass, count(*) FROM payments AS p GROUP BY 1 ORDER BY 1;
SELECT tableoid = 'payments_2026_01'::regclass, id FROM payments_2026_01 ORDER BY id;
SELECT tableoid::regclass, id FROM payments_later WHERE id > 4 ORDER BY id;
SET search_path = pg_catalog;
SELECT tableoid::regclass, id FROM public.payments ORDER BY id;
RESET search_path;

-- scenario: ONLY reads and writes the partitioned table's own rows: none
DELETE FROM payments_2026_02 WHERE id = 4;
SELECT count(*) FROM ONLY payments;
SELECT count(*) FROM ONLY payments_later;
SELECT count(*) FROM ONLY payments_2026_01;
UPDATE ONLY payments SET note = 'only' WHERE id = 2;
DELETE FROM ONLY payments_2026_01 WHERE id = 2;
SELECT id, note FROM payments ORDER BY id;

-- scenario: a partitioned table created on the branch, with partitions, a default and a sub-partition
CREATE TABLE logs (id integer NOT NULL, at date NOT NULL, line text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE logs_2026 PARTITION OF logs FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE logs_other PARTITION OF logs DEFAULT;
INSERT INTO logs VALUES (1, '2026-03-01', 'a'), (2, '2025-03-01', 'b') RETURNING tableoid::regclass, id;
INSERT INTO logs_2026 VALUES (3, '2028-01-01', 'c');
UPDATE logs SET at = '2026-05-05' WHERE id = 2;
SELECT tableoid::regclass, id, at FROM logs ORDER BY id;
SELECT count(*) FROM ONLY logs;

-- scenario: a new partition of an upstream partitioned table
CREATE TABLE payments_2026_03 PARTITION OF payments FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
INSERT INTO payments VALUES (50, 'eu', '2026-03-15', 7.00, 'new');
SELECT tableoid::regclass, id, paid_on FROM payments ORDER BY id;
SELECT id FROM payments_later_spring ORDER BY id;
SELECT count(*) FROM payments_2026_03;

-- scenario: detaching and attaching a partition of an upstream table
ALTER TABLE payments DETACH PARTITION payments_2026_01;
SELECT id FROM payments ORDER BY id;
SELECT id FROM payments_2026_01 ORDER BY id;
INSERT INTO payments VALUES (51, 'eu', '2026-01-15', 7.00, 'homeless');
ALTER TABLE payments ATTACH PARTITION payments_2026_01 FOR VALUES FROM ('2026-01-01') TO ('2026-02-01');
INSERT INTO payments VALUES (51, 'eu', '2026-01-15', 7.00, 'home') RETURNING tableoid::regclass;
SELECT tableoid::regclass, id FROM payments ORDER BY id;

-- scenario: dropping a partition of an upstream table drops its rows from the tree
DROP TABLE payments_2026_02;
SELECT id FROM payments ORDER BY id;
INSERT INTO payments VALUES (52, 'us', '2026-02-15', 7.00, 'gone');
SELECT count(*) FROM readings;
DROP TABLE readings;
SELECT count(*) FROM readings_0;

-- scenario: an index and a trigger created on the branch's partitioned table reach its partitions
CREATE INDEX payments_amount_idx ON payments (amount);
SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'payments%amount%';
CREATE TABLE public.payments_2026_03 PARTITION OF public.payments FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'payments%amount%';
INSERT INTO payments_2026_03 VALUES (53, 'eu', '2026-03-02', 1.00, 'zero');

-- scenario: inheritance among tables the branch creates
CREATE TABLE cities (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE capitals (country text NOT NULL) INHERITS (cities);
INSERT INTO cities VALUES (1, 'Lyon');
INSERT INTO capitals VALUES (2, 'Paris', 'FR');
SELECT id, name FROM cities ORDER BY id;
SELECT count(*) FROM ONLY cities;
UPDATE cities SET name = upper(name);
SELECT id, name, country FROM capitals;

-- scenario: a table on the branch inherits from an upstream table
CREATE TABLE scoped_settings (scope text NOT NULL DEFAULT 'user') INHERITS (settings);
INSERT INTO scoped_settings (key, value) VALUES ('theme', 'light');
SELECT key, value FROM settings ORDER BY key, value;
SELECT key, value FROM ONLY settings ORDER BY key;
DELETE FROM settings WHERE key = 'theme';
SELECT count(*) FROM scoped_settings;
