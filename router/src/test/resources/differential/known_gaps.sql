-- Scenarios where a branch does NOT yet behave as a full copy. This file is deliberately NOT in
-- OverlayDifferentialTest's FILES: each scenario documents a known difference and stays here, unweakened, until it
-- is fixed; then it moves to the file it belongs in. (Run one by adding the file to FILES.)

-- scenario: syntax errors in statements over changed tables
-- FAILS (router, dev.rift.router.sql): rift must parse a write, or a read of a changed table, before it can send it;
-- when JSqlParser cannot parse it, rift refuses it with 0A000 ("rift cannot parse this statement"), so a plain
-- typo answers 0A000 where PostgreSQL answers 42601 (syntax_error). Statement 2 and 3 fail; a write fails this way
-- even on an unchanged table.
UPDATE settings SET value = 'x' WHERE key = 'theme';
SELECT FROM WHERE settings;
UPDATE settings SET WHERE key = 'theme';
INSERT INTO settings VALUES ('a' 'b');
SELECT value FROM settings WHERE key = 'theme';

-- The three scenarios below share one cause in cow-engine: a key or UNIQUE value that duplicates a row of <below>
-- (the upstream's rows the branch did not change) is caught by the AFTER ROW trigger rift_a_keys, which PostgreSQL
-- runs at the end of the statement, whereas a full copy's unique index refuses the row at once, when it is
-- inserted. So on a branch the statement goes on past the duplicate row: later rows' defaults run (a serial column
-- takes more values from its sequence) and a later row's own error (NOT NULL, CHECK, bad input) is reported
-- instead of the duplicate (docs/overlay.md chose AFTER so that the same row's NOT NULL and CHECK violations come
-- first; it also lets other rows' errors come first). Nothing is stored either way: only the SQLSTATE and the
-- sequence's position differ.

-- scenario: sequence values after a multi-row insert fails on an upstream duplicate
-- FAILS at statement 2: the branch returns 204 where PostgreSQL returns 203 (the third row's nextval ran).
INSERT INTO customers (email, name) VALUES ('s1@example.com', 'S1'), ('c1@example.com', 'dup'), ('s3@example.com', 'S3');
INSERT INTO customers (email, name) VALUES ('s4@example.com', 'S4') RETURNING id;

-- scenario: an upstream duplicate followed by a not null violation
-- FAILS at statement 1: PostgreSQL answers 23505 (row 1), the branch 23502 (row 2).
INSERT INTO settings VALUES ('currency', 'dup'), (NULL, 'no key');

-- scenario: an upstream duplicate followed by a check violation
-- FAILS at statement 1: PostgreSQL answers 23505 (row 1), the branch 23514 (row 2).
INSERT INTO customers (email, name, tier) VALUES ('c1@example.com', 'dup', 'basic'), ('z@example.com', 'Z', 'diamond');

-- The four scenarios below share one cause in cow-engine's design: a branch reads a changed table through its
-- merged relation rift_l<n>.m_<relid>, a view (UNION ALL of the layer's table and the rows below), and writes it
-- through the layer's own table rift_l<n>_<schema>.<table>. A view has neither the table's row type nor system
-- columns, and the layer's table is another relation than the upstream's.

-- scenario: a changed table's rows cast to the table's row type
-- FAILS at statement 2: the whole-row value is of the view's row type, which PostgreSQL cannot cast to customers
-- (42846, cannot cast type m_<relid> to customers). Reading c itself, or row_to_json(c), works (more_reads.sql).
UPDATE customers SET tier = 'gold' WHERE id = 1;
SELECT (c::customers).email FROM customers c WHERE c.id = 1;

-- scenario: tableoid of a changed table
-- FAILS at statements 2 and 3: system columns of a changed table are refused (0A000; the merged view has none).
UPDATE customers SET tier = 'gold' WHERE id = 1;
SELECT tableoid::regclass, id FROM customers WHERE id = 1;
UPDATE settings SET value = 'x' WHERE key = 'theme' RETURNING tableoid::regclass, key;

-- scenario: ctid of a changed table without primary key
-- FAILS at statement 2: the idiom "delete one of several identical rows by ctid" is refused (0A000). The subquery
-- reads the merged view, which has no ctid, so an unqualified ctid would bind to the DELETE's own target instead and
-- silently select other rows: rift refuses system columns in any statement it rewrites.
UPDATE events SET kind = 'x' WHERE kind = 'buy';
DELETE FROM events WHERE ctid = (SELECT min(ctid) FROM events WHERE kind = 'x');
SELECT count(*) FROM events;

-- scenario: rift's own schemas are visible in the catalogs
-- FAILS at statement 1 (by design: docs/overlay.md puts the catalog schema rift and every layer's schemas
-- rift_l<n>, rift_l<n>_<schema> in the upstream database), so tools that list schemas or tables see them.
SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema';
UPDATE customers SET tier = 'gold' WHERE id = 1;
SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema');

-- scenario: INSERT ... ON CONFLICT in a DO block, on a table held as a delta
-- FAILS (cow-engine, dev.rift.cow.ddl.NameViewDdl): code reaches a delta through its name view, a view with an
-- INSTEAD OF trigger, and PostgreSQL supports ON CONFLICT only on tables and auto-updatable views: 42P10 where a copy
-- inserts or updates. Tables held as a copy take ON CONFLICT through their view, and a table that a function's or
-- procedure's body upserts into is held whole (differential/code.sql); a DO block's body is not in the catalog when
-- the table is first prepared, so the table here is a delta.
DO $$BEGIN INSERT INTO settings VALUES ('theme', 'light') ON CONFLICT (key) DO UPDATE SET value = excluded.value; END$$;
SELECT key, value FROM settings ORDER BY key;
