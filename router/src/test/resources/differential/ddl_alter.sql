-- ALTER TABLE on upstream tables and on new ones, COMMENT ON, each followed by writes and reads on what changed.
-- Run by DdlDifferentialTest (issue 4, docs/ddl.md).

-- scenario: add a column with a constant default
ALTER TABLE customers ADD COLUMN loyalty_points integer NOT NULL DEFAULT 0;
SELECT id, loyalty_points FROM customers WHERE id <= 3 ORDER BY id;
UPDATE customers SET loyalty_points = loyalty_points + 10 WHERE tier = 'gold' AND id < 20;
INSERT INTO customers (email, name) VALUES ('new@example.com', 'New') RETURNING id, loyalty_points;
INSERT INTO customers (email, name, loyalty_points) VALUES ('n2@example.com', 'N2', NULL);
SELECT loyalty_points, count(*) FROM customers GROUP BY loyalty_points ORDER BY loyalty_points;
SELECT * FROM customers WHERE id IN (1, 2, 201) ORDER BY id;
SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_name = 'customers' ORDER BY ordinal_position;

-- scenario: add a column with a volatile default
CREATE SEQUENCE order_refs;
ALTER TABLE orders ADD COLUMN ref bigint NOT NULL DEFAULT nextval('order_refs');
SELECT count(*), count(DISTINCT ref), min(ref), max(ref) FROM orders;
ALTER TABLE orders ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
SELECT count(*), count(DISTINCT token) FROM orders;
INSERT INTO orders (customer_id) VALUES (1) RETURNING id, ref;
SELECT last_value FROM order_refs;

-- scenario: add columns that must be filled
ALTER TABLE settings ADD COLUMN scope text NOT NULL;
ALTER TABLE settings ADD COLUMN scope text;
UPDATE settings SET scope = 'global';
ALTER TABLE settings ALTER COLUMN scope SET NOT NULL;
INSERT INTO settings (key, value) VALUES ('x', 'y');
INSERT INTO settings (key, value, scope) VALUES ('x', 'y', 'user');
SELECT * FROM settings ORDER BY key;
ALTER TABLE settings ADD COLUMN key text;
ALTER TABLE settings ADD COLUMN IF NOT EXISTS key text;

-- scenario: add a column to a table without primary key
ALTER TABLE events ADD COLUMN source text DEFAULT 'web';
INSERT INTO events (at, kind) VALUES ('2024-06-01 00:00:00+00', 'login');
SELECT source, count(*) FROM events GROUP BY source ORDER BY source;
ALTER TABLE events ADD COLUMN id bigserial;
SELECT count(*), count(DISTINCT id), min(id), max(id) FROM events;
ALTER TABLE events ADD PRIMARY KEY (id);
INSERT INTO events (at, kind) VALUES ('2024-06-02 00:00:00+00', 'view') RETURNING id, source;
DELETE FROM events WHERE id <= 10;
SELECT count(*) FROM events;

-- scenario: rename a column
ALTER TABLE customers RENAME COLUMN name TO full_name;
SELECT name FROM customers WHERE id = 1;
SELECT id, full_name FROM customers WHERE id <= 2 ORDER BY id;
UPDATE customers SET full_name = 'Renamed' WHERE id = 1 RETURNING full_name;
INSERT INTO customers (email, full_name) VALUES ('x@example.com', 'X') RETURNING id, full_name;
ALTER TABLE orders RENAME COLUMN customer_id TO client_id;
INSERT INTO orders (client_id) VALUES (9999);
SELECT client_id, count(*) FROM orders WHERE client_id <= 3 GROUP BY client_id ORDER BY client_id;
ALTER TABLE customers RENAME COLUMN email TO full_name;
ALTER TABLE customers RENAME COLUMN nothing TO something;

