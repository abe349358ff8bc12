-- Branches of branches where a branch still differs from a chain of full copies (issue 16). Not run in CI: to run,
-- add the upstream table below to NestedDdlDifferentialTest's fixture and these lines to the phases of
-- nested_ddl.sql. Move them back when rift handles it.
--
-- gap: a child whose trigger on a table the parent materialized (held whole for its triggers) inserts into an upstream
-- table with a serial key: every statement's rows agree, but at the end `SELECT last_value FROM ledger_audit_id_seq`
-- on the child answers the upstream's position (2) where the child's copy stands at 4 (found by this scenario;
-- UserRows reads each sequence that way).
--
-- upstream:
--   CREATE FUNCTION ledger_touch() RETURNS trigger LANGUAGE plpgsql
--     AS $$ BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$;
--   CREATE TABLE ledger_audit (id serial PRIMARY KEY, note text NOT NULL);
--   CREATE FUNCTION ledger_audited() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
--     INSERT INTO ledger_audit (note) VALUES (TG_OP || ' ' || NEW.id); RETURN NULL; END $$;
--   CREATE TABLE ledger (id int PRIMARY KEY, email text NOT NULL, during int4range, version int NOT NULL DEFAULT 0,
--     CONSTRAINT ledger_no_overlap EXCLUDE USING gist (during WITH &&));
--   CREATE UNIQUE INDEX ledger_email ON ledger (lower(email)) WHERE version >= 0;
--   CREATE TRIGGER ledger_touch BEFORE UPDATE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_touch();
--   CREATE TRIGGER ledger_audit AFTER INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_audited();
--   CREATE TRIGGER ledger_quiet AFTER DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_audited();
--   ALTER TABLE ledger DISABLE TRIGGER ledger_quiet;
--   INSERT INTO ledger (id, email, during) VALUES (1, 'A@x', '[1,5)'), (2, 'b@x', '[5,9)');

-- scenario: parent: the migration
ALTER TABLE ledger ADD COLUMN memo text;
INSERT INTO ledger (id, email, during) VALUES (3, 'c@x', '[20,30)') RETURNING *;
UPDATE ledger SET email = 'a@x' WHERE id = 1 RETURNING id, version;

-- scenario: child: reads the migrated schema, writes and migrates on its own
SELECT * FROM ledger ORDER BY id;
SELECT * FROM ledger_audit ORDER BY id;
UPDATE ledger SET memo = 'child' WHERE id = 2 RETURNING id, version, memo;
INSERT INTO ledger (id, email, during) VALUES (4, 'd@x', '[40,50)');
DELETE FROM ledger WHERE id = 4;
INSERT INTO ledger (id, email, during) VALUES (5, 'e@x', '[2,3)');
INSERT INTO ledger (id, email, during) VALUES (5, 'C@X', '[60,70)');
SELECT * FROM ledger_audit ORDER BY id;
SELECT indexdef FROM pg_indexes WHERE tablename = 'ledger' ORDER BY indexname;

-- scenario: parent: writes after the child was made
UPDATE ledger SET memo = 'parent' WHERE id = 1 RETURNING id, version;
SELECT * FROM ledger_audit ORDER BY id;

-- scenario: child: none of the parent's later writes
SELECT * FROM ledger ORDER BY id;

-- scenario: grandchild: made from the migrated child
SELECT * FROM ledger ORDER BY id;
UPDATE ledger SET memo = 'grand' WHERE id = 2 RETURNING id, version;
INSERT INTO ledger (id, email, during) VALUES (6, 'f@x', '[80,90)');
SELECT * FROM ledger_audit ORDER BY id;
