-- Tables with row-level security used by rls_clerk, a role whose group the policies name (RestrictedRowSecurity-
-- DifferentialTest). Each scenario writes before it reads: see that class for why.

-- scenario: the tenant policy filters writes and reads of the restricted role
SET app.tenant = '1';
INSERT INTO notes (tenant, author, body) VALUES (1, 'clerk', 'hello') RETURNING id, tenant, body;
SELECT id, tenant, body FROM notes ORDER BY id;
INSERT INTO notes (tenant, author, body) VALUES (2, 'clerk', 'elsewhere');
UPDATE notes SET body = body || '!' RETURNING id, body;
DELETE FROM notes WHERE tenant = 2 RETURNING id;
DELETE FROM notes RETURNING id, author;
SET app.tenant = '2';
SELECT id, tenant, body FROM notes ORDER BY id;
UPDATE notes SET body = 'mine' WHERE id = 4 RETURNING id;
RESET app.tenant;
SELECT id, tenant, body FROM notes ORDER BY id;

-- scenario: a policy on current_user lets the role delete only its own rows
SET app.tenant = '2';
INSERT INTO notes (tenant, author, body) VALUES (2, current_user, 'mine'), (2, 'someone', 'theirs');
DELETE FROM notes WHERE tenant = 2 RETURNING author, body;
SELECT tenant, author, body FROM notes ORDER BY id;

-- scenario: a restrictive policy keeps secret rows from being updated, in a transaction
BEGIN;
SET LOCAL app.tenant = '2';
UPDATE notes SET body = upper(body) RETURNING id, body;
SAVEPOINT s;
UPDATE notes SET tenant = 1 WHERE id = 3;
ROLLBACK TO SAVEPOINT s;
SELECT id, tenant, body FROM notes ORDER BY id;
COMMIT;
SELECT id, tenant, body FROM notes ORDER BY id;

-- scenario: FORCE ROW LEVEL SECURITY and a per-command policy
SET app.tenant = '1';
UPDATE ledger SET amount = amount + 1 RETURNING id, amount;
INSERT INTO ledger VALUES (5, 1, 0);
INSERT INTO ledger VALUES (5, 1, 7) RETURNING id;
INSERT INTO ledger VALUES (6, 2, 7);
SELECT id, tenant, amount FROM ledger ORDER BY id;
DELETE FROM ledger WHERE amount > 10 RETURNING id;
SET app.tenant = '2';
SELECT id, tenant, amount FROM ledger ORDER BY id;

-- scenario: a role the policies restrict may not change the table's schema
UPDATE notes SET body = body WHERE false;
ALTER TABLE notes ADD COLUMN tag text;
SELECT count(*) FROM notes;
