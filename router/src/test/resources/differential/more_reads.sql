-- More query shapes over tables the branch changed: every one reads merged relations where the full copy reads
-- tables, and must not tell the difference.

-- scenario: grouping sets, rollup and cube
UPDATE customers SET tier = 'platinum' WHERE id % 10 = 0;
UPDATE orders SET status = 'paid' WHERE id % 7 = 0;
SELECT c.tier, o.status, count(*) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY GROUPING SETS ((c.tier), (o.status), ()) ORDER BY c.tier NULLS FIRST, o.status NULLS FIRST;
SELECT c.tier, o.status, count(*), grouping(c.tier, o.status) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY ROLLUP (c.tier, o.status) ORDER BY 1, 2, 4;
SELECT c.tier, o.status, count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 100 GROUP BY CUBE (c.tier, o.status) ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- scenario: aggregate filter clauses
UPDATE reviews SET stars = 5 WHERE id % 4 = 0;
SELECT product_id, count(*) FILTER (WHERE stars >= 4) AS good, count(*) FILTER (WHERE stars <= 2) AS bad, avg(stars) FILTER (WHERE body LIKE 'review 1%') FROM reviews WHERE product_id <= 10 GROUP BY product_id ORDER BY product_id;
SELECT count(*) FILTER (WHERE stars = 5), sum(stars) FILTER (WHERE id > 150) FROM reviews;

-- scenario: string_agg and array_agg with their own order
UPDATE products SET title = 'Z ' || title WHERE id IN (3, 6, 9);
DELETE FROM order_items WHERE order_id = 11 AND line = 2;
SELECT string_agg(title, ', ' ORDER BY title DESC) FROM products WHERE id < 12;
SELECT order_id, array_agg(product_id ORDER BY line), array_agg(DISTINCT qty ORDER BY qty) FROM order_items WHERE order_id BETWEEN 10 AND 12 GROUP BY order_id ORDER BY order_id;
SELECT string_agg(DISTINCT tier, '|' ORDER BY tier) FROM customers;

-- scenario: jsonb operators and functions
UPDATE products SET attrs = jsonb_set(attrs, '{color}', '"black"') WHERE id % 10 = 0;
UPDATE products SET attrs = NULL WHERE id = 99;
SELECT attrs->>'color' AS color, count(*) FROM products GROUP BY 1 ORDER BY 1 NULLS FIRST;
SELECT id, attrs #> '{w}', attrs->'w' FROM products WHERE attrs @> '{"color": "black"}' ORDER BY id;
SELECT jsonb_agg(attrs ORDER BY id), jsonb_object_agg(sku, price ORDER BY sku) FROM products WHERE id <= 3;
SELECT id, jsonb_path_query_first(attrs, '$.w') FROM products WHERE (attrs->>'w')::int BETWEEN 8 AND 11 ORDER BY id;
SELECT id, jsonb_typeof(attrs) FROM products WHERE id >= 98 ORDER BY id;

-- scenario: arrays: unnest, any, overlap and containment
UPDATE products SET tags = ARRAY['sale', 'new'] WHERE id IN (2, 4);
SELECT tag, count(*) FROM products, unnest(tags) AS tag GROUP BY tag ORDER BY tag;
SELECT id FROM products WHERE tags && ARRAY['sale', 't0'] AND id < 20 ORDER BY id;
SELECT id, array_length(tags, 1), tags[1] FROM products WHERE tags @> ARRAY['new'] ORDER BY id;
SELECT array_agg(id ORDER BY id) FROM products WHERE 'sale' = ANY (tags);

-- scenario: generate_series joined to a changed table
UPDATE products SET stock = stock + 100 WHERE id IN (20, 40);
DELETE FROM order_items WHERE order_id = 60;
SELECT g, p.stock FROM generate_series(10, 50, 10) AS g LEFT JOIN products p ON p.id = g ORDER BY g;
SELECT g, count(i.line) FROM generate_series(58, 62) g LEFT JOIN order_items i ON i.order_id = g GROUP BY g ORDER BY g;
SELECT d::date, count(o.id) FROM generate_series(timestamptz '2024-02-01 00:00:00+00', timestamptz '2024-02-03 00:00:00+00', interval '1 day') d LEFT JOIN orders o ON o.placed_at >= d AND o.placed_at < d + interval '1 day' GROUP BY d ORDER BY d;

