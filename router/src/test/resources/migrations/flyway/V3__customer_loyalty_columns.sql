ALTER TABLE customers ADD COLUMN loyalty_points integer NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN referred_by integer REFERENCES customers(id);
ALTER TABLE orders ADD COLUMN channel varchar(16) NOT NULL DEFAULT 'web';
