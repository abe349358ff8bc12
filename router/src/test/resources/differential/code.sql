-- Code in the database (docs/overlay.md, "Code in the database"): functions, procedures and DO blocks read and write
-- the branch. The functions are made by CodeDifferentialTest's upstream extras.

-- scenario: a plpgsql function writing three tables
SELECT place_order(3, 7, 2);
SELECT o.id, o.customer_id, o.status, o.note, i.line, i.product_id, i.qty
  FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.id > 500 ORDER BY o.id, i.line;
SELECT id, stock FROM products WHERE id = 7;
SELECT place_order(4, 7, 1), place_order(5, 8, 1);
SELECT count(*), sum(stock) FROM products;

-- scenario: a function reads the rows the branch changed
SELECT order_total(5);
UPDATE order_items SET qty = qty + 10 WHERE order_id = 5;
SELECT order_total(5);
UPDATE products SET price = price * 2 WHERE id IN (SELECT product_id FROM order_items WHERE order_id = 5);
SELECT order_total(5), order_total(6);
DELETE FROM order_items WHERE order_id = 6 AND line = 1;
SELECT order_total(6);

-- scenario: a function calling another
SELECT reorder(5);
SELECT id, customer_id, status FROM orders WHERE id > 500 ORDER BY id;
SELECT order_id, line, product_id, qty FROM order_items WHERE order_id > 500 ORDER BY order_id, line;

-- scenario: a procedure writing a table with a key and one without
CALL restock(3);
SELECT count(*) FROM products WHERE stock = 0;
SELECT id, stock FROM products WHERE stock = 3 ORDER BY id;
SELECT kind, payload FROM events WHERE kind = 'restock';

-- scenario: a SQL function writing, and its errors inside the branch's table
SELECT add_setting('lang', 'fr');
SELECT add_setting(NULL, 'x');
SELECT add_setting('theme', 'again');
SELECT add_setting('lang', 'de');
SELECT key, value FROM settings ORDER BY key;

-- scenario: a function's row count and a foreign key it breaks
SELECT forget_customer(7);
SELECT count(*) FROM reviews;
SELECT place_order(100000, 1, 1);
SELECT count(*) FROM orders;

-- scenario: DO blocks with static and dynamic SQL
DO $$BEGIN EXECUTE format('UPDATE %I SET status = %L WHERE id < 5', 'orders', 'paid'); END$$;
SELECT id, status FROM orders WHERE id < 7 ORDER BY id;
DO $$BEGIN INSERT INTO settings VALUES ('do', 'yes'); DELETE FROM reviews WHERE id = 3; END$$;
DO $$DECLARE n int; BEGIN SELECT count(*) INTO n FROM settings; RAISE NOTICE 'settings: %', n; END$$;
SELECT key, value FROM settings ORDER BY key;
SELECT count(*) FROM reviews;
DO $body$BEGIN INSERT INTO events (at, kind) VALUES ('2024-05-01', 'do'); END$body$;
SELECT count(*) FROM events WHERE kind = 'do';

-- scenario: a DO block that fails rolls back what it wrote
DO $$BEGIN UPDATE customers SET tier = 'gold' WHERE id = 1; INSERT INTO settings VALUES ('theme', 'dup'); END$$;
SELECT tier FROM customers WHERE id = 1;

-- scenario: code in a transaction with a savepoint
BEGIN;
SELECT place_order(9, 9, 1);
SAVEPOINT s;
CALL restock(1);
ROLLBACK TO SAVEPOINT s;
SELECT count(*) FROM products WHERE stock = 1;
COMMIT;
SELECT id, customer_id FROM orders WHERE id > 500 ORDER BY id;

-- scenario: a default calls a function reading a table the branch changed
INSERT INTO orders (customer_id) VALUES (4) RETURNING id, note;
UPDATE settings SET value = 'branchy' WHERE key = 'theme';
INSERT INTO orders (customer_id) VALUES (5) RETURNING id, note;

-- scenario: a CHECK calls a function reading a table the branch changed
INSERT INTO reviews (product_id, customer_id, stars) VALUES (1, 1, 4) RETURNING id, stars;
INSERT INTO settings VALUES ('max_stars', '3');
INSERT INTO reviews (product_id, customer_id, stars) VALUES (1, 1, 4);
INSERT INTO reviews (product_id, customer_id, stars) VALUES (1, 1, 3) RETURNING id, stars;

-- scenario: the search_path the client sees
SELECT place_order(3, 7, 2);
SHOW search_path;
SELECT current_schema(), current_schemas(false);
SET search_path = public;
SELECT place_order(3, 7, 2);
SELECT current_schema(), current_schemas(true);
SELECT set_config('search_path', 'public, pg_catalog', false);
SELECT order_total(5);
SHOW search_path;
RESET search_path;

-- scenario: an unqualified CREATE TABLE after code ran lands in the branch's own schema
SELECT place_order(3, 7, 2);
CREATE TABLE notes (id int PRIMARY KEY, body text);
INSERT INTO notes VALUES (1, 'one');
SELECT id, body FROM notes;
SELECT order_total(5);
SELECT current_schema();

-- scenario: code writing a table whose only column is an identity ALWAYS one
SELECT issue_ticket();
SELECT issue_ticket();
SELECT touch_ticket(1);
SELECT id FROM tickets_issued ORDER BY id;

-- scenario: code upserting into a table the branch changed
UPDATE settings SET value = 'branch' WHERE key = 'theme';
SELECT upsert_setting('theme', 'dark');
SELECT upsert_setting('fresh', 'new');
CALL remember_setting('fresh');
CALL remember_setting('older');
SELECT key, value FROM settings ORDER BY key;
DO $$ BEGIN PERFORM upsert_setting('fresh', 'again'); END $$;
SELECT key, value FROM settings WHERE key = 'fresh';

-- scenario: set_config of the search_path leaves the name views to statements that run code
SELECT place_order(3, 7, 2);
SELECT set_config('search_path', 'public', false);
SELECT conrelid::regclass AS relation FROM pg_constraint WHERE conname IN ('orders_pkey', 'order_items_pkey') ORDER BY conname;
SELECT 'orders'::regclass, 'settings'::regclass;
SELECT order_total(5);
SELECT place_order(3, 7, 1);
SELECT count(*) FROM orders;
SHOW search_path;
RESET search_path;