-- scenario: change a column's type
ALTER TABLE products ALTER COLUMN stock TYPE bigint;
SELECT sum(stock), pg_typeof(sum(stock))::text FROM products;
ALTER TABLE settings ALTER COLUMN value TYPE varchar(3);
ALTER TABLE settings ALTER COLUMN value TYPE varchar(10);
INSERT INTO settings VALUES ('long', 'abcdefghijk');
ALTER TABLE sessions ALTER COLUMN expires_at TYPE date USING expires_at::date;
SELECT expires_at, count(*) FROM sessions GROUP BY expires_at ORDER BY expires_at;
ALTER TABLE orders ALTER COLUMN status TYPE integer;
ALTER TABLE order_items ALTER COLUMN qty TYPE smallint;
INSERT INTO order_items VALUES (1, 9, 1, 40000);
INSERT INTO order_items VALUES (1, 9, 1, 4) RETURNING *;
ALTER TABLE order_items ALTER COLUMN order_id TYPE integer;
INSERT INTO order_items VALUES (1, 10, 1, 1);
INSERT INTO order_items VALUES (9999, 10, 1, 1);
SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'order_items' ORDER BY ordinal_position;

-- scenario: set and drop a column's default
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
INSERT INTO orders (customer_id) VALUES (2) RETURNING status;
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
INSERT INTO orders (customer_id) VALUES (2);
ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'n/a';
INSERT INTO orders (customer_id, status) VALUES (2, 'x') RETURNING status, note;
ALTER TABLE customers ALTER COLUMN id DROP DEFAULT;
INSERT INTO customers (email, name) VALUES ('nodefault@example.com', 'N');
SELECT column_name, column_default FROM information_schema.columns WHERE table_name IN ('orders', 'customers') ORDER BY table_name, ordinal_position;

-- scenario: set and drop not null
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
UPDATE orders SET note = '' WHERE note IS NULL;
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
INSERT INTO orders (customer_id, note) VALUES (1, NULL);
ALTER TABLE customers ALTER COLUMN name DROP NOT NULL;
INSERT INTO customers (email) VALUES ('anon@example.com') RETURNING id, name;
SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name IN ('orders', 'customers') ORDER BY table_name, ordinal_position;
ALTER TABLE customers ALTER COLUMN id DROP NOT NULL;

-- scenario: add and drop check constraints
ALTER TABLE products ADD CONSTRAINT products_stock_positive CHECK (stock > 0);
ALTER TABLE products ADD CONSTRAINT products_stock_cap CHECK (stock < 17);
UPDATE products SET stock = 20 WHERE id = 1;
UPDATE products SET stock = 16 WHERE id = 1 RETURNING stock;
ALTER TABLE products ADD CONSTRAINT products_stock_positive CHECK (stock > 0) NOT VALID;
INSERT INTO products (sku, title, price, stock) VALUES ('Z', 'Z', 1, 0);
ALTER TABLE products VALIDATE CONSTRAINT products_stock_positive;
ALTER TABLE customers DROP CONSTRAINT customers_tier_check;
UPDATE customers SET tier = 'diamond' WHERE id = 1 RETURNING tier;
ALTER TABLE customers DROP CONSTRAINT customers_tier_check;
ALTER TABLE customers DROP CONSTRAINT IF EXISTS customers_tier_check;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'products'::regclass ORDER BY conname;

-- scenario: add and drop unique constraints across upstream rows
ALTER TABLE orders ADD CONSTRAINT orders_customer_key UNIQUE (customer_id);
ALTER TABLE products ADD CONSTRAINT products_title_key UNIQUE (title);
INSERT INTO products (sku, title, price) VALUES ('SKU-T', 'Product 7', 1);
UPDATE products SET title = 'Product 8' WHERE id = 9;
UPDATE products SET title = 'Product 7b' WHERE id = 7;
INSERT INTO products (sku, title, price) VALUES ('SKU-T', 'Product 7', 1) RETURNING id, title;
ALTER TABLE customers DROP CONSTRAINT customers_email_key;
INSERT INTO customers (email, name) VALUES ('c1@example.com', 'Twin') RETURNING id;
SELECT count(*) FROM customers WHERE email = 'c1@example.com';

