-- Sequences: a branch's nextval starts where the parent stood; the upstream's never advances.

-- scenario: serial default on the branch
INSERT INTO customers (email, name) VALUES ('seq1@example.com', 'S1') RETURNING id;
INSERT INTO customers (email, name) VALUES ('seq2@example.com', 'S2') RETURNING id;

-- scenario: identity default on the branch
INSERT INTO products (sku, title, price) VALUES ('ID-1', 'I1', 1) RETURNING id;
INSERT INTO products (sku, title, price) VALUES ('ID-2', 'I2', 2) RETURNING id;

-- scenario: explicit nextval currval and setval
SELECT nextval('orders_id_seq');
SELECT currval('orders_id_seq');
SELECT setval('orders_id_seq', 10000);
SELECT nextval('orders_id_seq');
INSERT INTO orders (customer_id) VALUES (1) RETURNING id;

-- scenario: bigserial key of a new order and its items
INSERT INTO orders (customer_id, status) VALUES (2, 'paid') RETURNING id, status;
INSERT INTO order_items (order_id, line, product_id, qty) SELECT max(id), 1, 1, 1 FROM orders;
SELECT count(*) FROM order_items WHERE order_id = (SELECT max(id) FROM orders);
