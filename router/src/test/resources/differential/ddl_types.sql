-- ALTER TYPE of upstream types on a branch (issue 16, point 4; docs/ddl.md, "Upstream types"): the branch changes
-- its own copy of the type, which shadows the upstream one, and the upstream tables that use the type become the
-- branch's own with their columns moved to the copy. Run by DdlDifferentialTest: the upstream's enum mood is used
-- by diaries (a default, an array column, a CHECK and a partial index naming its values); its composite type
-- address by sites.

-- scenario: add an enum value, then write and read it
ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy';
SELECT enum_range(NULL::mood)::text;
INSERT INTO diaries (id, day, m) VALUES (10, '2024-05-01', 'ecstatic') RETURNING id, m, past;
UPDATE diaries SET m = 'ecstatic' WHERE id = 1 RETURNING id, m;
SELECT id, m FROM diaries ORDER BY m, id;
SELECT m, count(*) FROM diaries GROUP BY m ORDER BY m;
SELECT id FROM diaries WHERE m > 'happy' ORDER BY id;
INSERT INTO diaries (id, day, m) VALUES (11, '2024-05-01', 'furious');

-- scenario: values before and after others, IF NOT EXISTS, and the errors of a copy
ALTER TYPE mood ADD VALUE 'awful' BEFORE 'sad';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok';
ALTER TYPE mood ADD VALUE 'ok';
ALTER TYPE mood ADD VALUE 'meh' AFTER 'missing';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' AFTER 'sad';
SELECT enum_range(NULL::mood)::text;
SELECT 'awful'::mood < 'sad'::mood, 'meh'::mood BETWEEN 'sad' AND 'ok';
SELECT id, m FROM diaries ORDER BY m DESC, id;

-- scenario: a value added in a transaction cannot be used before it commits (55P04), and rolls back with it
BEGIN;
ALTER TYPE mood ADD VALUE 'ecstatic';
SELECT 'ecstatic'::mood;
ROLLBACK;
SELECT enum_range(NULL::mood)::text;
BEGIN;
ALTER TYPE mood ADD VALUE 'ecstatic';
UPDATE diaries SET m = 'ecstatic' WHERE id = 2;
ROLLBACK;
SELECT id, m FROM diaries ORDER BY id;

-- scenario: a value added in a committed transaction is usable afterwards
BEGIN;
ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad';
UPDATE diaries SET m = 'ok' WHERE id = 3 RETURNING id, m;
COMMIT;
UPDATE diaries SET m = 'meh' WHERE id = 3 RETURNING id, m;
SELECT id, m FROM diaries ORDER BY id;

-- scenario: rename a value: rows, defaults and the index predicate follow it
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';
SELECT id, m FROM diaries ORDER BY id;
SELECT id FROM diaries WHERE m = 'fine' ORDER BY id;
INSERT INTO diaries (id, day) VALUES (12, '2024-06-01') RETURNING id, m;
INSERT INTO diaries (id, day, m) VALUES (13, '2024-06-01', 'ok');
ALTER TYPE mood RENAME VALUE 'nope' TO 'x';
ALTER TYPE mood RENAME VALUE 'sad' TO 'happy';
SELECT column_default FROM information_schema.columns WHERE table_name = 'diaries' AND column_name = 'm';
SELECT enum_range(NULL::mood)::text;

-- scenario: an array of the enum, and a CHECK naming its values
ALTER TYPE mood ADD VALUE 'ecstatic';
UPDATE diaries SET past = past || 'ecstatic'::mood WHERE id = 1 RETURNING id, past;
SELECT id, past FROM diaries WHERE 'happy' = ANY (past) ORDER BY id;
INSERT INTO diaries (id, day, m) VALUES (14, '2031-01-01', 'sad');
INSERT INTO diaries (id, day, m, past) VALUES (15, '2024-01-01', 'sad', '{sad,ecstatic}') RETURNING id, m, past;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'diaries'::regclass ORDER BY conname;

-- scenario: the catalog shows the changed type, and the column's type is the branch's
ALTER TYPE mood ADD VALUE 'ecstatic';
SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typname = 'mood' ORDER BY e.enumsortorder;
SELECT data_type, udt_schema, udt_name FROM information_schema.columns WHERE table_name = 'diaries' AND column_name = 'm';
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'diaries'::regclass AND attname IN ('m', 'past') ORDER BY attnum;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'diaries' ORDER BY indexname;
SELECT count(*) FROM diaries WHERE m = 'happy';
SELECT n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = 'mood';

