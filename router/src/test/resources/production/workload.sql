-- The application workload on the production-shaped database (schema.sql), run on a branch and on a full copy,
-- statement by statement (issue 16's acceptance: reads, writes in every table, transactions with savepoints, a
-- migration of 10+ DDL statements including functions and triggers). Values set by now() are never printed,
-- only compared (updated_at > created_at). Scenarios a branch does not yet answer as a copy wait in
-- workload_gaps.sql, each with the reason.

-- scenario: storefront browsing and sign-up
SELECT id, sku, name, price FROM products ORDER BY id;
SELECT sku FROM products WHERE search @@ to_tsquery('english', 'keyboard') ORDER BY sku;
SELECT id, email FROM live_users WHERE account_id = 1 ORDER BY id;
INSERT INTO users (account_id, email, name) VALUES (1, 'new@acme.test', 'Newcomer') RETURNING id, email, name;
INSERT INTO users (account_id, email, name) VALUES (1, 'NEW@acme.test', 'Twin');
INSERT INTO users (account_id, email, name) VALUES (1, 'old@acme.test', 'Old Bob returns') RETURNING id;
INSERT INTO users (account_id, email, name) VALUES (1, 'Ada@ACME.test', 'Ada again');
INSERT INTO users (account_id, email, name) VALUES (1, 'not-an-email', 'Broken');
SELECT count(*) FROM users WHERE lower(email) = 'old@acme.test';
SELECT id, name FROM users WHERE deleted_at IS NULL ORDER BY id;

-- scenario: checkout through place_order
SELECT place_order(1, 3, 2);
SELECT id, user_id, status, total FROM orders ORDER BY id;
SELECT order_id, product_id, quantity, unit_price FROM order_items ORDER BY order_id, product_id;
SELECT table_name, operation, row_id, detail FROM audit_log ORDER BY id;
SELECT order_total(1), order_total(5);
INSERT INTO payments (order_id, amount, provider_ref) VALUES (5, 439.98, 'ch_003') RETURNING id, amount;
INSERT INTO payments (order_id, amount, provider_ref) VALUES (5, 1.00, 'CH_003');
UPDATE orders SET status = 'paid' WHERE id = 5 RETURNING id, status;
SELECT count(*) FROM orders WHERE updated_at > '2026-06-01' AND id = 5;
SELECT table_name, operation, row_id FROM audit_log ORDER BY id;

-- scenario: cart edits in a transaction with savepoints
BEGIN;
INSERT INTO orders (user_id) VALUES (4) RETURNING id, status, total;
INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (5, 1, 1, 89.00);
SAVEPOINT before_mouse;
INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (5, 2, 0, 25.50);
ROLLBACK TO SAVEPOINT before_mouse;
INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (5, 2, 2, 25.50);
UPDATE order_items SET quantity = quantity + 1 WHERE order_id = 5 AND product_id = 1;
SAVEPOINT before_total;
UPDATE orders SET total = order_total(5) WHERE id = 5 RETURNING total;
SELECT order_id, product_id, quantity FROM order_items WHERE order_id = 5 ORDER BY product_id;
RELEASE SAVEPOINT before_total;
COMMIT;
SELECT id, status, total FROM orders WHERE id = 5;
SELECT count(*) FROM order_items WHERE updated_at > '2026-06-01';
SELECT table_name, operation, row_id FROM audit_log WHERE row_id = 5 ORDER BY id;

-- scenario: back office product and account changes
UPDATE products SET description = 'mechanical keyboard with red switches' WHERE sku = 'KB-1';
SELECT sku, search FROM products WHERE sku = 'KB-1';
SELECT sku FROM products WHERE search @@ to_tsquery('english', 'red') ORDER BY sku;
UPDATE products SET price = price * 1.10 WHERE price < 100 RETURNING sku, price;
UPDATE products SET name = 'MOUSE' WHERE sku = 'KB-1';
INSERT INTO products (sku, name, price) VALUES ('HB-1', 'Hub', 39.00) RETURNING id, search;
INSERT INTO products (sku, name, price) VALUES ('HB-2', 'hub', 49.00);
INSERT INTO products (sku, name, price) VALUES ('NEG', 'Negative', -1);
UPDATE accounts SET plan = 'team' WHERE name = 'Initech';
UPDATE accounts SET plan = 'gold' WHERE name = 'Acme';
SELECT name, plan, updated_at > created_at AS touched FROM accounts ORDER BY id;
DELETE FROM products WHERE sku = 'CB-1';
DELETE FROM products WHERE sku = 'HB-1' RETURNING sku;

