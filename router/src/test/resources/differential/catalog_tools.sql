-- Catalog tools on a branch (issue 17): what pg_dump and psql read behaves as on a full copy (DdlDifferentialTest).

-- scenario: pg_dump's restrict_nonsystem_relation_kind, then catalog reads
SET restrict_nonsystem_relation_kind = 'view, foreign-table';
SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' ORDER BY 1;
SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relname IN ('customers', 'paid_orders', 'orders_pkey') ORDER BY 1;
CREATE TABLE dumped (id integer PRIMARY KEY, note text);
SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relname = 'dumped' AND a.attnum > 0 ORDER BY a.attnum;
RESET restrict_nonsystem_relation_kind;
SELECT count(*) FROM paid_orders;
