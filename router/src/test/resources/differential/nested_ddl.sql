-- A branch made from a branch that ran DDL (docs/ddl.md, "Branches of branches"). Run by NestedDdlDifferentialTest,
-- phase by phase and in this order, each on its own pair: the branch named in the scenario's name through rift, and
-- its full copy. The child's copy is a copy of the parent's copy made when the child is made, the grandchild's a
-- copy of the child's.

-- scenario: parent: the migration
CREATE TYPE coupon_kind AS ENUM ('percent', 'fixed');
CREATE TABLE coupons (
    id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers(id),
    code text NOT NULL UNIQUE,
    kind coupon_kind NOT NULL DEFAULT 'percent',
    amount integer NOT NULL CHECK (amount > 0)
);
COMMENT ON TABLE coupons IS 'discounts';
CREATE INDEX coupons_customer_idx ON coupons (customer_id);
ALTER TABLE products ADD COLUMN discontinued boolean NOT NULL DEFAULT false;
ALTER TABLE customers ADD COLUMN nickname text;
ALTER TABLE customers DROP COLUMN created_at;
CREATE SEQUENCE ticket_numbers START 500;
CREATE VIEW coupon_totals AS SELECT customer_id, count(*) AS n, sum(amount) AS total FROM coupons GROUP BY customer_id;
INSERT INTO coupons (customer_id, code, amount) VALUES (1, 'WELCOME', 10), (2, 'VIP', 25), (3, 'OLD', 5) RETURNING id, code;
INSERT INTO coupons (customer_id, code, kind, amount) VALUES (4, 'FIX', 'fixed', 300) RETURNING *;
UPDATE coupons SET amount = amount + 1 WHERE code = 'VIP';
DELETE FROM coupons WHERE code = 'OLD';
UPDATE products SET discontinued = true WHERE id % 10 = 0;
UPDATE customers SET nickname = 'n' || id WHERE id <= 5;
INSERT INTO settings (key, value) VALUES ('coupons', 'on');
UPDATE settings SET value = 'USD' WHERE key = 'currency';
DELETE FROM orders WHERE id = 7;
INSERT INTO events (at, kind) VALUES ('2024-06-01 00:00:00+00', 'migrated');
SELECT nextval('ticket_numbers'), nextval('ticket_numbers');
SELECT * FROM coupon_totals ORDER BY customer_id;
CREATE TYPE money_pair AS (amount numeric(10,2), currency text);
CREATE TABLE redemptions (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10) PRIMARY KEY,
    coupon_id integer NOT NULL REFERENCES coupons(id) ON DELETE CASCADE,
    order_id bigint,
    scratch text,
    worth money_pair,
    worth_cents bigint GENERATED ALWAYS AS (((worth).amount * 100)::bigint) STORED,
    note text COLLATE "C"
);
ALTER TABLE redemptions DROP COLUMN scratch;
COMMENT ON COLUMN redemptions.note IS 'free text';
CREATE INDEX redemptions_big_idx ON redemptions (coupon_id) WHERE worth_cents > 1000;
CREATE UNLOGGED TABLE coupon_cache (code text PRIMARY KEY, hits integer NOT NULL DEFAULT 0);
INSERT INTO redemptions (coupon_id, order_id, worth, note) VALUES (1, 10, ROW(12.5, 'EUR'), 'a'), (2, 11, ROW(3, 'USD'), NULL) RETURNING id, worth_cents;
INSERT INTO coupon_cache VALUES ('WELCOME', 3);
ALTER TABLE coupons ADD COLUMN ticket bigint DEFAULT nextval('ticket_numbers');
INSERT INTO coupons (customer_id, code, amount) VALUES (5, 'TICKET', 2) RETURNING id, ticket;
CREATE TABLE audit_log (at timestamptz NOT NULL, msg text);
INSERT INTO audit_log VALUES ('2024-06-01 00:00:00+00', 'one'), ('2024-06-02 00:00:00+00', 'two'), ('2024-06-02 00:00:00+00', 'two');
CREATE TABLE "Sales".targets (id serial PRIMARY KEY, coupon_id integer REFERENCES coupons(id), amount numeric(8,2) NOT NULL);
INSERT INTO "Sales".targets (coupon_id, amount) VALUES (2, 10), (4, 20.5) RETURNING *;
CREATE VIEW "Sales".target_codes AS SELECT t.id, c.code, t.amount FROM "Sales".targets t JOIN coupons c ON c.id = t.coupon_id;

