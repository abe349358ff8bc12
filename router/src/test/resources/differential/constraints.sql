-- Constraints hold across the upstream's rows and the branch's, with PostgreSQL's SQLSTATEs.

-- scenario: primary key violation against an upstream row
INSERT INTO settings VALUES ('currency', 'X');
SELECT value FROM settings WHERE key = 'currency';

-- scenario: primary key violation against a branch row
INSERT INTO settings VALUES ('new', '1');
INSERT INTO settings VALUES ('new', '2');

-- scenario: unique violation against an upstream row
INSERT INTO customers (email, name) VALUES ('c1@example.com', 'dup');
UPDATE customers SET email = 'c2@example.com' WHERE id = 3;

-- scenario: unique value freed by delete can be reused
DELETE FROM customers WHERE email = 'c5@example.com' AND NOT EXISTS (SELECT 1 FROM orders WHERE customer_id = 5);
UPDATE customers SET email = 'c5@example.com' WHERE id = 6;
SELECT id, email FROM customers WHERE id IN (5, 6) ORDER BY id;

-- scenario: check violation
UPDATE products SET price = -1 WHERE id = 1;
INSERT INTO customers (email, name, tier) VALUES ('t@example.com', 'T', 'diamond');
INSERT INTO order_items VALUES (1, 9, 1, 0);

-- scenario: not null violation
INSERT INTO customers (email, name) VALUES ('nn@example.com', NULL);
UPDATE products SET title = NULL WHERE id = 2;

-- scenario: foreign key violation on insert and update
INSERT INTO orders (customer_id) VALUES (99999);
UPDATE orders SET customer_id = 99999 WHERE id = 1;
INSERT INTO orders (customer_id) VALUES (1) RETURNING customer_id, status;

-- scenario: foreign key to a row inserted on the branch
INSERT INTO customers (id, email, name) VALUES (5000, 'b@example.com', 'B');
INSERT INTO orders (customer_id, status) VALUES (5000, 'new');
SELECT count(*) FROM orders WHERE customer_id = 5000;

-- scenario: foreign key to a row deleted on the branch
DELETE FROM order_items WHERE product_id = 77;
DELETE FROM products WHERE id = 77;
INSERT INTO order_items VALUES (1, 10, 77, 1);

-- scenario: on delete cascade
DELETE FROM customers WHERE id = 8;
SELECT count(*) FROM orders WHERE customer_id = 8;
SELECT count(*) FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.customer_id = 8;

-- scenario: on delete restrict
DELETE FROM products WHERE id = 3;
SELECT count(*) FROM products WHERE id = 3;

-- scenario: on delete set null
DELETE FROM order_items WHERE product_id = 4;
DELETE FROM products WHERE id = 4;
SELECT count(*) FROM reviews WHERE product_id IS NULL;

-- scenario: on delete no action
DELETE FROM customers WHERE id = 9;
