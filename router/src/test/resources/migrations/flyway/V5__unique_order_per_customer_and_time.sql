CREATE UNIQUE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);
CREATE INDEX product_suppliers_supplier_idx ON product_suppliers (supplier_id);
