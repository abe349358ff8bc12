CREATE SEQUENCE purchase_order_numbers START 5000;
ALTER TABLE settings RENAME TO app_settings;
CREATE VIEW supplier_catalog AS
SELECT s.name AS supplier, p.sku, p.title, ps.unit_cost
FROM product_suppliers ps JOIN suppliers s ON s.id = ps.supplier_id JOIN products p ON p.id = ps.product_id;
