CREATE TABLE product_suppliers (
    product_id integer NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    supplier_id bigint NOT NULL REFERENCES suppliers(id),
    unit_cost numeric(10,2) NOT NULL CHECK (unit_cost > 0),
    PRIMARY KEY (product_id, supplier_id)
);
INSERT INTO product_suppliers (product_id, supplier_id, unit_cost)
SELECT p.id, 1 + (p.id % 12), round(p.price * 0.6, 2) FROM products p;