-- scenario: a values list joined to a changed table
UPDATE settings SET value = 'light' WHERE key = 'theme';
DELETE FROM settings WHERE key = 'beta';
SELECT v.k, s.value FROM (VALUES ('currency'), ('theme'), ('beta'), ('nope')) AS v(k) LEFT JOIN settings s ON s.key = v.k ORDER BY v.k;
SELECT v.id, v.label, c.email FROM customers c JOIN (VALUES (1, 'one'), (2, 'two'), (500, 'none')) AS v(id, label) ON v.id = c.id ORDER BY v.id;

-- scenario: not in and not exists with nulls
UPDATE reviews SET product_id = NULL WHERE id = 1;
SELECT count(*) FROM products WHERE id NOT IN (SELECT product_id FROM reviews);
SELECT count(*) FROM products WHERE id NOT IN (SELECT product_id FROM reviews WHERE product_id IS NOT NULL AND id > 250);
SELECT count(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM reviews r WHERE r.product_id = p.id AND r.id > 250);
SELECT count(*) FROM reviews WHERE product_id IN (1, 2, NULL);

-- scenario: like, ilike and regular expressions
UPDATE customers SET name = 'Ada Lovelace' WHERE id = 10;
UPDATE customers SET email = 'UPPER@Example.COM' WHERE id = 11;
SELECT id, name FROM customers WHERE name LIKE 'Customer 1_' OR name LIKE 'Ada%' ORDER BY id;
SELECT id, email FROM customers WHERE email ILIKE '%@example.com' AND id BETWEEN 9 AND 12 ORDER BY id;
SELECT id FROM customers WHERE name ~ '^Customer 1[0-2]$' OR name ~* 'lovelace' ORDER BY id;
SELECT id, regexp_replace(email, '@.*$', '') FROM customers WHERE email SIMILAR TO '(c1|UPPER)%' AND id < 15 ORDER BY id;

-- scenario: case, coalesce and nullif over changed rows
UPDATE orders SET note = NULL WHERE id = 5;
UPDATE orders SET note = 'rush' WHERE id IN (1, 2);
SELECT id, CASE WHEN note IS NULL THEN 'none' WHEN note = 'gift' THEN 'wrapped' ELSE upper(note) END, coalesce(note, status), nullif(status, 'paid') FROM orders WHERE id <= 10 ORDER BY id;
SELECT CASE status WHEN 'new' THEN 1 WHEN 'paid' THEN 2 ELSE 3 END AS rank, count(*) FROM orders GROUP BY 1 ORDER BY 1;

-- scenario: date and time arithmetic
UPDATE orders SET placed_at = placed_at + interval '30 days' WHERE id <= 4;
SELECT id, placed_at + interval '1 day 2 hours', date_trunc('day', placed_at), extract(dow FROM placed_at), placed_at::date - date '2024-01-01' FROM orders WHERE id <= 6 ORDER BY id;
SELECT date_trunc('month', placed_at) AS m, count(*) FROM orders GROUP BY m ORDER BY m;
SELECT o.id, o.placed_at - c.created_at FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id <= 4 ORDER BY o.id;
SELECT count(*) FROM orders WHERE placed_at BETWEEN timestamptz '2024-03-01 00:00:00+00' AND timestamptz '2024-03-05 00:00:00+00';

-- scenario: distinct, offset, limit and nulls ordering
UPDATE orders SET note = NULL WHERE id IN (10, 20);
UPDATE orders SET note = 'a-note' WHERE id = 3;
SELECT DISTINCT status FROM orders ORDER BY status;
SELECT DISTINCT note FROM orders;
SELECT id, note FROM orders WHERE id <= 25 ORDER BY note NULLS FIRST, id LIMIT 5 OFFSET 2;
SELECT id, note FROM orders WHERE id <= 25 ORDER BY note DESC NULLS LAST, id LIMIT 4;
SELECT id FROM orders ORDER BY id DESC OFFSET 495;
SELECT id FROM orders ORDER BY id FETCH FIRST 3 ROWS ONLY;

