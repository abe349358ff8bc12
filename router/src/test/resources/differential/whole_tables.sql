-- Tables a branch holds whole (the fallback of docs/overlay.md): triggers, expression and partial unique indexes,
-- deferrable and NULLS NOT DISTINCT unique keys, exclusion constraints. Tables of WholeTableDifferentialTest.

-- scenario: a BEFORE UPDATE trigger sets updated_at and a tsvector trigger the search column
UPDATE articles SET body = 'cats purr' WHERE id = 1;
UPDATE articles SET title = 'Big dogs' WHERE id = 2 RETURNING id, version, updated_at, tsv;
SELECT id, version, updated_at, tsv FROM articles ORDER BY id;
SELECT id FROM articles WHERE tsv @@ to_tsquery('english', 'purr') ORDER BY id;

-- scenario: an insert fires the tsvector trigger and not the disabled one
INSERT INTO articles (id, title, body) VALUES (4, 'Fish', 'fish swim'), (5, 'Frogs', 'frogs jump');
SELECT id, version, updated_at, tsv FROM articles ORDER BY id;

-- scenario: a WHEN condition decides whether a trigger fires
UPDATE articles SET title = '' WHERE id = 3;
UPDATE articles SET body = '' WHERE id = 3;
SELECT id, title, body, version FROM articles ORDER BY id;

-- scenario: a statement trigger with a transition table sees every row of the statement
INSERT INTO articles (id, title) VALUES (10, 'a'), (11, 'b'), (12, 'c'), (13, 'd');
INSERT INTO articles (id, title) VALUES (10, 'a'), (11, 'b'), (12, 'c');
SELECT count(*) FROM articles;

-- scenario: statement-level triggers fire once per statement, even for no rows
BEGIN;
UPDATE articles SET body = body || '.';
UPDATE articles SET body = 'none' WHERE id = 99;
DELETE FROM articles WHERE id = 3;
SELECT current_setting('app.statements');
COMMIT;
SELECT id, version, body FROM articles ORDER BY id;

-- scenario: a row trigger fires for a delete and an update in one transaction, rolled back
BEGIN;
UPDATE articles SET title = 'Kittens' WHERE id = 1;
DELETE FROM articles WHERE id = 2;
SELECT id, title, version FROM articles ORDER BY id;
ROLLBACK;
SELECT id, title, version FROM articles ORDER BY id;

-- scenario: a unique index on an expression with a predicate
INSERT INTO members (id, email) VALUES (10, 'ann@EXAMPLE.com');
INSERT INTO members (id, email) VALUES (11, 'carol@example.com');
UPDATE members SET deleted_at = timestamp '2025-01-01' WHERE id = 1;
INSERT INTO members (id, email) VALUES (12, 'ANN@example.com');
UPDATE members SET deleted_at = NULL WHERE id = 1;
UPDATE members SET email = 'Bob@Example.com' WHERE id = 12;
SELECT id, email, deleted_at FROM members ORDER BY id;

-- scenario: an expression unique index with NULLS NOT DISTINCT
INSERT INTO members (id, email, tenant, handle) VALUES (20, 'x@example.com', 1, 'ANN');
INSERT INTO members (id, email, tenant, handle) VALUES (21, 'y@example.com', NULL, 'Carol');
INSERT INTO members (id, email, tenant, handle) VALUES (22, 'z@example.com', 2, NULL);
INSERT INTO members (id, email, tenant, handle) VALUES (23, 'w@example.com', 3, NULL);
SELECT id, tenant, handle FROM members ORDER BY id;

-- scenario: a deferrable unique constraint is checked at commit
BEGIN;
UPDATE members SET slot = 2 WHERE id = 1;
UPDATE members SET slot = 1 WHERE id = 2;
COMMIT;
SELECT id, slot FROM members ORDER BY id;
BEGIN;
UPDATE members SET slot = 3 WHERE id = 1;
SELECT id, slot FROM members ORDER BY id;
COMMIT;
SELECT id, slot FROM members ORDER BY id;
SET CONSTRAINTS ALL IMMEDIATE;
INSERT INTO members (id, email, slot) VALUES (30, 'q@example.com', 2);

-- scenario: an exclusion constraint with a predicate
INSERT INTO rooms VALUES (4, 'green', '[3,12)');
INSERT INTO rooms VALUES (5, 'hall', '[3,12)');
INSERT INTO rooms VALUES (6, 'green', '[5,10)');
UPDATE rooms SET during = '[15,25)' WHERE id = 6;
UPDATE rooms SET during = '[0,3)' WHERE id = 3;
DELETE FROM rooms WHERE id = 1;
INSERT INTO rooms VALUES (7, 'pink', '[1,5)');
SELECT id, room, during FROM rooms ORDER BY id;

-- scenario: upserts and deletes on tables held whole
INSERT INTO members (id, email) VALUES (2, 'bob2@example.com') ON CONFLICT (id) DO UPDATE SET email = excluded.email;
INSERT INTO articles (id, title) VALUES (1, 'Cats again') ON CONFLICT (id) DO UPDATE SET title = excluded.title
    RETURNING id, title, version, updated_at;
DELETE FROM members WHERE deleted_at IS NOT NULL RETURNING id;
SELECT m.id, m.email, a.title FROM members m LEFT JOIN articles a ON a.id = m.id ORDER BY m.id;