-- scenario: soft delete and re-registration
UPDATE users SET deleted_at = '2026-12-01 00:00+00' WHERE email = 'bob@acme.test' RETURNING id;
INSERT INTO users (account_id, email, name) VALUES (1, 'Bob@Acme.test', 'Bob the second') RETURNING id, name;
UPDATE users SET deleted_at = NULL WHERE id = 2;
SELECT id, email, deleted_at IS NULL AS live FROM users WHERE lower(email) LIKE 'bob%' ORDER BY id;
UPDATE users SET email = 'eve@INITECH.test' WHERE id = 5;
UPDATE users SET email = 'dee2@globex.test' WHERE id = 5 RETURNING email;
SELECT count(*) FROM users WHERE updated_at > created_at;

-- scenario: room reservations
INSERT INTO reservations (product_id, during) VALUES (5, '[2026-12-01 11:00+00, 2026-12-01 13:00+00)');
INSERT INTO reservations (product_id, during) VALUES (5, '[2026-12-01 12:00+00, 2026-12-01 13:00+00)') RETURNING id;
UPDATE reservations SET during = '[2026-12-02 08:00+00, 2026-12-02 10:00+00)' WHERE id = 1;
UPDATE reservations SET during = '[2026-12-03 08:00+00, 2026-12-03 10:00+00)' WHERE id = 1 RETURNING id;
SELECT id, during FROM reservations ORDER BY id;

-- scenario: cancel stale carts
CALL cancel_stale_carts('2026-12-01');
SELECT id, status FROM orders ORDER BY id;
SELECT table_name, operation, row_id, detail FROM audit_log ORDER BY id;
DO $$ BEGIN PERFORM place_order(6, 5, 1); END $$;
SELECT id, user_id, status FROM orders ORDER BY id;

-- scenario: documents under row-level security
SELECT id, title FROM documents ORDER BY id;
SET app.account_id = '2';
SELECT id, title FROM documents ORDER BY id;
UPDATE documents SET body = 'restart the other thing' WHERE title = 'Runbook' RETURNING id;
RESET app.account_id;
INSERT INTO documents (account_id, title) VALUES (3, 'Plan') RETURNING id, title;
SELECT id, title, body FROM documents ORDER BY id;

-- scenario: deleting an account cascades
DELETE FROM accounts WHERE name = 'Initech';
DELETE FROM users WHERE account_id = 3;
DELETE FROM documents WHERE account_id = 3;
DELETE FROM accounts WHERE name = 'Initech' RETURNING id;
SELECT id, name FROM accounts ORDER BY id;
SELECT count(*) FROM users;
TRUNCATE audit_log;
SELECT count(*) FROM audit_log;

-- scenario: events by month
INSERT INTO events (account_id, kind, occurred_at) VALUES (1, 'login', '2026-12-03 08:00+00') RETURNING id, kind;
INSERT INTO events (account_id, kind, occurred_at) VALUES (2, 'login', '2027-01-03 08:00+00');
INSERT INTO events_2026_11 (id, account_id, kind, occurred_at) VALUES (100, 2, 'logout', '2026-11-10 18:00+00');
INSERT INTO events_2026_11 (id, account_id, kind, occurred_at) VALUES (101, 2, 'logout', '2026-12-10 18:00+00');
UPDATE events SET occurred_at = occurred_at + interval '1 month' WHERE kind = 'checkout' AND account_id = 1;
SELECT tableoid::regclass AS part, id, kind, occurred_at FROM events ORDER BY id;
SELECT count(*) FROM ONLY events;
SELECT kind, count(*) FROM events_2026_12 GROUP BY kind ORDER BY kind;
DELETE FROM events WHERE occurred_at < '2026-11-01';
SELECT count(*) FROM events_2026_10;
SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind;

-- scenario: refreshing a materialized view
SELECT place_order(6, 5, 1);
REFRESH MATERIALIZED VIEW product_sales;
SELECT sku, sold FROM product_sales ORDER BY product_id;

-- scenario: an upstream view grouping by a changed table's key
SELECT place_order(1, 3, 2);
SELECT order_id, items_total FROM order_totals ORDER BY order_id;

