-- Reads of every shape, after the branch changed some rows (so reads go through merged relations).

-- scenario: select after update sees the new value
UPDATE products SET price = price + 1 WHERE id <= 5;
SELECT id, price FROM products WHERE id <= 7 ORDER BY id;
SELECT count(*), sum(price) FROM products;

-- scenario: joins across changed and unchanged tables
UPDATE customers SET tier = 'platinum' WHERE id IN (7, 14, 21);
SELECT c.id, c.tier, count(o.id) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id IN (7, 14, 21, 28) GROUP BY c.id, c.tier ORDER BY c.id;
SELECT c.name, o.status FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.status = 'paid' WHERE c.id < 10 ORDER BY c.id, o.id;

-- scenario: subqueries, EXISTS, IN and scalar subqueries
DELETE FROM order_items WHERE order_id = 3;
SELECT o.id, (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) AS items FROM orders o WHERE o.id BETWEEN 1 AND 5 ORDER BY o.id;
SELECT id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id) ORDER BY id;
SELECT count(*) FROM products WHERE id IN (SELECT product_id FROM order_items WHERE order_id < 10);

-- scenario: CTEs including recursive ones
UPDATE orders SET status = 'shipped' WHERE id % 50 = 0;
WITH s AS (SELECT status, count(*) n FROM orders GROUP BY status) SELECT * FROM s ORDER BY status;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n, (SELECT status FROM orders WHERE id = n * 50) FROM r ORDER BY n;

-- scenario: window functions and DISTINCT ON
UPDATE products SET price = 1000 WHERE id = 42;
SELECT id, price, rank() OVER (ORDER BY price DESC) FROM products ORDER BY price DESC, id LIMIT 5;
SELECT DISTINCT ON (customer_id) customer_id, id, placed_at FROM orders WHERE customer_id < 20 ORDER BY customer_id, placed_at DESC;

-- scenario: LATERAL joins
UPDATE order_items SET qty = 99 WHERE order_id = 1 AND line = 2;
SELECT o.id, top.qty FROM orders o, LATERAL (SELECT qty FROM order_items i WHERE i.order_id = o.id ORDER BY qty DESC LIMIT 1) top WHERE o.id < 4 ORDER BY o.id;

-- scenario: set operations
DELETE FROM customers WHERE id = 200;
INSERT INTO customers (email, name) VALUES ('new@example.com', 'New');
SELECT email FROM customers WHERE id > 195 UNION SELECT 'x@example.com' ORDER BY 1;
SELECT id FROM customers WHERE id > 190 EXCEPT SELECT customer_id FROM orders ORDER BY 1;
SELECT customer_id FROM orders WHERE id < 30 INTERSECT SELECT id FROM customers WHERE tier = 'gold' ORDER BY 1;

-- scenario: aggregates over changed data with GROUP BY and HAVING
UPDATE order_items SET qty = qty + 1 WHERE product_id = 5;
SELECT product_id, sum(qty) FROM order_items GROUP BY product_id HAVING sum(qty) > 10 ORDER BY product_id;

-- scenario: arrays, jsonb and uuid columns read back
UPDATE products SET tags = tags || ARRAY['sale'], attrs = attrs || '{"sale": true}' WHERE id IN (1, 2);
SELECT id, tags, attrs FROM products WHERE 'sale' = ANY (tags) ORDER BY id;
UPDATE sessions SET data = '\xdeadbeef' WHERE token = md5('s1')::uuid;
SELECT token, data FROM sessions WHERE token = md5('s1')::uuid;

-- scenario: schema-qualified and aliased references
UPDATE public.settings SET value = 'light' WHERE key = 'theme';
SELECT s.key, s.value FROM public.settings AS s ORDER BY s.key;
SELECT settings.value FROM settings WHERE settings.key = 'theme';

-- scenario: unchanged tables read as before
SELECT count(*) FROM events;
SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind;
