-- Triggers, TRUNCATE, REINDEX and materialized views on a branch (issue 16, points 2 and 4): CREATE/DROP TRIGGER on
-- the branch's own tables and on upstream ones (which the branch then holds as its own, triggers and all), what the
-- triggers write and say, TRUNCATE firing TRUNCATE triggers, REINDEX, and materialized views made, refreshed and
-- dropped on a branch. Trigger functions, trigger_log, ledger (BEFORE TRUNCATE and AFTER DELETE triggers) with its
-- ledger_lines, and the materialized view tier_counts are DdlDifferentialTest's upstream extras.

-- scenario: a trigger on a table the branch created
CREATE TABLE notes (id integer PRIMARY KEY, name text NOT NULL);
CREATE TRIGGER notes_shout BEFORE INSERT OR UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION shout_name();
INSERT INTO notes VALUES (1, 'quiet') RETURNING id, name;
UPDATE notes SET name = 'still quiet' WHERE id = 1 RETURNING name;
CREATE TRIGGER notes_say AFTER DELETE ON notes FOR EACH ROW EXECUTE FUNCTION say_change();
DELETE FROM notes WHERE id = 1;
SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'notes'::regclass ORDER BY tgname;

-- scenario: a row trigger on an upstream table, firing on the branch
CREATE TRIGGER customers_shout BEFORE INSERT OR UPDATE OF name ON customers FOR EACH ROW EXECUTE FUNCTION shout_name();
UPDATE customers SET name = 'Renamed' WHERE id = 3 RETURNING id, name;
UPDATE customers SET tier = 'gold' WHERE id = 4 RETURNING id, name, tier;
INSERT INTO customers (email, name) VALUES ('new@example.com', 'Newcomer') RETURNING name;
SELECT id, name FROM customers WHERE id IN (3, 4) OR email = 'new@example.com' ORDER BY id;
SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'customers'::regclass AND NOT tgisinternal;

-- scenario: a trigger writing another table, and its notices
CREATE TRIGGER settings_log AFTER INSERT OR UPDATE OR DELETE ON settings FOR EACH ROW EXECUTE FUNCTION log_change();
CREATE TRIGGER settings_say BEFORE UPDATE ON settings FOR EACH STATEMENT EXECUTE FUNCTION say_change();
INSERT INTO settings VALUES ('trigger.test', 'one');
UPDATE settings SET value = 'two' WHERE key = 'trigger.test';
DELETE FROM settings WHERE key = 'trigger.test';
SELECT id, note FROM trigger_log ORDER BY id;

-- scenario: a statement trigger with a transition table
CREATE TRIGGER settings_changed AFTER UPDATE ON settings REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION count_changed();
UPDATE settings SET value = value || '!';
UPDATE settings SET value = value WHERE false;
SELECT count(*) FROM settings WHERE value LIKE '%!';

-- scenario: CREATE OR REPLACE TRIGGER
CREATE TRIGGER customers_say AFTER UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION say_change();
UPDATE customers SET tier = 'basic' WHERE id = 5;
CREATE OR REPLACE TRIGGER customers_say BEFORE DELETE ON customers FOR EACH ROW EXECUTE FUNCTION say_change();
UPDATE customers SET tier = 'gold' WHERE id = 5;
DELETE FROM reviews WHERE customer_id = 200;
DELETE FROM sessions WHERE customer_id = 200;
DELETE FROM customers WHERE id = 200;
CREATE TRIGGER customers_say AFTER UPDATE ON customers FOR EACH ROW EXECUTE FUNCTION say_change();
SELECT count(*) FROM customers;

-- scenario: dropping an upstream table's trigger on the branch
UPDATE memos SET body = 'before' WHERE id = 1 RETURNING version, updated_at;
DROP TRIGGER memos_touch ON memos;
UPDATE memos SET body = 'after' WHERE id = 1 RETURNING version, updated_at;
DROP TRIGGER memos_touch ON memos;
SELECT tgname FROM pg_trigger WHERE tgrelid = 'memos'::regclass AND NOT tgisinternal ORDER BY tgname;
SELECT id, body, version FROM memos ORDER BY id;

-- scenario: trigger statements naming what is not there
CREATE TRIGGER nowhere_say AFTER INSERT ON nowhere FOR EACH ROW EXECUTE FUNCTION say_change();
DROP TRIGGER nowhere_say ON nowhere;
DROP TRIGGER IF EXISTS nowhere_say ON nowhere;
CREATE TRIGGER customers_bad AFTER INSERT ON customers FOR EACH ROW EXECUTE FUNCTION no_such_function();
CREATE TRIGGER ledger_delete AFTER DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION say_change();
SELECT count(*) FROM customers;

-- scenario: enabling and disabling triggers
CREATE TRIGGER settings_say AFTER UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION say_change();
ALTER TABLE settings DISABLE TRIGGER settings_say;
UPDATE settings SET value = 'off' WHERE key = (SELECT min(key) FROM settings);
ALTER TABLE settings ENABLE TRIGGER settings_say;
UPDATE settings SET value = 'on' WHERE key = (SELECT min(key) FROM settings);
ALTER TABLE settings DISABLE TRIGGER USER;
UPDATE settings SET value = 'user off' WHERE key = (SELECT min(key) FROM settings);
ALTER TABLE settings ENABLE TRIGGER ALL;
UPDATE settings SET value = 'all on' WHERE key = (SELECT min(key) FROM settings);
ALTER TABLE memos DISABLE TRIGGER ALL;
UPDATE memos SET body = 'untouched' WHERE id = 2 RETURNING version;
ALTER TABLE memos ENABLE TRIGGER USER;
UPDATE memos SET body = 'touched' WHERE id = 2 RETURNING version;
SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid IN ('settings'::regclass, 'memos'::regclass) AND NOT tgisinternal ORDER BY tgname;

