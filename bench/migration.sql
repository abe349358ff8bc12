-- The 20-statement migration bench/migration.sh times on a branch and on a full copy of a pgbench database:
-- new tables with foreign keys to and from pgbench's, columns with defaults, a backfill, indexes (one on the big
-- pgbench_accounts), an enum type, a sequence, a view, a check constraint, a rename, a type change and a drop.
CREATE TABLE bench_customers (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO bench_customers (name) SELECT 'customer ' || g FROM generate_series(1, 1000) g;
CREATE TABLE bench_account_owners (aid integer PRIMARY KEY REFERENCES pgbench_accounts (aid), customer_id bigint NOT NULL REFERENCES bench_customers (id));
INSERT INTO bench_account_owners SELECT aid, 1 + aid % 1000 FROM pgbench_accounts WHERE aid <= 1000;
ALTER TABLE pgbench_branches ADD COLUMN region text NOT NULL DEFAULT 'eu';
UPDATE pgbench_branches SET region = 'us' WHERE bid % 2 = 0;
ALTER TABLE pgbench_tellers ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE pgbench_tellers RENAME COLUMN filler TO notes;
CREATE UNIQUE INDEX bench_customers_name_idx ON bench_customers (name);
ALTER TABLE pgbench_accounts ADD COLUMN opened_on date;
CREATE INDEX pgbench_accounts_bid_idx ON pgbench_accounts (bid);
CREATE TYPE bench_account_kind AS ENUM ('checking', 'savings');
ALTER TABLE bench_account_owners ADD COLUMN kind bench_account_kind NOT NULL DEFAULT 'checking';
CREATE SEQUENCE bench_statement_numbers;
CREATE VIEW bench_branch_totals AS SELECT b.bid, b.region, sum(a.abalance) AS balance FROM pgbench_branches b JOIN pgbench_accounts a USING (bid) GROUP BY b.bid, b.region;
UPDATE pgbench_accounts SET opened_on = '2024-01-01' WHERE aid <= 1000;
ALTER TABLE pgbench_branches ADD CONSTRAINT pgbench_branches_region_check CHECK (region IN ('eu', 'us'));
COMMENT ON TABLE bench_customers IS 'owners of accounts';
ALTER TABLE pgbench_tellers ALTER COLUMN tbalance TYPE bigint;
DROP TABLE pgbench_history;
