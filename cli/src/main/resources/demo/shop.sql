-- rift demo: a small shop. Branch it, break it, compare.
CREATE TABLE customers (
    id serial PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    tier text NOT NULL DEFAULT 'basic' CHECK (tier IN ('basic', 'gold', 'platinum'))
);
CREATE TABLE products (
    id serial PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    title text NOT NULL,
    price numeric(10,2) NOT NULL CHECK (price > 0),
    stock integer NOT NULL DEFAULT 0
);
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    status text NOT NULL DEFAULT 'new',
    placed_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE order_items (
    order_id bigint NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line integer NOT NULL,
    product_id integer NOT NULL REFERENCES products(id),
    qty integer NOT NULL CHECK (qty > 0),
    PRIMARY KEY (order_id, line)
);
INSERT INTO customers (email, name, tier)
SELECT 'customer' || g || '@example.com', 'Customer ' || g, (ARRAY['basic','gold','platinum'])[1 + g % 3]
FROM generate_series(1, 1000) g;
INSERT INTO products (sku, title, price, stock)
SELECT 'SKU-' || lpad(g::text, 5, '0'), 'Product ' || g, round((random() * 100 + 1)::numeric, 2), (random() * 50)::int
FROM generate_series(1, 500) g;
INSERT INTO orders (customer_id, status, placed_at)
SELECT 1 + (g * 7) % 1000, (ARRAY['new','paid','shipped'])[1 + g % 3], now() - g * interval '1 hour'
FROM generate_series(1, 5000) g;
INSERT INTO order_items (order_id, line, product_id, qty)
SELECT o, l, 1 + (o * 13 + l * 7) % 500, 1 + (o + l) % 4
FROM generate_series(1, 5000) o, generate_series(1, 2) l;
ANALYZE;