-- scenario: self-join of a changed table
UPDATE customers SET tier = 'gold' WHERE id BETWEEN 1 AND 6;
SELECT a.id, b.id FROM customers a JOIN customers b ON a.tier = b.tier AND b.id = a.id + 3 WHERE a.id < 10 ORDER BY a.id;
SELECT a.tier, count(*) FROM customers a WHERE EXISTS (SELECT 1 FROM customers b WHERE b.tier = a.tier AND b.id <> a.id AND b.id < 7) AND a.id < 7 GROUP BY a.tier ORDER BY a.tier;

-- scenario: the same changed table twice under different aliases
UPDATE order_items SET product_id = 50 WHERE order_id = 7;
SELECT x.order_id, x.line, y.line FROM order_items x, order_items y WHERE x.order_id = y.order_id AND x.product_id = y.product_id AND x.line < y.line AND x.order_id < 20 ORDER BY 1, 2, 3;
SELECT (SELECT count(*) FROM order_items a WHERE a.product_id = 50), (SELECT count(*) FROM order_items AS b WHERE b.order_id = 7);

-- scenario: recursive cte over a changed table
UPDATE customers SET email = 'x' || email WHERE id IN (2, 8, 32);
INSERT INTO customers (id, email, name) VALUES (256, 'c256@example.com', 'Far');
WITH RECURSIVE chain(id, email, depth) AS (SELECT id, email, 1 FROM customers WHERE id = 1 UNION ALL SELECT c.id, c.email, chain.depth + 1 FROM customers c JOIN chain ON c.id = chain.id * 2) SELECT id, email, depth FROM chain ORDER BY depth;
WITH RECURSIVE items(order_id, total) AS (SELECT order_id, qty FROM order_items WHERE order_id = 1 AND line = 1 UNION ALL SELECT i.order_id, items.total + i.qty FROM order_items i JOIN items ON i.order_id = items.order_id + 1 AND i.line = 1 WHERE items.order_id < 6) SELECT * FROM items ORDER BY order_id;

