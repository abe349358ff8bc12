-- DDL on tables an upstream view reads, and the order of the catalog's columns (issue 17). The upstream view
-- paid_orders reads orders (id, customer_id, placed_at, status); order_labels joins orders and order_tags (no foreign
-- key between them), order_label_counts reads order_labels. Run by DdlDifferentialTest (docs/ddl.md).

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


-- scenario: upstream views over a view and over a table without keys to the changed one
DROP VIEW order_labels;
INSERT INTO order_tags VALUES ('shipped', 'Shipped');
UPDATE orders SET status = 'shipped' WHERE id <= 4;
SELECT label, n FROM order_label_counts ORDER BY label;
ALTER TABLE orders ADD COLUMN flag boolean;
UPDATE order_tags SET label = 'Sent' WHERE status = 'shipped';
UPDATE orders SET status = 'paid' WHERE id = 5;
SELECT label, n FROM order_label_counts ORDER BY label;
ALTER TABLE order_tags RENAME COLUMN label TO title;
SELECT label, n FROM order_label_counts ORDER BY label;
ALTER TABLE order_tags DROP COLUMN title;
DROP VIEW order_labels;
DROP VIEW order_labels CASCADE;
SELECT count(*) FROM order_label_counts;
SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY table_name;
