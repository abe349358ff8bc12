-- Tables without a primary key are copied into the branch on their first write.

-- scenario: insert into a table without primary key
INSERT INTO events (at, kind) VALUES ('2024-05-01', 'logout');
SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind;

-- scenario: update and delete in a table without primary key
UPDATE events SET kind = 'browse' WHERE kind = 'view';
DELETE FROM events WHERE kind = 'buy';
SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind;

-- scenario: truncate
TRUNCATE events;
SELECT count(*) FROM events;
TRUNCATE settings;
SELECT count(*) FROM settings;
INSERT INTO settings VALUES ('after', 'truncate');
SELECT * FROM settings;
