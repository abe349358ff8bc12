-- What a superuser did on the victim branch (through rift) before any attack: rows of secret copied up, orders
-- changed, inserted and deleted, a sequence used, a table of the branch's own.
UPDATE secret SET note = note || '-edited' WHERE id = 1
UPDATE orders SET note = 'victim edit' WHERE id = 1
DELETE FROM orders WHERE id = 2
INSERT INTO orders (customer_id, amount, note) VALUES (1, 5, 'victim order')
CREATE TABLE gadgets (id int PRIMARY KEY, name text NOT NULL)
INSERT INTO gadgets VALUES (1, 'victim gadget')