-- scenario: add and drop foreign keys between upstream tables
ALTER TABLE reviews DROP CONSTRAINT reviews_customer_id_fkey;
DELETE FROM sessions WHERE customer_id = 7;
DELETE FROM customers WHERE id = 7;
SELECT count(*) FROM reviews WHERE customer_id = 7;
ALTER TABLE reviews ADD CONSTRAINT reviews_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(id);
DELETE FROM reviews WHERE customer_id = 7;
ALTER TABLE reviews ADD CONSTRAINT reviews_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE CASCADE;
DELETE FROM sessions WHERE customer_id = 8;
DELETE FROM customers WHERE id = 8;
SELECT count(*) FROM reviews WHERE customer_id = 8;
ALTER TABLE sessions ADD CONSTRAINT sessions_customer_fk2 FOREIGN KEY (customer_id) REFERENCES customers(id) NOT VALID;
ALTER TABLE sessions VALIDATE CONSTRAINT sessions_customer_fk2;
ALTER TABLE customers DROP CONSTRAINT customers_pkey;
ALTER TABLE customers DROP CONSTRAINT no_such_constraint;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' ORDER BY conname;

-- scenario: add a primary key to a table without one
INSERT INTO events (at, kind) VALUES ('2024-03-01 00:01:00+00', 'login');
ALTER TABLE events ADD PRIMARY KEY (at);
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (at, kind);
INSERT INTO events (at, kind) VALUES ('2024-03-01 00:01:00+00', 'view');
INSERT INTO events (at, kind) VALUES ('2024-03-01 00:01:00+00', 'buy') RETURNING at, kind;
ALTER TABLE events ADD PRIMARY KEY (kind);
UPDATE events SET payload = '{"x": 1}' WHERE kind = 'login' AND at < '2024-03-01 00:05:00+00';
SELECT at, kind, payload FROM events ORDER BY at, kind LIMIT 6;

-- scenario: rename an upstream table
ALTER TABLE settings RENAME TO app_settings;
SELECT * FROM settings;
SELECT * FROM app_settings ORDER BY key;
INSERT INTO app_settings VALUES ('lang', 'fr');
UPDATE app_settings SET value = 'GBP' WHERE key = 'currency';
SELECT * FROM app_settings ORDER BY key;
ALTER TABLE app_settings RENAME TO settings;
SELECT * FROM settings ORDER BY key;
ALTER TABLE IF EXISTS no_such_table RENAME TO other;
ALTER TABLE settings RENAME TO customers;

-- scenario: rename a referenced upstream table
ALTER TABLE customers RENAME TO clients;
INSERT INTO orders (customer_id) VALUES (99999);
INSERT INTO clients (email, name) VALUES ('cl@example.com', 'Cl') RETURNING id;
DELETE FROM reviews WHERE customer_id = 9;
DELETE FROM sessions WHERE customer_id = 9;
DELETE FROM clients WHERE id = 9;
SELECT count(*) FROM orders WHERE customer_id = 9;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'orders'::regclass ORDER BY conname;
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name;

-- scenario: comments on tables and columns
SELECT obj_description('customers'::regclass, 'pg_class');
COMMENT ON TABLE customers IS 'people who buy things';
COMMENT ON COLUMN customers.email IS 'login name';
COMMENT ON TABLE products IS 'what we sell';
SELECT obj_description('customers'::regclass, 'pg_class'), obj_description('products'::regclass, 'pg_class');
SELECT col_description('customers'::regclass, 2);
SELECT c.relname, d.objsubid, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1, 2;
COMMENT ON TABLE customers IS NULL;
SELECT obj_description('customers'::regclass, 'pg_class');
COMMENT ON COLUMN customers.nothing IS 'x';
SELECT count(*) FROM customers;

-- scenario: alter a new table
CREATE TABLE labels (id integer PRIMARY KEY, name text);
INSERT INTO labels VALUES (1, 'a'), (2, 'b');
ALTER TABLE labels ADD COLUMN colour text NOT NULL DEFAULT 'grey', ALTER COLUMN name SET NOT NULL, ADD CONSTRAINT labels_name_key UNIQUE (name);
ALTER TABLE labels RENAME COLUMN name TO title;
ALTER TABLE labels ALTER COLUMN id TYPE bigint;
ALTER TABLE labels RENAME TO tags;
INSERT INTO tags (id, title) VALUES (3, 'a');
INSERT INTO tags (id, title) VALUES (3, 'c') RETURNING *;
ALTER TABLE tags DROP COLUMN colour;
SELECT * FROM tags ORDER BY id;