-- scenario: sales reporting after a checkout
SELECT place_order(2, 1, 3);
SELECT a.name, count(DISTINCT u.id) AS users, count(o.id) AS orders FROM accounts a LEFT JOIN users u ON u.account_id = a.id LEFT JOIN orders o ON o.user_id = u.id GROUP BY a.name ORDER BY a.name;
SELECT p.sku, sum(i.quantity * i.unit_price) AS revenue, rank() OVER (ORDER BY sum(i.quantity * i.unit_price) DESC) FROM products p JOIN order_items i ON i.product_id = p.id GROUP BY p.sku ORDER BY revenue DESC, p.sku;
WITH spend AS (SELECT u.account_id, sum(o.total) AS total FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status <> 'cart' GROUP BY u.account_id) SELECT a.name, coalesce(s.total, 0) AS spent FROM accounts a LEFT JOIN spend s ON s.account_id = a.id ORDER BY a.id;
SELECT id, total, sum(total) OVER (ORDER BY id) AS running, lag(total) OVER (ORDER BY id) AS previous FROM orders ORDER BY id;
SELECT status, count(*), avg(total)::numeric(12, 2) AS average FROM orders GROUP BY status ORDER BY status;
SELECT u.name, o.id, row_number() OVER (PARTITION BY u.id ORDER BY o.placed_at DESC NULLS LAST, o.id) AS recent FROM users u JOIN orders o ON o.user_id = u.id ORDER BY u.name, o.id;
SELECT u.id, u.email, u.name, count(o.id) AS orders FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id ORDER BY u.id;
SELECT o.id, o.status, o.total, count(i.product_id) AS lines FROM orders o LEFT JOIN order_items i ON i.order_id = o.id GROUP BY o.id ORDER BY o.id;

-- scenario: support desk edits with errors caught by savepoints
BEGIN;
UPDATE users SET name = 'Ada Lovelace' WHERE id = 1 RETURNING id, name;
SAVEPOINT dup_email;
INSERT INTO users (account_id, email, name) VALUES (2, 'ADA@acme.test', 'Impostor');
ROLLBACK TO SAVEPOINT dup_email;
SAVEPOINT booking;
INSERT INTO reservations (product_id, during) VALUES (5, '[2026-12-01 10:00+00, 2026-12-01 11:00+00)');
ROLLBACK TO SAVEPOINT booking;
SAVEPOINT bad_order;
INSERT INTO orders (user_id) VALUES (999);
ROLLBACK TO bad_order;
INSERT INTO reservations (product_id, during) VALUES (5, '[2026-12-05 09:00+00, 2026-12-05 12:00+00)') RETURNING id;
RELEASE SAVEPOINT booking;
COMMIT;
SELECT id, name FROM users WHERE account_id = 1 ORDER BY id;
SELECT id, product_id, during FROM reservations ORDER BY id;
SELECT count(*) FROM orders;

-- scenario: an error aborts the payment transaction
BEGIN;
INSERT INTO payments (order_id, amount, provider_ref) VALUES (2, 219.99, 'ch_010') RETURNING id, amount;
INSERT INTO payments (order_id, amount, provider_ref) VALUES (2, 1.00, 'CH_001');
SELECT count(*) FROM payments;
ROLLBACK;
SELECT id, order_id, amount, provider_ref FROM payments ORDER BY id;
INSERT INTO payments (order_id, amount, provider_ref) VALUES (2, 219.99, 'ch_011') RETURNING id, provider_ref;
SELECT table_name, operation, row_id FROM audit_log ORDER BY id;

-- scenario: order fulfilment
UPDATE orders SET status = 'shipped' WHERE status = 'paid' RETURNING id, status;
UPDATE orders o SET total = (SELECT coalesce(sum(i.quantity * i.unit_price), 0) FROM order_items i WHERE i.order_id = o.id) WHERE o.id IN (1, 2) RETURNING id, total;
DELETE FROM order_items WHERE order_id = 2 AND product_id = 3 RETURNING product_id, quantity;
DELETE FROM orders WHERE id = 2 RETURNING id, status;
DELETE FROM orders WHERE id = 1;
SELECT o.id, o.status, count(i.product_id) AS lines FROM orders o LEFT JOIN order_items i ON i.order_id = o.id GROUP BY o.id, o.status ORDER BY o.id;
SELECT table_name, operation, row_id, detail FROM audit_log ORDER BY id;
SELECT order_id, status, items_total FROM order_totals ORDER BY order_id;

