CREATE TABLE suppliers (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    country char(2) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT '2024-06-01 00:00:00+00'
);
INSERT INTO suppliers (name, country)
SELECT 'Supplier ' || g, (ARRAY['FR', 'DE', 'PT', 'US'])[1 + g % 4] FROM generate_series(1, 12) g;
