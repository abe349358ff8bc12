ALTER TABLE orders ALTER COLUMN status TYPE varchar(20);
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
UPDATE products SET attrs = '{}' WHERE attrs IS NULL;
ALTER TABLE products ALTER COLUMN attrs SET NOT NULL;
ALTER TABLE reviews DROP CONSTRAINT reviews_customer_id_fkey;
ALTER TABLE reviews ADD CONSTRAINT reviews_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE SET NULL;
COMMENT ON COLUMN customers.loyalty_points IS '10 per order not cancelled';