-- scenario: repricing and catalogue search
UPDATE products p SET price = p.price + 5 FROM order_items i WHERE i.product_id = p.id AND i.order_id = 1 RETURNING p.sku, p.price;
INSERT INTO products (sku, name, description, price) VALUES ('LP-1', 'Laptop', 'a light laptop with a keyboard', 1299.00) RETURNING id, sku;
SELECT sku, ts_rank(search, to_tsquery('english', 'keyboard')) > 0 AS hit FROM products WHERE search @@ to_tsquery('english', 'keyboard') ORDER BY sku;
INSERT INTO products (sku, name, price) VALUES ('KB-1', 'Another keyboard', 10);
INSERT INTO products (sku, name, price) VALUES ('KB-9', 'keyboard', 10);
INSERT INTO products (sku, name, price) VALUES ('KB-2', 'Keyboard 2', 99) ON CONFLICT (sku) DO NOTHING RETURNING sku;
INSERT INTO products (sku, name, price) VALUES ('KB-2', 'Keyboard 2b', 79) ON CONFLICT (sku) DO UPDATE SET price = EXCLUDED.price RETURNING sku, name, price;
SELECT sku, name, price FROM products ORDER BY id;

-- scenario: a new account and an upgrade through a writing CTE
WITH upgraded AS (UPDATE accounts SET plan = 'enterprise' WHERE name = 'Globex' RETURNING id) SELECT u.email FROM users u JOIN upgraded g ON g.id = u.account_id ORDER BY u.email;
INSERT INTO accounts (name) VALUES ('Hooli') RETURNING id, plan;
INSERT INTO users (account_id, email, name) VALUES (4, 'gavin@hooli.test', 'Gavin') RETURNING id, account_id;
INSERT INTO users (account_id, email, name) VALUES (7, 'x@nowhere.test', 'Nobody');
SELECT a.name, a.plan, count(u.id) AS live FROM accounts a LEFT JOIN live_users u ON u.account_id = a.id GROUP BY a.name, a.plan ORDER BY a.name;

-- scenario: audit trail housekeeping
DELETE FROM audit_log WHERE operation = 'INSERT' AND table_name = 'payments';
UPDATE audit_log SET detail = '{"note": "checked"}' WHERE id = 1 RETURNING id, detail;
SELECT table_name, count(*) FROM audit_log GROUP BY table_name ORDER BY table_name;
SELECT count(*) FROM audit_log WHERE updated_at > '2026-06-01';

-- scenario: a procedure inside a transaction that is rolled back
BEGIN;
INSERT INTO orders (user_id) VALUES (6) RETURNING id, status;
CALL cancel_stale_carts('2027-01-01');
SELECT id, status FROM orders WHERE status = 'cancelled' ORDER BY id;
ROLLBACK;
SELECT id, status FROM orders ORDER BY id;

-- scenario: a migration adds an order status, and the application uses it
ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';
SELECT enum_range(NULL::order_status)::text;
UPDATE orders SET status = 'refunded' WHERE id = 1 RETURNING id, status;
SELECT status, count(*) FROM orders GROUP BY status ORDER BY status;
SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typname = 'order_status' ORDER BY e.enumsortorder;
BEGIN;
ALTER TYPE order_status ADD VALUE 'disputed';
UPDATE orders SET status = 'disputed' WHERE id = 2;
ROLLBACK;
INSERT INTO orders (user_id) VALUES (4) RETURNING id, status;

