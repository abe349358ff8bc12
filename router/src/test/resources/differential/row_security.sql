-- Tables with row-level security (the fallback of docs/overlay.md: held whole, with their policies), as the
-- superuser, who bypasses policies on a copy as its session role does on a branch. Tables of RowSecurityDifferentialTest.

-- scenario: writes and reads of a table with policies, as a role that bypasses them
SET app.tenant = '1';
SELECT id, tenant, body FROM notes ORDER BY id;
UPDATE notes SET body = body || '!' WHERE secret RETURNING id, body;
INSERT INTO notes (tenant, author, body) VALUES (2, 'root', 'added') RETURNING id, tenant;
DELETE FROM notes WHERE tenant = 3 RETURNING id;
SELECT id, tenant, author, body, secret FROM notes ORDER BY id;

-- scenario: FORCE ROW LEVEL SECURITY does not stop the superuser
UPDATE ledger SET amount = amount * 2 WHERE tenant = 2 RETURNING id, amount;
INSERT INTO ledger VALUES (4, 3, -5);
SELECT id, tenant, amount FROM ledger ORDER BY id;

-- scenario: the policies seen in the catalog after a write
UPDATE notes SET secret = false WHERE id = 2;
SELECT policyname, permissive, cmd, qual, with_check FROM pg_policies WHERE tablename = 'notes' ORDER BY policyname;
SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname IN ('notes', 'ledger') ORDER BY relname;

-- scenario: a schema change on a table with policies keeps them
ALTER TABLE notes ADD COLUMN tag text NOT NULL DEFAULT 'none';
UPDATE notes SET tag = 'kept' WHERE tenant = 1 RETURNING id, tag;
SELECT id, tenant, tag FROM notes ORDER BY id;
SELECT policyname, cmd FROM pg_policies WHERE tablename = 'notes' ORDER BY policyname;
