-- Scenarios of the production-shaped workload (workload.sql, same schema.sql) that a branch does NOT yet answer as
-- a full copy does. Deliberately not run in CI: each stays here, unweakened, with the reason, until it is fixed; then
-- it moves back to workload.sql. (Run them by adding this file to ProductionShapeDifferentialTest's files.)

-- scenario: migration adding loyalty points
-- FAILS at statement 10 with 0A000: CREATE SCHEMA is refused on overlay branches (issue 16, point 4); everything
-- before it (ALTER TABLE of a table held whole with its FK closure reaching row-level security, CREATE TRIGGER on a
-- branch table, CREATE FUNCTION, CREATE OR REPLACE of an upstream function, ALTER TYPE ... ADD VALUE) passes. The same
-- migration without the schema runs in workload.sql ("migration adding loyalty points, in public").
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
