-- CREATE INDEX and DROP INDEX, plain and UNIQUE, on upstream tables and new ones. A unique index made on a branch
-- must hold across the upstream's rows as well as the branch's. Run by DdlDifferentialTest (issue 4, docs/ddl.md).

-- scenario: create a plain index on an upstream table
CREATE INDEX orders_status_idx ON orders (status);
SELECT count(*) FROM orders WHERE status = 'paid';
UPDATE orders SET status = 'paid' WHERE id <= 10 AND status = 'new';
SELECT count(*) FROM orders WHERE status = 'paid';
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'orders' ORDER BY indexname;
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX IF NOT EXISTS orders_status_idx ON orders (status);
CREATE INDEX orders_pkey ON orders (id);

-- scenario: create a unique index that must hold across upstream rows
CREATE UNIQUE INDEX products_title_idx ON products (title);
INSERT INTO products (sku, title, price) VALUES ('SKU-N1', 'Product 5', 1);
UPDATE products SET title = 'Product 6' WHERE id = 7;
INSERT INTO products (sku, title, price) VALUES ('SKU-N1', 'Brand new', 1) RETURNING id, title;
INSERT INTO products (sku, title, price) VALUES ('SKU-N2', 'Brand new', 1);
UPDATE products SET title = 'Product 5 old' WHERE id = 5;
INSERT INTO products (sku, title, price) VALUES ('SKU-N3', 'Product 5', 1) RETURNING title;
INSERT INTO products (sku, title, price) VALUES ('SKU-N4', 'Product 9', 1) ON CONFLICT (title) DO UPDATE SET stock = excluded.stock + 100 RETURNING id, stock;
SELECT id, sku, title FROM products WHERE title LIKE 'Product 5%' OR title LIKE 'Brand%' ORDER BY id;

-- scenario: a unique index over columns with duplicates upstream cannot be made
CREATE UNIQUE INDEX orders_customer_uidx ON orders (customer_id);
SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY indexname;
INSERT INTO orders (customer_id) VALUES (1) RETURNING id;
DELETE FROM order_items WHERE order_id IN (SELECT id FROM orders WHERE customer_id = 1 AND id > (SELECT min(id) FROM orders WHERE customer_id = 1));
DELETE FROM orders o WHERE customer_id IN (SELECT customer_id FROM orders GROUP BY customer_id HAVING count(*) > 1) AND id > (SELECT min(id) FROM orders i WHERE i.customer_id = o.customer_id);
CREATE UNIQUE INDEX orders_customer_uidx ON orders (customer_id);
INSERT INTO orders (customer_id) VALUES (1);
SELECT count(*), count(DISTINCT customer_id) FROM orders;

-- scenario: a multi-column unique index and one with nulls not distinct
CREATE UNIQUE INDEX reviews_product_customer_idx ON reviews (product_id, customer_id);
CREATE UNIQUE INDEX sessions_customer_expiry_idx ON sessions (customer_id, expires_at);
INSERT INTO sessions (token, customer_id, expires_at) VALUES ('00000000-0000-0000-0000-000000000001', 2, '2025-01-01 01:00:00+00');
INSERT INTO sessions (token, customer_id, expires_at) VALUES ('00000000-0000-0000-0000-000000000001', 2, '2025-01-01 02:00:00+00') RETURNING customer_id;
CREATE UNIQUE INDEX sessions_customer_data_idx ON sessions (customer_id, data) NULLS NOT DISTINCT;
INSERT INTO sessions (token, customer_id, expires_at) VALUES ('00000000-0000-0000-0000-000000000002', 1, '2030-01-01');
INSERT INTO sessions (token, customer_id, expires_at) VALUES ('00000000-0000-0000-0000-000000000003', 1, '2030-01-02');
UPDATE sessions SET data = NULL WHERE customer_id = 3;
INSERT INTO sessions (token, customer_id, expires_at) VALUES ('00000000-0000-0000-0000-000000000004', 3, '2030-01-01');
SELECT customer_id, count(*) FROM sessions WHERE customer_id <= 3 GROUP BY customer_id ORDER BY customer_id;

-- scenario: expression and partial unique indexes (common in migrations)
CREATE UNIQUE INDEX customers_lower_email_idx ON customers (lower(email));
INSERT INTO customers (email, name) VALUES ('C1@EXAMPLE.COM', 'Shouting');
INSERT INTO customers (email, name) VALUES ('fresh@example.com', 'Fresh') RETURNING id;
CREATE UNIQUE INDEX one_open_session ON sessions (customer_id) WHERE expires_at > '2025-01-02 00:00:00+00';
INSERT INTO sessions (token, customer_id, expires_at) VALUES ('00000000-0000-0000-0000-000000000001', 31, '2025-02-01');
INSERT INTO sessions (token, customer_id, expires_at) VALUES ('00000000-0000-0000-0000-000000000001', 31, '2024-12-01') RETURNING customer_id;
CREATE UNIQUE INDEX one_new_order ON orders (customer_id) WHERE status = 'new';
CREATE INDEX orders_note_idx ON orders (note) WHERE note IS NOT NULL;
SELECT count(*) FROM orders WHERE note = 'gift';
SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname;

-- scenario: create an index concurrently (common in migrations)
CREATE INDEX CONCURRENTLY orders_placed_status_idx ON orders (placed_at, status);
SELECT count(*) FROM orders WHERE placed_at > '2024-02-20' AND status = 'paid';
CREATE UNIQUE INDEX CONCURRENTLY sessions_expires_idx ON sessions (expires_at);
SELECT indexname FROM pg_indexes WHERE tablename IN ('orders', 'sessions') ORDER BY indexname;

-- scenario: drop an upstream index
DROP INDEX orders_placed_at_idx;
SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY indexname;
SELECT count(*) FROM orders WHERE placed_at < '2024-02-10';
DROP INDEX orders_placed_at_idx;
DROP INDEX IF EXISTS orders_placed_at_idx;
DROP INDEX customers_email_key;
DROP INDEX customers_pkey;
CREATE INDEX orders_placed_at_idx ON orders (placed_at DESC);
SELECT indexdef FROM pg_indexes WHERE indexname = 'orders_placed_at_idx';

-- scenario: drop a unique index, then duplicates are allowed
CREATE UNIQUE INDEX settings_value_idx ON settings (value);
INSERT INTO settings VALUES ('currency2', 'EUR');
DROP INDEX settings_value_idx;
INSERT INTO settings VALUES ('currency2', 'EUR');
SELECT key, value FROM settings WHERE value = 'EUR' ORDER BY key;

-- scenario: indexes on a new table
CREATE TABLE tags (id serial PRIMARY KEY, name text NOT NULL, parent integer REFERENCES tags(id));
CREATE UNIQUE INDEX tags_name_idx ON tags (lower(name));
CREATE INDEX tags_parent_idx ON tags (parent);
INSERT INTO tags (name) VALUES ('Red'), ('Green') RETURNING id;
INSERT INTO tags (name, parent) VALUES ('red', 1);
INSERT INTO tags (name, parent) VALUES ('Dark red', 1), ('Dark green', 2) RETURNING id, parent;
DROP INDEX tags_name_idx;
INSERT INTO tags (name, parent) VALUES ('red', 1) RETURNING id;
SELECT t.name, p.name FROM tags t LEFT JOIN tags p ON p.id = t.parent ORDER BY t.id;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'tags' ORDER BY indexname;
