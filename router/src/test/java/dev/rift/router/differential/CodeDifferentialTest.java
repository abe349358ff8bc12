package dev.rift.router.differential;

import java.util.List;

/**
 * Code in the database on a branch (docs/overlay.md, "Code in the database"): SQL and PL/pgSQL functions that read
 * and write tables, a procedure, a function calling another, DO blocks with dynamic SQL, functions in defaults and
 * CHECKs; every scenario behaves on a branch as on a full copy, and the upstream stays unchanged.
 */
class CodeDifferentialTest extends DifferentialSuite {

    @Override
    List<String> files() {
        return List.of("code.sql");
    }

    @Override
    String[] upstreamExtras() {
        return new String[] {
            """
            CREATE FUNCTION place_order(cust int, prod int, q int) RETURNS bigint LANGUAGE plpgsql AS $$
            DECLARE
              new_id bigint;
            BEGIN
              INSERT INTO orders (customer_id, status) VALUES (cust, 'new') RETURNING id INTO new_id;
              INSERT INTO order_items (order_id, line, product_id, qty) VALUES (new_id, 1, prod, q);
              UPDATE products SET stock = stock - q WHERE id = prod;
              RETURN new_id;
            END $$""",
            """
            CREATE FUNCTION order_total(o bigint) RETURNS numeric LANGUAGE sql STABLE AS $$
              SELECT coalesce(sum(i.qty * p.price), 0) FROM order_items i JOIN products p ON p.id = i.product_id
               WHERE i.order_id = o $$""",
            """
            CREATE FUNCTION reorder(o bigint) RETURNS bigint LANGUAGE plpgsql AS $$
            BEGIN
              RETURN place_order((SELECT customer_id FROM orders WHERE id = o), 1, 1);
            END $$""",
            """
            CREATE PROCEDURE restock(amount int) LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE products SET stock = stock + amount WHERE stock = 0;
              INSERT INTO events (at, kind, payload) VALUES ('2024-04-01', 'restock', jsonb_build_object('n', amount));
            END $$""",
            "CREATE FUNCTION add_setting(k text, v text) RETURNS void LANGUAGE sql AS $$"
                    + " INSERT INTO settings VALUES (k, v) $$",
            "CREATE FUNCTION forget_customer(c int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE n int; BEGIN"
                    + " DELETE FROM reviews WHERE customer_id = c; GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END $$",
            "CREATE FUNCTION default_note() RETURNS text LANGUAGE sql STABLE AS $$"
                    + " SELECT 'theme ' || value FROM settings WHERE key = 'theme' $$",
            "ALTER TABLE orders ALTER COLUMN note SET DEFAULT default_note()",
            "CREATE FUNCTION max_stars() RETURNS int LANGUAGE sql STABLE AS $$"
                    + " SELECT coalesce((SELECT value::int FROM settings WHERE key = 'max_stars'), 5) $$",
            "ALTER TABLE reviews ADD CONSTRAINT reviews_stars_max CHECK (stars <= max_stars())",
            // A table whose every column is an identity ALWAYS one: its name view's writer has nothing to list.
            "CREATE TABLE tickets_issued (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY)",
            "INSERT INTO tickets_issued DEFAULT VALUES",
            "CREATE FUNCTION issue_ticket() RETURNS int LANGUAGE sql AS $$"
                    + " INSERT INTO tickets_issued DEFAULT VALUES RETURNING id $$",
            // ON CONFLICT through a delta's name view (a view with an INSTEAD OF trigger) fails: settings is held whole.
            "CREATE FUNCTION upsert_setting(k text, v text) RETURNS text LANGUAGE plpgsql AS $$ DECLARE r text; BEGIN"
                    + " INSERT INTO settings AS s VALUES (k, v) ON CONFLICT (key) DO UPDATE SET value = s.value || '+'"
                    + " || EXCLUDED.value RETURNING value INTO r; RETURN r; END $$",
            "CREATE PROCEDURE remember_setting(k text) LANGUAGE sql AS $$"
                    + " INSERT INTO settings VALUES (k, 'remembered') ON CONFLICT DO NOTHING $$",
            "CREATE FUNCTION touch_ticket(t int) RETURNS int LANGUAGE plpgsql AS $$ DECLARE n int; BEGIN"
                    + " UPDATE tickets_issued SET id = DEFAULT WHERE false; DELETE FROM tickets_issued WHERE id = t;"
                    + " GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END $$"
        };
    }
}