-- scenario: child: reads the migrated schema, writes and migrates on its own
SELECT id, customer_id, code, kind, amount FROM coupons ORDER BY id;
SELECT * FROM coupon_totals ORDER BY customer_id;
SELECT count(*), count(*) FILTER (WHERE discontinued) FROM products;
SELECT id, email, nickname FROM customers WHERE id <= 6 ORDER BY id;
SELECT key, value FROM settings ORDER BY key;
SELECT count(*) FROM order_items WHERE order_id = 7;
SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind;
SELECT last_value, is_called FROM coupons_id_seq;
SELECT nextval('ticket_numbers');
INSERT INTO coupons (customer_id, code, amount) VALUES (5, 'CHILD', 7) RETURNING id;
INSERT INTO coupons (customer_id, code, amount) VALUES (6, 'WELCOME', 7);
INSERT INTO coupons (customer_id, code, amount) VALUES (9999, 'NOPE', 7);
UPDATE coupons SET amount = 0 WHERE code = 'CHILD';
DELETE FROM customers WHERE id = 1;
UPDATE customers SET nickname = 'child' WHERE id = 6 RETURNING id, nickname;
ALTER TABLE coupons ADD COLUMN expires_on date;
CREATE INDEX coupons_code_lower_idx ON coupons (lower(code));
ALTER TYPE coupon_kind ADD VALUE 'free';
INSERT INTO coupons (customer_id, code, kind, amount, expires_on) VALUES (7, 'FREE', 'free', 1, '2025-01-01') RETURNING *;
UPDATE products SET stock = stock + 1 WHERE id = 10 RETURNING id, stock, discontinued;
INSERT INTO settings VALUES ('child', 'yes');
DELETE FROM settings WHERE key = 'theme';
INSERT INTO events (at, kind) VALUES ('2024-07-01 00:00:00+00', 'child');
SELECT * FROM coupons ORDER BY id;
SELECT column_name, data_type, ordinal_position, column_default FROM information_schema.columns WHERE table_name IN ('coupons', 'customers') ORDER BY table_name, ordinal_position;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'coupons' ORDER BY indexname;
SELECT obj_description('coupons'::regclass, 'pg_class');
SELECT enum_range(NULL::coupon_kind);
DROP VIEW coupon_totals;
CREATE VIEW coupon_totals AS SELECT kind, count(*) AS n FROM coupons GROUP BY kind;
SELECT * FROM coupon_totals ORDER BY kind;
BEGIN;
INSERT INTO coupons (customer_id, code, amount) VALUES (8, 'ROLLED', 3);
CREATE TABLE child_scratch (id int PRIMARY KEY);
ROLLBACK;
SELECT count(*) FROM coupons WHERE code = 'ROLLED';
SELECT count(*) FROM information_schema.tables WHERE table_name = 'child_scratch';
SELECT * FROM redemptions ORDER BY id;
INSERT INTO redemptions (coupon_id, worth) VALUES (2, ROW(20, 'EUR')) RETURNING id, worth_cents;
INSERT INTO redemptions (id, coupon_id) VALUES (1, 2);
UPDATE coupon_cache SET hits = hits + 1 RETURNING *;
SELECT column_name, ordinal_position, is_generated, generation_expression, is_identity, identity_start, collation_name FROM information_schema.columns WHERE table_name = 'redemptions' ORDER BY ordinal_position;
SELECT relname, relpersistence FROM pg_class WHERE relname IN ('coupon_cache', 'redemptions', 'coupons') ORDER BY relname;
SELECT indexdef FROM pg_indexes WHERE tablename = 'redemptions' ORDER BY indexname;
SELECT col_description('redemptions'::regclass, 7);
INSERT INTO coupons (customer_id, code, amount) VALUES (5, 'TICKET2', 2) RETURNING id, ticket;
DELETE FROM audit_log WHERE msg = 'one';
INSERT INTO audit_log VALUES ('2024-07-01 00:00:00+00', 'child');
SELECT * FROM "Sales".target_codes ORDER BY id;
INSERT INTO "Sales".targets (coupon_id, amount) VALUES (4, 1) RETURNING id;
INSERT INTO "Sales".targets (coupon_id, amount) VALUES (999, 1);
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'Sales' ORDER BY table_name;
DELETE FROM coupons WHERE id = 1;
SELECT * FROM redemptions ORDER BY id;

-- scenario: parent: writes after the child was made
SELECT id, code, amount FROM coupons ORDER BY id;
INSERT INTO coupons (customer_id, code, amount) VALUES (8, 'PARENT', 9) RETURNING id;
SELECT nextval('ticket_numbers');
SELECT id, nickname FROM customers WHERE id IN (1, 6) ORDER BY id;
UPDATE customers SET nickname = 'parent' WHERE id = 6;
DELETE FROM customers WHERE id = 200;
UPDATE settings SET value = 'light' WHERE key = 'theme';
ALTER TABLE coupons DROP COLUMN kind;
INSERT INTO redemptions (coupon_id) VALUES (1) RETURNING id;
DELETE FROM audit_log WHERE msg = 'two';
INSERT INTO coupons (customer_id, code, amount) VALUES (5, 'TICKET3', 2) RETURNING id, ticket;
UPDATE "Sales".targets SET amount = amount * 2 RETURNING *;
SELECT enum_range(NULL::coupon_kind);
SELECT * FROM coupons ORDER BY id;
SELECT key, value FROM settings ORDER BY key;
SELECT * FROM coupon_totals ORDER BY customer_id;

-- scenario: child: none of the parent's later writes
SELECT * FROM audit_log ORDER BY at, msg;
SELECT * FROM "Sales".targets ORDER BY id;
SELECT * FROM coupons ORDER BY id;
SELECT id, nickname FROM customers WHERE id IN (1, 6, 200) ORDER BY id;
SELECT key, value FROM settings ORDER BY key;
SELECT nextval('ticket_numbers');
INSERT INTO coupons (customer_id, code, amount) VALUES (9, 'LATER', 2) RETURNING id;
SELECT column_name FROM information_schema.columns WHERE table_name = 'coupons' ORDER BY ordinal_position;

-- scenario: grandchild: made from the migrated child
SELECT * FROM coupons ORDER BY id;
SELECT * FROM coupon_totals ORDER BY kind;
INSERT INTO coupons (customer_id, code, kind, amount) VALUES (10, 'GRAND', 'free', 4) RETURNING id;
SELECT nextval('ticket_numbers');
ALTER TABLE coupons DROP COLUMN expires_on;
UPDATE customers SET nickname = 'grand' WHERE id = 6;
SELECT id, nickname FROM customers WHERE id IN (1, 6) ORDER BY id;
SELECT * FROM coupons ORDER BY id;
