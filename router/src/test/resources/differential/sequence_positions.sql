-- What the catalog says of a branch's sequences and statements (issue 17): the branch's own positions, never the
-- upstream's (a branch advances copies of the upstream's sequences), and only the client's prepared statements.

-- scenario: pg_sequences shows the positions the branch advanced to
INSERT INTO customers (email, name) VALUES ('pos1@example.com', 'P1'), ('pos2@example.com', 'P2');
SELECT setval('orders_id_seq', 2000);
INSERT INTO products (sku, title, price) VALUES ('POS-1', 'P', 1);
SELECT schemaname, sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename;
SELECT last_value, is_called FROM customers_id_seq;
SELECT last_value, is_called FROM orders_id_seq;

-- scenario: pg_sequences shows a position set back with setval is_called false
SELECT setval('customers_id_seq', 500, false);
SELECT sequencename, last_value FROM pg_sequences WHERE sequencename = 'customers_id_seq';
SELECT nextval('customers_id_seq');
SELECT sequencename, last_value FROM pg_sequences WHERE sequencename = 'customers_id_seq';

-- scenario: pg_sequence_last_value of a sequence the branch advanced
SELECT nextval('reviews_id_seq');
SELECT pg_sequence_last_value('reviews_id_seq'), pg_sequence_last_value('public.orders_id_seq'::regclass);

-- scenario: sequences the branch never advanced show the upstream's positions
SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename;
SELECT sequence_name, start_value, increment FROM information_schema.sequences ORDER BY sequence_name;

-- scenario: pg_sequences in a transaction that advanced a sequence and rolled back
BEGIN;
INSERT INTO customers (email, name) VALUES ('pos3@example.com', 'P3');
SELECT sequencename, last_value FROM pg_sequences WHERE sequencename = 'customers_id_seq';
ROLLBACK;
SELECT sequencename, last_value FROM pg_sequences WHERE sequencename = 'customers_id_seq';

-- scenario: pg_prepared_statements lists the client's statements and none of rift's
INSERT INTO customers (email, name) VALUES ('prep@example.com', 'Prep');
UPDATE products SET price = price + 1 WHERE id = 1;
DELETE FROM reviews WHERE id = 1;
SELECT name FROM pg_prepared_statements ORDER BY name;
SELECT count(*) FROM pg_catalog.pg_prepared_statements;

-- scenario: DEALLOCATE ALL by the client leaves the branch's writes working
UPDATE products SET price = price + 1 WHERE id = 1;
INSERT INTO customers (email, name) VALUES ('dealloc1@example.com', 'D1');
DEALLOCATE ALL;
SELECT count(*) FROM pg_prepared_statements;
UPDATE products SET price = price + 1 WHERE id = 1;
INSERT INTO customers (email, name) VALUES ('dealloc1@example.com', 'D1');
INSERT INTO customers (email, name) VALUES ('dealloc2@example.com', 'D2');
SELECT price FROM products WHERE id = 1;
SELECT email FROM customers WHERE email LIKE 'dealloc%' ORDER BY email;
SELECT name FROM pg_prepared_statements ORDER BY name;