-- scenario: TRUNCATE of a table held whole fires its TRUNCATE trigger, not its DELETE trigger
DELETE FROM ledger_lines;
DELETE FROM ledger WHERE id = 3;
TRUNCATE ledger;
SELECT count(*) FROM ledger;
INSERT INTO ledger VALUES (4, 40);
TRUNCATE TABLE ledger;
SELECT count(*) FROM ledger;

-- scenario: TRUNCATE of tables referencing each other, one held whole
TRUNCATE ledger;
TRUNCATE ledger_lines, ledger;
SELECT (SELECT count(*) FROM ledger) AS ledgers, (SELECT count(*) FROM ledger_lines) AS lines;
INSERT INTO ledger VALUES (5, 50);
INSERT INTO ledger_lines VALUES (9, 5, 'again');
TRUNCATE ledger, ledger_lines;
SELECT (SELECT count(*) FROM ledger) AS ledgers, (SELECT count(*) FROM ledger_lines) AS lines;

-- scenario: TRUNCATE of a table with a trigger made on the branch
CREATE TRIGGER ledger_lines_truncate AFTER TRUNCATE ON ledger_lines FOR EACH STATEMENT EXECUTE FUNCTION log_change();
CREATE TRIGGER ledger_lines_delete BEFORE DELETE ON ledger_lines FOR EACH ROW EXECUTE FUNCTION log_change();
TRUNCATE ledger_lines;
DELETE FROM ledger WHERE id = 1;
SELECT note FROM trigger_log ORDER BY id;
SELECT id FROM ledger ORDER BY id;

-- scenario: REINDEX of the branch's tables and indexes, and of what does not exist
CREATE TABLE reindexed (id integer PRIMARY KEY, label text);
CREATE INDEX reindexed_label ON reindexed (label);
INSERT INTO reindexed VALUES (1, 'a'), (2, 'b');
REINDEX TABLE reindexed;
REINDEX INDEX reindexed_label;
REINDEX INDEX public.reindexed_label;
SELECT label FROM reindexed WHERE label = 'b';
REINDEX TABLE no_such_table;
REINDEX INDEX no_such_index;
REINDEX SCHEMA no_such_schema;
ALTER TABLE settings ADD COLUMN note text;
REINDEX TABLE settings;
SELECT count(*) FROM settings;

-- scenario: a materialized view made on the branch, refreshed and dropped
CREATE TABLE scores (id integer PRIMARY KEY, team text NOT NULL, points integer NOT NULL);
INSERT INTO scores VALUES (1, 'red', 3), (2, 'blue', 5), (3, 'red', 4);
CREATE MATERIALIZED VIEW team_points AS SELECT team, sum(points) AS points FROM scores GROUP BY team;
SELECT team, points FROM team_points ORDER BY team;
INSERT INTO scores VALUES (4, 'blue', 1);
SELECT team, points FROM team_points ORDER BY team;
REFRESH MATERIALIZED VIEW team_points;
SELECT team, points FROM team_points ORDER BY team;
CREATE UNIQUE INDEX team_points_team ON team_points (team);
UPDATE scores SET points = 10 WHERE id = 1;
REFRESH MATERIALIZED VIEW CONCURRENTLY team_points;
SELECT team, points FROM team_points ORDER BY team;
CREATE MATERIALIZED VIEW team_points AS SELECT 1;
CREATE MATERIALIZED VIEW empty_points AS SELECT team FROM scores WITH NO DATA;
SELECT * FROM empty_points;
REFRESH MATERIALIZED VIEW empty_points;
SELECT count(*) FROM empty_points;
DROP MATERIALIZED VIEW team_points;
SELECT * FROM team_points;
REFRESH MATERIALIZED VIEW team_points;
REFRESH MATERIALIZED VIEW scores;

-- scenario: a materialized view over upstream tables, made on the branch
UPDATE products SET stock = stock + 100 WHERE id <= 3;
CREATE MATERIALIZED VIEW stocked AS SELECT id, stock FROM products WHERE stock >= 100;
SELECT id, stock FROM stocked ORDER BY id;
UPDATE products SET stock = 200 WHERE id = 4;
REFRESH MATERIALIZED VIEW stocked;
SELECT id, stock FROM stocked ORDER BY id;

-- scenario: refreshing an upstream materialized view on the branch
SELECT tier, n FROM tier_counts ORDER BY tier;
UPDATE customers SET tier = 'platinum' WHERE id <= 10;
SELECT tier, n FROM tier_counts ORDER BY tier;
REFRESH MATERIALIZED VIEW tier_counts;
SELECT tier, n FROM tier_counts ORDER BY tier;
DELETE FROM reviews WHERE customer_id IN (SELECT id FROM customers WHERE tier = 'gold');
DELETE FROM sessions WHERE customer_id IN (SELECT id FROM customers WHERE tier = 'gold');
DELETE FROM customers WHERE tier = 'gold';
REFRESH MATERIALIZED VIEW tier_counts;
SELECT tier, n FROM tier_counts ORDER BY tier;
SELECT matviewname, ispopulated FROM pg_matviews ORDER BY matviewname;
DROP MATERIALIZED VIEW tier_counts;
SELECT * FROM tier_counts;

-- scenario: dropping an upstream materialized view on the branch
DROP VIEW tier_counts;
DROP MATERIALIZED VIEW tier_counts;
SELECT * FROM tier_counts;
DROP MATERIALIZED VIEW IF EXISTS tier_counts;
