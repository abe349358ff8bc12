package dev.rift.router.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded random workloads over the differential fixture (fixture.sql): reads with joins, subqueries, CTEs, windows
 * and aggregates, and writes of every kind the overlay handles (multi-row updates and deletes, cascades, upserts,
 * RETURNING, UPDATE ... FROM, DELETE ... USING, key changes, tables without a key), some failing on a constraint,
 * some inside transactions that commit, roll back or roll back to a savepoint. Each workload ends by reading every
 * table whole, so a difference a write made shows even where no read looked. The same seed gives the same
 * statements, so a failure is replayed by its seed.
 *
 * <p>The upstream also has {@link #CODE_TABLES}: a table held whole for its user triggers (a {@code BEFORE UPDATE}
 * version/updated_at trigger, an {@code AFTER INSERT} audit trigger writing another table, a statement trigger), with
 * an exclusion constraint and a partial unique index on an expression, written directly and through a function, a
 * procedure and DO blocks.
 *
 * <p>Statements avoid what {@code known_gaps.sql} lists (multi-row inserts failing on an upstream duplicate, syntax
 * errors, system columns, grouping by a changed table's key alone): those differ knowingly.
 */
final class RandomWorkload {
    private static final String[] TIERS = {"basic", "gold", "platinum"};
    private static final String[] STATUSES = {"new", "paid", "shipped", "cancelled"};
    private static final String[] KINDS = {"login", "view", "buy"};
    private static final String[] COLORS = {"red", "green", "blue"};

    /** Every table read whole, in key order: what the workload left behind. */
    static final List<String> FINAL_READS = List.of(
            "SELECT * FROM customers ORDER BY id",
            "SELECT * FROM products ORDER BY id",
            "SELECT * FROM orders ORDER BY id",
            "SELECT * FROM order_items ORDER BY order_id, line",
            "SELECT * FROM reviews ORDER BY id",
            "SELECT token, customer_id, expires_at FROM sessions ORDER BY token",
            "SELECT at, kind, payload::text FROM events ORDER BY at, kind, payload::text",
            "SELECT * FROM settings ORDER BY key",
            "SELECT nextval('customers_id_seq'), nextval('orders_id_seq'), nextval('reviews_id_seq')",
            "SELECT * FROM accounts ORDER BY id",
            "SELECT * FROM account_audit ORDER BY id");

    /** The upstream's tables with code (the suites' {@code upstreamExtras}); updated_at from a counter, not now(). */
    static final String[] CODE_TABLES = {
        "CREATE FUNCTION account_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " NEW.version := OLD.version + 1;"
                + " NEW.updated_at := timestamp '2030-01-01' + NEW.version * interval '1 hour'; RETURN NEW; END $$",
        "CREATE TABLE account_audit (id serial PRIMARY KEY, note text NOT NULL)",
        "CREATE FUNCTION account_audited() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " INSERT INTO account_audit (note) VALUES (TG_TABLE_NAME || ' ' || TG_OP || ' ' || NEW.id);"
                + " RETURN NULL; END $$",
        "CREATE FUNCTION account_statement() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " INSERT INTO account_audit (note) VALUES ('statement ' || TG_OP); RETURN NULL; END $$",
        "CREATE TABLE accounts (id integer PRIMARY KEY, email text NOT NULL, deleted_at timestamp, slot int4range,"
                + " version integer NOT NULL DEFAULT 0, updated_at timestamp NOT NULL DEFAULT timestamp '2029-01-01',"
                + " CONSTRAINT accounts_no_overlap EXCLUDE USING gist (slot WITH &&))",
        "CREATE UNIQUE INDEX accounts_email_live ON accounts (lower(email)) WHERE deleted_at IS NULL",
        "CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION account_touch()",
        "CREATE TRIGGER accounts_audit AFTER INSERT ON accounts FOR EACH ROW EXECUTE FUNCTION account_audited()",
        "CREATE TRIGGER accounts_statements AFTER UPDATE OR DELETE ON accounts FOR EACH STATEMENT"
                + " EXECUTE FUNCTION account_statement()",
        "INSERT INTO accounts (id, email, slot) SELECT g, 'a' || g || '@example.com', int4range(g * 10, g * 10 + 5)"
                + " FROM generate_series(1, 30) g",
        "CREATE FUNCTION open_account(i integer, e text) RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN"
                + " INSERT INTO accounts (id, email) VALUES (i, e); RETURN (SELECT count(*) FROM accounts); END $$",
        "CREATE PROCEDURE close_account(i integer) LANGUAGE sql"
                + " AS $$ UPDATE accounts SET deleted_at = timestamp '2030-06-01' WHERE id = i $$"};

    private final Random random;
    /** How many statements in 100 are schema changes ({@link #DDL}). */
    private final int ddlPercent;

    private RandomWorkload(long seed, int ddlPercent) {
        this.random = new Random(seed);
        this.ddlPercent = ddlPercent;
    }

    /** One scenario per seed, each of {@code length} random reads and writes followed by {@link #FINAL_READS}. */
    static List<Scenario> scenarios(List<Long> seeds, int length) {
        return scenarios(seeds, length, 0, "random");
    }

    /** The same with {@code ddlPercent} in 100 statements a schema change, and {@link #FINAL_READS_AFTER_DDL}. */
    static List<Scenario> scenarios(List<Long> seeds, int length, int ddlPercent, String name) {
        List<Scenario> out = new ArrayList<>();
        for (long seed : seeds) {
            out.add(new Scenario(name, "seed " + seed, new RandomWorkload(seed, ddlPercent).statements(length)));
        }
        return out;
    }

    private List<String> statements(int length) {
        List<String> out = new ArrayList<>();
        boolean inTransaction = false;
        boolean savepoint = false;
        while (out.size() < length) {
            int dice = random.nextInt(100);
            if (!inTransaction && dice < 6) {
                out.add("BEGIN");
                inTransaction = true;
                savepoint = false;
            } else if (inTransaction && dice < 4) {
                out.add(random.nextBoolean() ? "COMMIT" : "ROLLBACK");
                inTransaction = false;
            } else if (inTransaction && !savepoint && dice < 8) {
                out.add("SAVEPOINT s");
                savepoint = true;
            } else if (inTransaction && savepoint && dice < 10) {
                out.add("ROLLBACK TO SAVEPOINT s");
            } else if (ddlPercent > 0 && random.nextInt(100) < ddlPercent) {
                out.add(pick(DDL).apply(this));
            } else if (dice < 50) {
                out.add(pick(READS).apply(this));
            } else {
                out.add(pick(WRITES).apply(this));
            }
        }
        if (inTransaction) {
            out.add("COMMIT");
        }
        out.addAll(FINAL_READS);
        if (ddlPercent > 0) {
            out.addAll(FINAL_READS_AFTER_DDL);
        }
        return out;
    }

    // ---- the statement kinds -----------------------------------------------------------------

    private static final List<Function<RandomWorkload, String>> READS = List.of(
            w -> "SELECT id, email, tier FROM customers WHERE id BETWEEN " + w.range(200, 40) + " ORDER BY id",
            w -> "SELECT tier, count(*), min(id), max(id) FROM customers GROUP BY tier ORDER BY tier",
            w -> "SELECT o.id, o.status, c.email FROM orders o JOIN customers c ON c.id = o.customer_id"
                    + " WHERE o.id % " + w.between(5, 40) + " = " + w.between(0, 4) + " ORDER BY o.id",
            w -> "SELECT p.id, p.title, sum(oi.qty) AS qty FROM products p LEFT JOIN order_items oi"
                    + " ON oi.product_id = p.id WHERE p.id <= " + w.between(1, 100) + " GROUP BY p.id, p.title ORDER BY p.id",
            w -> "SELECT count(*) FROM reviews WHERE product_id IS NULL OR stars >= " + w.between(1, 5),
            w -> "SELECT id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id"
                    + " AND o.status = '" + w.pick(STATUSES) + "') ORDER BY id LIMIT " + w.between(1, 30),
            w -> "WITH per_order AS (SELECT order_id, sum(qty) AS q FROM order_items GROUP BY order_id)"
                    + " SELECT order_id, q FROM per_order WHERE q > " + w.between(3, 11) + " ORDER BY order_id",
            w -> "SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind",
            w -> "SELECT key, value FROM settings ORDER BY key",
            w -> "SELECT id, tier, row_number() OVER (PARTITION BY tier ORDER BY id) FROM customers WHERE id <= "
                    + w.between(1, 60) + " ORDER BY id",
            w -> "SELECT p.id, p.stock FROM products p WHERE p.id IN (SELECT product_id FROM order_items"
                    + " WHERE order_id = " + w.between(1, 520) + ") ORDER BY p.id",
            w -> "SELECT c.id, (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) AS orders FROM customers c"
                    + " WHERE c.id BETWEEN " + w.range(200, 20) + " ORDER BY c.id",
            w -> "SELECT sum(price * stock), count(*) FILTER (WHERE stock = 0) FROM products",
            w -> "SELECT * FROM order_items WHERE order_id BETWEEN " + w.range(520, 5) + " ORDER BY order_id, line",
            w -> "SELECT id, tags, attrs->>'color' AS color FROM products WHERE attrs->>'color' = '" + w.pick(COLORS)
                    + "' AND id <= " + w.between(10, 100) + " ORDER BY id",
            w -> "SELECT id FROM customers WHERE tier = 'gold' AND id < " + w.between(1, 200)
                    + " UNION SELECT customer_id FROM orders WHERE id < " + w.between(1, 100) + " ORDER BY 1",
            w -> "SELECT r.id, r.stars, p.sku, c.email FROM reviews r LEFT JOIN products p ON p.id = r.product_id"
                    + " LEFT JOIN customers c ON c.id = r.customer_id WHERE r.id BETWEEN " + w.range(310, 15)
                    + " ORDER BY r.id",
            w -> "SELECT status, count(*), count(note) FROM orders WHERE customer_id BETWEEN " + w.range(200, 50)
                    + " GROUP BY status ORDER BY status",
            w -> "SELECT id, email, version, updated_at FROM accounts WHERE id BETWEEN " + w.range(60, 10)
                    + " ORDER BY id",
            w -> "SELECT note, count(*) FROM account_audit GROUP BY note ORDER BY note");

    private static final List<Function<RandomWorkload, String>> WRITES = List.of(
            w -> "UPDATE customers SET tier = '" + w.pick(TIERS) + "' WHERE id BETWEEN " + w.range(200, 10),
            w -> "UPDATE products SET stock = stock + " + w.between(-3, 5) + ", price = price + 0.5 WHERE id % "
                    + w.between(3, 20) + " = " + w.between(0, 2) + " RETURNING id, stock, price",
            w -> "UPDATE products SET price = " + (w.random.nextInt(4) == 0 ? "-1" : "price * 2")
                    + " WHERE id = " + w.between(1, 100) + " RETURNING price",
            w -> "DELETE FROM reviews WHERE id BETWEEN " + w.range(310, 4),
            w -> "DELETE FROM orders WHERE id = " + w.between(1, 520),
            w -> "DELETE FROM customers WHERE id = " + w.between(1, 210),
            w -> {
                int n = w.between(1, 60);
                return "INSERT INTO customers (" + w.idColumn() + "email, name) VALUES (" + w.id(300, 400) + "'new" + n
                        + "@example.com', 'New " + n + "') RETURNING id, tier, created_at";
            },
            w -> "INSERT INTO customers (" + w.idColumn() + "email, name) VALUES (" + w.id(300, 400) + "'c"
                    + w.between(1, 200) + "@example.com', 'Again')",
            w -> "INSERT INTO customers (" + w.idColumn() + "email, name) VALUES (" + w.id(300, 400) + "'"
                    + (w.random.nextBoolean() ? "c" : "up")
                    + w.between(1, 220) + "@example.com', 'Upsert') ON CONFLICT (email) DO UPDATE"
                    + " SET name = customers.name || '!' RETURNING id, name",
            w -> "INSERT INTO orders (" + w.idColumn() + "customer_id, status) VALUES (" + w.id(600, 700)
                    + w.between(1, 210) + ", '" + w.pick(STATUSES)
                    + "') RETURNING id, placed_at",
            w -> "INSERT INTO order_items (order_id, line, product_id, qty) VALUES (" + w.between(1, 520) + ", "
                    + w.between(1, 5) + ", " + w.between(1, 105) + ", " + w.between(0, 4) + ")",
            w -> "UPDATE orders o SET status = 'paid' FROM customers c WHERE c.id = o.customer_id AND c.tier = '"
                    + w.pick(TIERS) + "' AND o.id % " + w.between(10, 60) + " = 0",
            w -> "DELETE FROM order_items oi USING products p WHERE p.id = oi.product_id AND p.stock < "
                    + w.between(0, 5) + " AND oi.order_id < " + w.between(1, 60),
            w -> "INSERT INTO events (at, kind, payload) VALUES ('2024-05-0" + w.between(1, 9) + " 10:00:00+00', '"
                    + w.pick(KINDS) + "', '{\"n\": " + w.between(1, 200) + "}')",
            w -> "UPDATE events SET kind = 'x' WHERE payload->>'n' = '" + w.between(1, 110) + "'",
            w -> "DELETE FROM events WHERE kind = '" + w.pick(KINDS) + "' AND (payload->>'n')::int < "
                    + w.between(1, 40),
            w -> "INSERT INTO settings VALUES ('k" + w.between(1, 5) + "', 'v" + w.between(1, 9) + "')"
                    + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            w -> "DELETE FROM products WHERE id = " + w.between(1, 100),
            w -> "UPDATE customers SET id = id + 1000 WHERE id = " + w.between(1, 210),
            w -> "INSERT INTO reviews (" + w.idColumn() + "product_id, customer_id, stars, body) VALUES ("
                    + w.id(400, 500) + w.between(1, 100) + ", "
                    + w.between(1, 200) + ", " + w.between(1, 6) + ", 'random') RETURNING id",
            w -> "UPDATE order_items SET qty = qty + 1 WHERE order_id IN (SELECT id FROM orders WHERE customer_id = "
                    + w.between(1, 200) + ") RETURNING order_id, line, qty",
            w -> "UPDATE sessions SET expires_at = expires_at + interval '1 day' WHERE customer_id BETWEEN "
                    + w.range(200, 20),
            w -> "INSERT INTO products (" + w.idColumn() + "sku, title, price) SELECT " + w.shiftedId(1000)
                    + "sku, 'sel', price + 1 FROM products WHERE id BETWEEN "
                    + w.range(110, 5) + " ON CONFLICT (sku) DO UPDATE SET title = products.title || '+',"
                    + " price = EXCLUDED.price RETURNING id, sku, title, price",
            w -> "INSERT INTO customers (" + w.idColumn() + "email, name) SELECT " + w.shiftedId(5000)
                    + "'c' || (id + " + w.between(0, 3) + ") || '@example.com',"
                    + " 'Sel ' || id FROM customers WHERE id BETWEEN " + w.range(210, 4)
                    + " ON CONFLICT (email) DO " + (w.random.nextBoolean() ? "NOTHING" : "UPDATE SET name = EXCLUDED.name")
                    + " RETURNING id, email, name",
            w -> "INSERT INTO settings SELECT 'k' || g, 'sel' || g FROM generate_series(" + w.range(6, 3)
                    + ") g ON CONFLICT (key) DO UPDATE SET value = settings.value || EXCLUDED.value",
            w -> "UPDATE orders o SET (status, note) = (SELECT c.tier, c.email FROM customers c WHERE c.id = o.customer_id)"
                    + " WHERE o.id BETWEEN " + w.range(520, 6) + " RETURNING o.id, o.status, o.note",
            w -> "UPDATE products SET (title, stock) = (SELECT 'sub', count(*)::int FROM order_items oi"
                    + " WHERE oi.product_id = products.id) WHERE id % " + w.between(10, 40) + " = " + w.between(0, 5),
            w -> "UPDATE products SET tags[1] = '" + w.pick(COLORS) + "', attrs['w'] = to_jsonb(stock) WHERE id BETWEEN "
                    + w.range(100, 5) + " RETURNING id, tags, attrs",
            w -> "UPDATE accounts SET email = upper(email) WHERE id BETWEEN " + w.range(60, 4)
                    + " RETURNING id, email, version, updated_at",
            w -> {
                int low = w.between(0, 700);
                return "INSERT INTO accounts (id, email, slot) VALUES (" + w.between(25, 60) + ", '"
                        + (w.random.nextBoolean() ? "A" : "n") + w.between(1, 40) + "@example.com', int4range(" + low
                        + ", " + (low + w.between(1, 20)) + ")) RETURNING *";
            },
            w -> "UPDATE accounts SET slot = int4range(" + w.between(0, 300) + ", " + w.between(301, 320)
                    + ") WHERE id = " + w.between(1, 60),
            w -> "UPDATE accounts SET deleted_at = " + (w.random.nextBoolean() ? "NULL" : "timestamp '2030-02-01'")
                    + " WHERE id BETWEEN " + w.range(60, 3),
            w -> "DELETE FROM accounts WHERE id = " + w.between(1, 60) + " RETURNING id, version",
            w -> "SELECT open_account(" + w.between(25, 60) + ", 'f" + w.between(1, 40) + "@example.com')",
            w -> "CALL close_account(" + w.between(1, 60) + ")",
            w -> "DO $$BEGIN UPDATE accounts SET slot = NULL WHERE id = " + w.between(1, 60) + ";"
                    + " INSERT INTO account_audit (note) VALUES ('do " + w.between(1, 9) + "'); END$$");

    /**
     * Schema changes on upstream tables (materializing them, and the tables linked to them by foreign keys) and new
     * objects, with reads and writes of what they made. A change may come twice or before what it needs: both
     * sides then fail alike (42701, 42P07, 42P01...). Columns that a view reads are never dropped (a known gap for
     * upstream views, ddl_known_gaps.sql).
     */
    private static final List<Function<RandomWorkload, String>> DDL = List.of(
            w -> "ALTER TABLE customers ADD COLUMN score int NOT NULL DEFAULT " + w.between(0, 9),
            w -> "ALTER TABLE customers DROP COLUMN score",
            w -> "UPDATE customers SET score = score + " + w.between(1, 5) + " WHERE id BETWEEN " + w.range(200, 30),
            w -> "CREATE INDEX orders_status_idx ON orders (status)",
            w -> "DROP INDEX orders_status_idx",
            w -> "ALTER TABLE products ADD COLUMN IF NOT EXISTS weight numeric(6,2)",
            w -> "UPDATE products SET weight = id * 0.1 WHERE id % " + w.between(2, 9) + " = 0 RETURNING id, weight",
            w -> "ALTER TABLE orders ALTER COLUMN note TYPE varchar(200)",
            w -> "ALTER TABLE settings RENAME COLUMN value TO val",
            w -> "INSERT INTO settings (key, val) VALUES ('r" + w.between(1, 9) + "', 'x') ON CONFLICT (key) DO NOTHING",
            w -> "CREATE TABLE notes (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers"
                    + " ON DELETE CASCADE, body text NOT NULL)",
            w -> "INSERT INTO notes (" + w.idColumn() + "customer_id, body) VALUES (" + w.id(1, 100)
                    + w.between(1, 210) + ", 'note') RETURNING id",
            w -> "SELECT n.id, c.email FROM notes n JOIN customers c ON c.id = n.customer_id ORDER BY n.id",
            w -> "CREATE VIEW gold_customers AS SELECT id, email FROM customers WHERE tier = 'gold'",
            w -> "SELECT * FROM gold_customers WHERE id <= " + w.between(1, 200) + " ORDER BY id",
            w -> "ALTER TABLE reviews ADD CONSTRAINT reviews_body_len CHECK (length(body) < " + w.between(5, 40) + ")",
            w -> "CREATE SEQUENCE tickets START " + w.between(1, 100),
            w -> "SELECT nextval('tickets')",
            w -> "DROP TABLE events",
            w -> "TRUNCATE order_items",
            w -> "COMMENT ON TABLE products IS 'comment " + w.between(1, 9) + "'");

    /** What the schema changes may have left: the new objects, and the catalog's view of the changed tables. */
    static final List<String> FINAL_READS_AFTER_DDL = List.of(
            "SELECT * FROM notes ORDER BY id",
            "SELECT * FROM gold_customers ORDER BY id",
            "SELECT nextval('tickets')",
            "SELECT obj_description('products'::regclass, 'pg_class')",
            "SELECT table_name, column_name, data_type, column_default, is_nullable FROM information_schema.columns"
                    + " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
                    + " ORDER BY tablename, indexname",
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2");

    // ---- random values ----

    /**
     * With schema changes, rows get explicit keys instead of serial defaults: a sequence a transaction's DDL made the
     * branch's own, and then used, returns to where it stood if that transaction rolls back, where a copy's keeps
     * its advance (a known gap, ddl_known_gaps.sql). Without, the serial defaults are used.
     */
    private String idColumn() {
        return ddlPercent > 0 ? "id, " : "";
    }

    private String id(int low, int high) {
        return ddlPercent > 0 ? between(low, high) + ", " : "";
    }

    /** For INSERT ... SELECT from the same table: its {@code id} moved by {@code offset}, with {@link #idColumn}. */
    private String shiftedId(int offset) {
        return ddlPercent > 0 ? "id + " + offset + ", " : "";
    }

    private int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    /** "a AND b" with 1 <= a <= b <= a + width - 1 <= max. */
    private String range(int max, int width) {
        int a = between(1, max - width + 1);
        return a + " AND " + (a + between(0, width - 1));
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