-- scenario: a schema-qualified name, and a second change in the same transaction
BEGIN;
ALTER TYPE public.mood ADD VALUE 'ecstatic';
ALTER TYPE public.mood ADD VALUE 'awful' BEFORE 'sad';
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';
SELECT id, m FROM diaries ORDER BY id;
COMMIT;
SELECT enum_range(NULL::mood)::text;

-- scenario: a table the branch made with the upstream type moves to the copy too
CREATE TABLE moods_log (id serial PRIMARY KEY, m mood NOT NULL DEFAULT 'sad', note text);
INSERT INTO moods_log (m, note) VALUES ('ok', 'a'), ('happy', 'b');
ALTER TYPE mood ADD VALUE 'ecstatic';
INSERT INTO moods_log (m, note) VALUES ('ecstatic', 'c'), (DEFAULT, 'd') RETURNING id, m;
SELECT m, note FROM moods_log ORDER BY m, note;
SELECT l.note, d.id FROM moods_log l JOIN diaries d ON d.m = l.m ORDER BY l.note, d.id;

-- scenario: attributes of an upstream composite type
ALTER TYPE address ADD ATTRIBUTE zip text;
ALTER TYPE address ADD ATTRIBUTE zip text CASCADE;
SELECT id, (addr).street, (addr).zip FROM sites ORDER BY id;
UPDATE sites SET addr.zip = '1000' WHERE id = 1 RETURNING id, addr;
ALTER TYPE address RENAME ATTRIBUTE city TO town CASCADE;
SELECT id, (addr).town FROM sites ORDER BY id;
ALTER TYPE address DROP ATTRIBUTE street CASCADE;
SELECT id, addr FROM sites ORDER BY id;
ALTER TYPE address ALTER ATTRIBUTE zip TYPE varchar(10) CASCADE;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = (SELECT typrelid FROM pg_type WHERE typname = 'address') AND attnum > 0 AND NOT attisdropped ORDER BY attnum;
INSERT INTO sites VALUES (3, ROW('Oslo', '0150')) RETURNING id, addr;

-- scenario: what may not change an upstream type is refused as a copy refuses it
ALTER TYPE mood ADD VALUE 'happy';
ALTER TYPE no_such_type ADD VALUE 'x';
ALTER TYPE int4 ADD VALUE 'x';
ALTER TYPE address ADD VALUE 'x';
SELECT enum_range(NULL::mood)::text;

-- scenario: an upstream function that takes the upstream type, called with the branch's column
SELECT id, mood_word(m) FROM diaries ORDER BY id;
ALTER TYPE mood ADD VALUE 'ecstatic';
SELECT id, mood_word(m) FROM diaries ORDER BY id;
SELECT mood_word('happy');
SELECT mood_word(m) FROM diaries WHERE m = 'happy';
UPDATE diaries SET m = 'sad' WHERE mood_word(m) = 'feeling ok' RETURNING id, m;

-- scenario: add a value to an enum type (common in migrations)
CREATE TYPE size AS ENUM ('s', 'm', 'l');
ALTER TYPE size ADD VALUE 'xl';
ALTER TYPE size ADD VALUE 'xs' BEFORE 's';
SELECT enum_range(NULL::size)::text;
ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy';
SELECT enum_range(NULL::mood)::text;

-- scenario: a comment on an upstream type and on one the branch made
COMMENT ON TYPE mood IS 'how one feels';
SELECT obj_description('mood'::regtype, 'pg_type');
SELECT t.typname, d.description FROM pg_type t JOIN pg_description d ON d.objoid = t.oid WHERE t.typname = 'mood';
COMMENT ON TYPE public.address IS 'where';
SELECT obj_description('address'::regtype, 'pg_type');
CREATE TYPE size AS ENUM ('s', 'm');
COMMENT ON TYPE size IS 'clothes';
SELECT obj_description('size'::regtype, 'pg_type');
COMMENT ON TYPE no_such_type IS 'x';
SELECT id, m FROM diaries ORDER BY id;
