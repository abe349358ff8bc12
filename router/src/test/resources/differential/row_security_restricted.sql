-- Tables with row-level security used by rls_clerk, a role whose group the policies name (RestrictedRowSecurity-
-- DifferentialTest). The first scenarios read before anything is written: the branch holds the table whole at that
-- first read, so its copy's policies apply to the session role as the upstream's apply to the role on a copy.

-- scenario: the first statement is a read, filtered by the group's tenant policy and the public read policy
SELECT id, tenant, body FROM notes ORDER BY id;
SET app.tenant = '1';
SELECT id, tenant, body FROM notes ORDER BY id;
SELECT n.id, l.amount FROM notes n JOIN ledger l ON l.id = n.id ORDER BY 1;
SET app.tenant = '2';
SELECT count(*) FROM ledger;
TABLE ledger;

-- scenario: a read in a transaction, then a write that the read's copy takes
BEGIN;
SET LOCAL app.tenant = '1';
SELECT id, tenant, amount FROM ledger ORDER BY id;
UPDATE ledger SET amount = amount * 2 RETURNING id, amount;
COMMIT;
SET app.tenant = '1';
SELECT id, tenant, amount FROM ledger ORDER BY id;

-- scenario: a qualified name, a subquery and a CTE read the policies' rows
SET app.tenant = '2';
SELECT (SELECT count(*) FROM public.notes), (SELECT max(amount) FROM public.ledger);
WITH mine AS (SELECT id, body FROM notes WHERE NOT secret) SELECT * FROM mine ORDER BY id;

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
