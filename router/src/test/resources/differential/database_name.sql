-- A branch answers with its own name wherever a copy names itself (issue 17): current_database(), current_catalog,
-- information_schema's *_catalog columns and its own pg_database row. The harness reads a value that is exactly a
-- side's own database name as "<own database>" (the branch and the copy have different names), so each of these
-- fails while the branch still answers with the upstream's name.

-- scenario: current_database and current_catalog name the branch
SELECT current_database(), current_catalog, pg_catalog.current_database();
SELECT current_database() = current_catalog AS same, upper(current_database()) = upper(current_catalog) AS same_upper;
SELECT x FROM (VALUES (current_catalog)) v(x);
UPDATE customers SET tier = 'gold' WHERE id = 1;
SELECT current_database(), tier FROM customers WHERE id = 1;

-- scenario: information_schema catalog columns name the branch
-- (NOT NULL shows as a CHECK named after the table's oid, which a snapshot branch's main need not share with the copy)
SELECT catalog_name FROM information_schema.information_schema_catalog_name;
SELECT table_catalog, table_schema, table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name;
SELECT DISTINCT table_catalog FROM information_schema.columns WHERE table_name = 'orders';
SELECT catalog_name, schema_name FROM information_schema.schemata WHERE schema_name = 'public';
SELECT sequence_catalog, sequence_name FROM information_schema.sequences ORDER BY sequence_name;
SELECT constraint_catalog, table_catalog, constraint_name FROM information_schema.table_constraints WHERE table_name = 'orders' AND constraint_type <> 'CHECK' ORDER BY constraint_name;
SELECT udt_catalog, column_name FROM information_schema.columns WHERE table_name = 'customers' ORDER BY column_name;

-- scenario: Sequelize's foreign keys of a table, filtered on table_catalog
UPDATE orders SET status = 'paid' WHERE id = 3;
SELECT DISTINCT tc.constraint_name AS constraint_name, tc.constraint_catalog AS constraint_catalog, tc.table_name AS table_name, tc.table_catalog AS table_catalog, kcu.column_name AS column_name, ccu.table_catalog AS referenced_table_catalog, ccu.table_name AS referenced_table_name, ccu.column_name AS referenced_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = 'order_items' AND tc.table_catalog = current_database() ORDER BY tc.constraint_name;

-- scenario: pg_database has the branch's row, as Django's keepdb check and psql's \l read it
SELECT datname FROM pg_database WHERE datname = current_database();
SELECT 1 FROM pg_catalog.pg_database WHERE datname = current_database();
SELECT count(*) FROM pg_database d WHERE d.datname = current_catalog AND NOT d.datistemplate AND d.datallowconn;
SELECT d.datname, d.datistemplate, d.datallowconn FROM pg_catalog.pg_database d WHERE d.datname = current_database() ORDER BY 1;
SELECT pg_database_size(current_database()) > 0 AS sized, pg_catalog.pg_database_size(current_catalog) = pg_database_size(current_database()) AS same;
SELECT pg_database_size(d.oid) > 0 FROM pg_database d WHERE d.datname = current_database();
