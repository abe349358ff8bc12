package dev.rift.router.differential;

import java.util.List;

/**
 * Partition trees on an overlay branch, held whole as one unit at the first write to any member
 * (docs/overlay.md): routing through the root, writes straight to a partition, PostgreSQL's own 23514 for a row
 * outside a partition's bounds, UPDATE moving rows between partitions, the default partition, sub-partitions, and
 * the indexes and triggers defined on the partitioned table.
 */
class PartitionDifferentialTest extends DifferentialSuite {

    @Override
    List<String> files() {
        return List.of("partitions.sql");
    }

    @Override
    String[] upstreamExtras() {
        return new String[] {
            "CREATE TABLE payments (id integer NOT NULL, region text NOT NULL, paid_on date NOT NULL,"
                    + " amount numeric(10,2) NOT NULL CHECK (amount > 0), note text,"
                    + " PRIMARY KEY (id, paid_on)) PARTITION BY RANGE (paid_on)",
            "CREATE TABLE payments_2026_01 PARTITION OF payments FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')",
            "CREATE TABLE payments_2026_02 PARTITION OF payments FOR VALUES FROM ('2026-02-01') TO ('2026-03-01')",
            "CREATE TABLE payments_later PARTITION OF payments DEFAULT PARTITION BY RANGE (paid_on)",
            "CREATE TABLE payments_later_spring PARTITION OF payments_later"
                    + " FOR VALUES FROM ('2026-03-01') TO ('2026-07-01')",
            "CREATE TABLE payments_later_old PARTITION OF payments_later FOR VALUES FROM (MINVALUE) TO ('2026-01-01')",
            "CREATE INDEX payments_region_idx ON payments (region)",
            "CREATE UNIQUE INDEX payments_note_key ON payments (note, paid_on)",
            // Counts every row a statement touches, in a transaction-local setting the scenario reads back.
            "CREATE FUNCTION count_rows() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " PERFORM set_config('app.rows', (coalesce(nullif(current_setting('app.rows', true),"
                    + " ''), '0')::int + 1)::text, true); RETURN NULL; END $$",
            "CREATE TRIGGER payments_rows AFTER INSERT OR UPDATE OR DELETE ON payments FOR EACH ROW"
                    + " EXECUTE FUNCTION count_rows()",
            "CREATE FUNCTION no_zero_note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.note = 'zero' THEN RAISE EXCEPTION 'no zero notes on %', TG_TABLE_NAME"
                    + " USING ERRCODE = 'P0001'; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER payments_no_zero BEFORE INSERT OR UPDATE ON payments FOR EACH ROW"
                    + " EXECUTE FUNCTION no_zero_note()",
            "INSERT INTO payments VALUES (1, 'eu', '2026-01-05', 10.00, 'a'), (2, 'us', '2026-01-20', 20.00, 'b'),"
                    + " (3, 'eu', '2026-02-03', 30.00, 'c'), (4, 'us', '2026-02-14', 40.00, NULL),"
                    + " (5, 'eu', '2026-04-01', 50.00, 'e'), (6, 'us', '2026-05-01', 60.00, NULL)",
            "CREATE TABLE readings (sensor integer NOT NULL, at integer NOT NULL, value integer NOT NULL,"
                    + " PRIMARY KEY (sensor, at)) PARTITION BY HASH (sensor)",
            "CREATE TABLE readings_0 PARTITION OF readings FOR VALUES WITH (MODULUS 2, REMAINDER 0)",
            "CREATE TABLE readings_1 PARTITION OF readings FOR VALUES WITH (MODULUS 2, REMAINDER 1)",
            "INSERT INTO readings SELECT s, t, s * t FROM generate_series(1, 4) s, generate_series(1, 3) t"
        };
    }
}
