-- A migration with DDL after which pg_dump --schema-only of the branch (through rift) must equal the copy's
-- (DdlDifferentialTest). Writes first, so that tables the migration changes have deltas and merged views.
-- scenario: a migration with writes and DDL, dumped
INSERT INTO customers (id, name, email, tier) VALUES (900, 'Dora', 'dora@example.com', 'gold');
UPDATE products SET stock = stock + 1 WHERE id = 1;
CREATE TABLE invoices (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id),
  amount numeric(10, 2) NOT NULL CHECK (amount >= 0), issued_on date NOT NULL DEFAULT '2024-01-01');
CREATE INDEX invoices_order_idx ON invoices (order_id);
ALTER TABLE customers ADD COLUMN phone text;
ALTER TABLE products RENAME COLUMN stock TO in_stock;
ALTER TABLE orders ADD COLUMN invoice_id bigint REFERENCES invoices (id);
CREATE VIEW big_invoices AS SELECT id, order_id, amount FROM invoices WHERE amount > 100;
COMMENT ON TABLE invoices IS 'what we billed';
CREATE SEQUENCE ticket_numbers START 500;
DROP INDEX orders_placed_at_idx;
CREATE FUNCTION invoice_total() RETURNS numeric LANGUAGE sql STABLE AS 'SELECT coalesce(sum(amount), 0) FROM invoices';
INSERT INTO invoices (order_id, amount) VALUES (1, 150.00);
COMMENT ON COLUMN invoices.amount IS 'with tax';
GRANT SELECT ON invoices TO CURRENT_USER;
REVOKE UPDATE ON customers FROM CURRENT_USER;
SELECT setval('ticket_numbers', 777);
CREATE TYPE invoice_state AS ENUM ('open', 'paid');
ALTER TABLE invoices ADD COLUMN state invoice_state NOT NULL DEFAULT 'open';
CREATE FUNCTION invoice_touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.issued_on := NEW.issued_on; RETURN NEW; END';
CREATE TRIGGER invoices_touch BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION invoice_touch();
CREATE SCHEMA billing;
CREATE TABLE billing.ledgers (id serial PRIMARY KEY, invoice_id bigint REFERENCES public.invoices (id));
CREATE MATERIALIZED VIEW invoice_sums AS SELECT order_id, sum(amount) AS total FROM invoices GROUP BY order_id;
UPDATE memos SET body = 'uno' WHERE id = 1;
ALTER TABLE memos ALTER COLUMN body SET NOT NULL;
