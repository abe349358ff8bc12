-- DDL on tables an upstream view reads, and the order of the catalog's columns (issue 17). The upstream view
-- paid_orders reads orders (id, customer_id, placed_at, status). Run by DdlDifferentialTest (docs/ddl.md).

-- scenario: dropping a column an upstream view reads
ALTER TABLE orders DROP COLUMN placed_at;
SELECT count(*) FROM paid_orders;
ALTER TABLE orders DROP COLUMN note;
SELECT count(*) FROM paid_orders;
ALTER TABLE orders DROP COLUMN placed_at CASCADE;
SELECT count(*) FROM paid_orders;
SELECT placed_at FROM orders;
SELECT table_name FROM information_schema.views WHERE table_schema = 'public';

-- scenario: renaming a table an upstream view reads
ALTER TABLE orders RENAME TO purchases;
SELECT count(*) FROM paid_orders;
UPDATE purchases SET status = 'paid' WHERE id <= 3;
SELECT id, customer_id FROM paid_orders WHERE id <= 5 ORDER BY id;
SELECT pg_get_viewdef('paid_orders'::regclass);

-- scenario: renaming a column an upstream view reads
ALTER TABLE orders RENAME COLUMN placed_at TO placed;
UPDATE orders SET status = 'paid' WHERE id <= 3;
SELECT id, placed_at FROM paid_orders WHERE id <= 5 ORDER BY id;

-- scenario: a view over a table the branch wrote to
UPDATE customers SET tier = 'gold' WHERE id <= 3;
CREATE VIEW active_customers AS SELECT id, email, name FROM customers WHERE tier = 'gold';
SELECT count(*) FROM active_customers;
INSERT INTO customers (email, name, tier) VALUES ('new@example.com', 'New', 'gold');
SELECT count(*) FROM active_customers;

-- scenario: a view over a table the branch wrote to, in a transaction
BEGIN;
UPDATE orders SET status = 'paid' WHERE id <= 3;
CREATE VIEW recent_paid AS SELECT id, status FROM orders WHERE status = 'paid';
SELECT count(*) FROM recent_paid;
COMMIT;
SELECT count(*) FROM recent_paid;

-- scenario: dropping a table the branch wrote to, in a transaction
INSERT INTO settings VALUES ('theme', 'dark');
BEGIN;
DROP TABLE settings;
COMMIT;
SELECT * FROM settings;

-- scenario: dropping a table the branch wrote to in the same transaction
BEGIN;
INSERT INTO events VALUES ('2024-01-01', 'x', NULL);
DROP TABLE events;
COMMIT;
SELECT * FROM events;

-- scenario: dropping a table an upstream view reads
UPDATE orders SET status = 'paid' WHERE id <= 3;
DROP TABLE orders;
SELECT count(*) FROM paid_orders;
DROP TABLE orders CASCADE;
SELECT count(*) FROM paid_orders;
SELECT count(*) FROM order_items;

-- scenario: the catalog's columns in a copy's order
SELECT string_agg(column_name::text, ',') FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'orders';
ALTER TABLE orders ADD COLUMN paid_at timestamptz;
SELECT string_agg(column_name::text, ',') FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'orders';
SELECT string_agg(attname::text, ',') FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attnum > 0;

-- scenario: drop columns
ALTER TABLE products DROP COLUMN attrs;
SELECT attrs FROM products;
SELECT * FROM products WHERE id <= 2 ORDER BY id;
INSERT INTO products VALUES (1000, 'SKU-NEW', 'New', 5.00, 1, '{a}') RETURNING *;
ALTER TABLE products DROP COLUMN attrs;
ALTER TABLE products DROP COLUMN IF EXISTS attrs;
ALTER TABLE reviews DROP COLUMN customer_id;
INSERT INTO reviews (product_id, stars) VALUES (1, 3) RETURNING *;
SELECT conname FROM pg_constraint WHERE conrelid = 'reviews'::regclass ORDER BY conname;
ALTER TABLE orders DROP COLUMN customer_id;
ALTER TABLE orders DROP COLUMN customer_id CASCADE;
INSERT INTO orders (status) VALUES ('new') RETURNING id, status;
SELECT table_name FROM information_schema.views WHERE table_schema = 'public';
ALTER TABLE products DROP COLUMN id;
ALTER TABLE customers DROP COLUMN id CASCADE;
SELECT column_name FROM information_schema.columns WHERE table_name = 'customers' ORDER BY ordinal_position;
INSERT INTO sessions (token, customer_id, expires_at) VALUES ('00000000-0000-0000-0000-000000000001', 99999, '2025-01-01') RETURNING customer_id;

