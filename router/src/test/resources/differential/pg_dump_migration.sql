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
