-- Known differences of catalog tools on a branch (issue 17), not run in CI; each with its reason.

-- scenario: restrict_nonsystem_relation_kind = view does not restrict a user's views on a branch
-- rift's catalog views and merged views are non-system views, so the router sets the setting without 'view'
-- (docs/ddl.md, "pg_dump through a branch"); a copy refuses the read of paid_orders (42501), a branch answers it.
SET restrict_nonsystem_relation_kind = 'view';
SELECT count(*) FROM paid_orders;

-- scenario: an error about an own table names it with its schema where the client wrote none
-- The router qualifies the name with the branch's own schema; the error relabelling (ErrorFields) shows it as
-- public.customers (no internal name), a copy says "customers". SQLSTATEs agree; the message text differs.
COMMENT ON TABLE customers IS 'changed';
COMMENT ON COLUMN customers.nothing IS 'x';