-- scenario: window functions partitioned over changed rows
UPDATE orders SET placed_at = timestamptz '2023-12-31 00:00:00+00' WHERE id IN (29, 58);
SELECT id, customer_id, row_number() OVER w, lag(id) OVER w, lead(status) OVER w FROM orders WHERE customer_id IN (4, 8) WINDOW w AS (PARTITION BY customer_id ORDER BY placed_at, id) ORDER BY customer_id, placed_at, id;
SELECT id, sum(qty) OVER (ORDER BY order_id, line ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM (SELECT order_id AS id, order_id, line, qty FROM order_items WHERE order_id < 4) x ORDER BY order_id, line;

-- scenario: scalar subqueries over two changed tables
UPDATE customers SET name = 'Renamed' WHERE id = 8;
DELETE FROM orders WHERE id = 1;
SELECT o.id, (SELECT c.name FROM customers c WHERE c.id = o.customer_id), (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) FROM orders o WHERE o.id <= 5 ORDER BY o.id;
SELECT c.id, (SELECT max(o.id) FROM orders o WHERE o.customer_id = c.id) FROM customers c WHERE c.id IN (1, 8, 15) ORDER BY c.id;

-- scenario: a cte named like a changed table shadows it
UPDATE settings SET value = 'shadowed?' WHERE key = 'theme';
WITH settings AS (SELECT 'only' AS key, 'cte' AS value) SELECT key, value FROM settings;
WITH s AS (SELECT key, value FROM settings) SELECT a.key, b.value FROM s a JOIN s b ON a.key = b.key ORDER BY a.key;

-- scenario: quoted, upper-case and schema-qualified names of a changed table
UPDATE settings SET value = 'q' WHERE key = 'currency';
SELECT "key", "value" FROM "settings" ORDER BY "key";
SELECT KEY, VALUE FROM SETTINGS WHERE KEY = 'currency';
SELECT public.settings.value FROM public.settings WHERE public.settings.key = 'currency';
SELECT public.settings.* FROM public.settings WHERE public.settings.key = 'currency';
SELECT s.* FROM public.settings AS s, public.settings WHERE s.key = public.settings.key ORDER BY 1;
TABLE settings;

-- scenario: row comparisons on a composite key
UPDATE order_items SET qty = 4 WHERE (order_id, line) IN ((1, 1), (2, 2));
SELECT order_id, line, qty FROM order_items WHERE (order_id, line) IN ((1, 1), (2, 2), (3, 3)) ORDER BY order_id;
SELECT order_id, line FROM order_items WHERE (order_id, line) > (499, 2) ORDER BY order_id, line;

-- scenario: numeric aggregates and rounding
UPDATE products SET price = price * 1.1 WHERE id % 3 = 0;
SELECT round(avg(price), 4), min(price), max(price), sum(price * stock), stddev_samp(price)::numeric(20, 6) FROM products;
SELECT stock, count(*), round(avg(price), 2) FROM products GROUP BY stock HAVING count(*) > 5 ORDER BY stock;

-- scenario: whole-row references to a changed table
UPDATE customers SET tier = 'gold' WHERE id = 1;
SELECT c FROM customers c WHERE c.id <= 2 ORDER BY c.id;
SELECT row_to_json(c), to_jsonb(c) - 'created_at' FROM customers c WHERE c.id <= 2 ORDER BY c.id;
SELECT count(DISTINCT c) FROM customers c WHERE c.tier = 'gold';

-- scenario: only, using and natural joins over changed tables
UPDATE orders SET status = 'x' WHERE id = 1;
UPDATE customers SET tier = 'gold' WHERE id = 1;
SELECT count(*) FROM ONLY customers WHERE tier = 'gold';
SELECT tier FROM ONLY public.customers WHERE id = 1;
SELECT o.id, i.line FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.status = 'x' ORDER BY i.line;
SELECT order_id, count(*) FROM (SELECT id AS order_id, status FROM orders) o JOIN order_items USING (order_id) WHERE status = 'x' GROUP BY order_id;
SELECT count(*) FROM (SELECT id AS order_id FROM orders WHERE status = 'x') o NATURAL JOIN order_items;

-- scenario: set-returning functions with ordinality over a changed table
UPDATE products SET tags = ARRAY['a', 'b', 'c'] WHERE id = 1;
SELECT p.id, t.tag, t.n FROM products p, unnest(p.tags) WITH ORDINALITY AS t(tag, n) WHERE p.id <= 2 ORDER BY p.id, t.n;
SELECT p.id, e.key, e.value FROM products p, jsonb_each_text(p.attrs) e WHERE p.id <= 2 ORDER BY p.id, e.key;

-- scenario: a cursor over a changed table
BEGIN;
UPDATE settings SET value = 'cursor' WHERE key = 'theme';
DECLARE c CURSOR FOR SELECT key, value FROM settings ORDER BY key;
FETCH 2 FROM c;
FETCH ALL FROM c;
CLOSE c;
COMMIT;

-- scenario: grouping by a changed table's primary key
-- PostgreSQL lets a query select any column of a table it groups by that table's primary key; on a branch the
-- reference reads a merged relation (a view, without a key), so rift adds the other columns the statement names to
-- the GROUP BY (router/.../sql/KeyGrouping): the key determines them. Unchanged tables are not affected (statement 4).
UPDATE customers SET tier = 'gold' WHERE id = 1;
SELECT c.id, c.name, c.tier, count(o.id) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id < 5 GROUP BY c.id ORDER BY c.id;
SELECT c.id, c.email, count(*) FROM customers c GROUP BY c.id HAVING c.id < 3 ORDER BY c.id;
SELECT p.id, p.title, count(i.line) FROM products p JOIN order_items i ON i.product_id = p.id WHERE p.id < 4 GROUP BY p.id ORDER BY p.id;