-- scenario: migration adding loyalty points, in public
BEGIN;
ALTER TABLE users ADD COLUMN points int NOT NULL DEFAULT 0;
CREATE TABLE loyalty_ledger (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users, delta int NOT NULL, reason text NOT NULL, updated_at timestamptz NOT NULL DEFAULT '2026-01-01 00:00:00+00');
CREATE TRIGGER loyalty_ledger_updated_at BEFORE UPDATE ON loyalty_ledger FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE FUNCTION apply_points() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE users SET points = points + NEW.delta WHERE id = NEW.user_id; RETURN NEW; END $$;
CREATE TRIGGER loyalty_ledger_apply AFTER INSERT ON loyalty_ledger FOR EACH ROW EXECUTE FUNCTION apply_points();
CREATE INDEX loyalty_ledger_user_idx ON loyalty_ledger (user_id);
CREATE OR REPLACE FUNCTION order_total(p_order bigint) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(quantity * unit_price), 0) + 0 FROM order_items WHERE order_id = p_order $$;
ALTER TYPE order_status ADD VALUE 'refunded';
CREATE VIEW points_by_account AS SELECT account_id, sum(points) AS points FROM users GROUP BY account_id;
ALTER TABLE products ADD CONSTRAINT products_sku_format CHECK (sku ~ '^[A-Z]+-[0-9]+$');
COMMENT ON TABLE loyalty_ledger IS 'every change of a user''s points';
CREATE PROCEDURE grant_points(p_user bigint, p_points int) LANGUAGE sql AS $$ INSERT INTO loyalty_ledger (user_id, delta, reason) VALUES (p_user, p_points, 'grant') $$;
CREATE TRIGGER products_audit AFTER UPDATE OF price ON products FOR EACH ROW EXECUTE FUNCTION audit_row();
DROP TRIGGER products_search ON products;
COMMIT;
CALL grant_points(1, 50);
INSERT INTO loyalty_ledger (user_id, delta, reason) VALUES (2, 20, 'welcome') RETURNING id, delta;
SELECT id, points FROM users ORDER BY id;
SELECT account_id, points FROM points_by_account ORDER BY account_id;
UPDATE orders SET status = 'refunded' WHERE id = 1 RETURNING status;
SELECT obj_description('loyalty_ledger'::regclass, 'pg_class');
INSERT INTO products (sku, name, price) VALUES ('bad sku', 'Bad', 1);
SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position;
UPDATE products SET price = price + 1, name = name || ' (new)' WHERE id = 1 RETURNING price, search::text;
SELECT table_name, operation, row_id FROM audit_log WHERE table_name = 'products' ORDER BY id;

-- scenario: migration adding loyalty points
BEGIN;
ALTER TABLE users ADD COLUMN points int NOT NULL DEFAULT 0;
CREATE TABLE loyalty_ledger (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users, delta int NOT NULL, reason text NOT NULL, updated_at timestamptz NOT NULL DEFAULT '2026-01-01 00:00:00+00');
CREATE TRIGGER loyalty_ledger_updated_at BEFORE UPDATE ON loyalty_ledger FOR EACH ROW EXECUTE FUNCTION set_updated_at();
CREATE FUNCTION apply_points() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE users SET points = points + NEW.delta WHERE id = NEW.user_id; RETURN NEW; END $$;
CREATE TRIGGER loyalty_ledger_apply AFTER INSERT ON loyalty_ledger FOR EACH ROW EXECUTE FUNCTION apply_points();
CREATE INDEX loyalty_ledger_user_idx ON loyalty_ledger (user_id);
CREATE OR REPLACE FUNCTION order_total(p_order bigint) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(quantity * unit_price), 0) + 0 FROM order_items WHERE order_id = p_order $$;
ALTER TYPE order_status ADD VALUE 'refunded';
CREATE SCHEMA reporting;
CREATE VIEW reporting.points_by_account AS SELECT account_id, sum(points) AS points FROM users GROUP BY account_id;
ALTER TABLE products ADD CONSTRAINT products_sku_format CHECK (sku ~ '^[A-Z]+-[0-9]+$');
COMMENT ON TABLE loyalty_ledger IS 'every change of a user''s points';
CREATE PROCEDURE grant_points(p_user bigint, p_points int) LANGUAGE sql AS $$ INSERT INTO loyalty_ledger (user_id, delta, reason) VALUES (p_user, p_points, 'grant') $$;
COMMIT;
CALL grant_points(1, 50);
INSERT INTO loyalty_ledger (user_id, delta, reason) VALUES (2, 20, 'welcome') RETURNING id, delta;
SELECT id, points FROM users ORDER BY id;
SELECT account_id, points FROM reporting.points_by_account ORDER BY account_id;
UPDATE orders SET status = 'refunded' WHERE id = 1 RETURNING status;
SELECT obj_description('loyalty_ledger'::regclass, 'pg_class');
INSERT INTO products (sku, name, price) VALUES ('bad sku', 'Bad', 1);
SELECT column_name FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position;
