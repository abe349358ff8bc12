ALTER TABLE orders RENAME COLUMN note TO gift_message;
