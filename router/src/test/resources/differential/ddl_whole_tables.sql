-- DDL on tables a branch holds whole (docs/ddl.md, "Materialization"): the own table gets the upstream table's
-- triggers (in their enabled state), exclusion constraints and expression/partial unique indexes, so writes after the
-- DDL fire and hit them as on a copy. Tables memos (an updated_at trigger), reservations (an exclusion constraint)
-- and logins (a partial expression unique index) of DdlDifferentialTest.

-- scenario: add a column to a table with an updated_at trigger, then writes fire it
ALTER TABLE memos ADD COLUMN tag text;
UPDATE memos SET tag = 'x' WHERE id = 1 RETURNING id, version, updated_at, tag;
INSERT INTO memos (id, body) VALUES (3, 'new');
UPDATE memos SET body = 'newer' WHERE id = 3 RETURNING id, version, updated_at;
INSERT INTO memos (id, body) VALUES (4, 'off');
SELECT * FROM memos ORDER BY id;

-- scenario: writes first, then DDL on a table with a trigger, then more writes
UPDATE memos SET body = 'edited' WHERE id = 2 RETURNING id, version, updated_at;
ALTER TABLE memos RENAME COLUMN body TO text;
UPDATE memos SET text = 'again' WHERE id = 2 RETURNING id, version, updated_at;
ALTER TABLE memos DROP COLUMN tag;
ALTER TABLE memos ADD CONSTRAINT memos_text_short CHECK (length(text) < 20);
UPDATE memos SET text = 'a very long text that is too long' WHERE id = 1;
CREATE INDEX memos_text_idx ON memos (text);
UPDATE memos SET text = 'short' WHERE id = 1 RETURNING id, version, updated_at;
DO $$ BEGIN UPDATE memos SET text = 'from do' WHERE id = 2; END $$;
SELECT * FROM memos ORDER BY id;

-- scenario: triggers after DDL, as the catalog shows them
CREATE INDEX memos_version_idx ON memos (version);
SELECT t.tgname, t.tgenabled, c.relname, n.nspname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal ORDER BY t.tgname;
SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t WHERE t.tgrelid = 'memos'::regclass AND NOT t.tgisinternal ORDER BY t.tgname;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'memos' ORDER BY indexname;
ALTER TABLE memos ENABLE TRIGGER memos_off;
INSERT INTO memos (id, body) VALUES (5, 'rejected');
ALTER TABLE memos DISABLE TRIGGER memos_off;
INSERT INTO memos (id, body) VALUES (5, 'accepted');
SELECT id, version FROM memos ORDER BY id;

-- scenario: a table with an exclusion constraint, DDL before and after writes
INSERT INTO reservations VALUES (3, 'red', '[20,30)');
ALTER TABLE reservations ADD COLUMN note text;
INSERT INTO reservations VALUES (4, 'red', '[25,35)', 'overlaps');
INSERT INTO reservations VALUES (4, 'blue', '[35,40)', 'fine');
INSERT INTO reservations VALUES (6, 'hall', '[1,40)', 'shared');
ALTER TABLE reservations RENAME COLUMN room TO place;
UPDATE reservations SET during = '[1,4)' WHERE id = 4;
UPDATE reservations SET place = 'red' WHERE id = 4;
ALTER TABLE reservations DROP COLUMN note;
ALTER TABLE reservations ADD CONSTRAINT reservations_place_set CHECK (place <> '');
CREATE INDEX reservations_place_idx ON reservations (place);
INSERT INTO reservations VALUES (5, 'red', '[2,3)');
INSERT INTO reservations VALUES (5, 'red', '[50,60)');
SELECT * FROM reservations ORDER BY id;
SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'reservations'::regclass ORDER BY conname;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'reservations' ORDER BY indexname;

-- scenario: a table with a partial expression unique index, DDL before and after writes
ALTER TABLE logins ADD COLUMN plan text NOT NULL DEFAULT 'free';
INSERT INTO logins (id, email) VALUES (3, 'ANN@example.com');
UPDATE logins SET deleted_at = timestamp '2025-01-01' WHERE id = 1;
INSERT INTO logins (id, email) VALUES (3, 'ANN@example.com');
ALTER TABLE logins RENAME COLUMN email TO address;
INSERT INTO logins (id, address) VALUES (4, 'Bob@Example.com');
ALTER TABLE logins ADD CONSTRAINT logins_plan_known CHECK (plan IN ('free', 'paid'));
CREATE UNIQUE INDEX logins_plan_one_paid ON logins (plan) WHERE plan = 'paid';
UPDATE logins SET plan = 'paid' WHERE id IN (2, 3);
UPDATE logins SET plan = 'paid' WHERE id = 2;
ALTER TABLE logins DROP COLUMN plan;
SELECT * FROM logins ORDER BY id;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'logins' ORDER BY indexname;

-- scenario: a foreign key to a table with a trigger materializes it with its trigger
CREATE TABLE memo_links (id integer PRIMARY KEY, memo_id integer REFERENCES memos (id));
INSERT INTO memo_links VALUES (1, 1);
INSERT INTO memo_links VALUES (2, 99);
UPDATE memos SET body = 'linked' WHERE id = 1 RETURNING id, version, updated_at;
DELETE FROM memos WHERE id = 1;
SELECT * FROM memos ORDER BY id;

-- scenario: DDL on a table with a trigger in a transaction, rolled back
BEGIN;
ALTER TABLE memos ADD COLUMN tag text;
UPDATE memos SET tag = 'y' RETURNING id, version, tag;
ROLLBACK;
UPDATE memos SET body = 'after' WHERE id = 2 RETURNING id, version, updated_at;
SELECT * FROM memos ORDER BY id;
