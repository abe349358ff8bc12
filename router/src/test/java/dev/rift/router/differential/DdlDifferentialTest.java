package dev.rift.router.differential;


import java.util.List;

/**
 * Schema changes on a branch (issue 4, docs/ddl.md): every DDL statement, and the DML and reads on what it changed,
 * behaves on a branch as on a full copy, and the upstream's own catalog is untouched. The upstream holds, besides
 * the fixture, one object of each kind a scenario may change or drop: a plain index, a view, a sequence and an
 * enum type.
 */
class DdlDifferentialTest extends DifferentialSuite {

    @Override
    List<String> files() {
        return List.of("ddl_tables.sql", "ddl_alter.sql", "ddl_indexes.sql", "ddl_views_sequences_types.sql",
                "ddl_transactions.sql");
    }

    @Override
    String[] upstreamExtras() {
        return new String[] {
            "CREATE INDEX orders_placed_at_idx ON orders (placed_at)",
            "CREATE VIEW paid_orders AS SELECT id, customer_id, placed_at FROM orders WHERE status = 'paid'",
            "CREATE SEQUENCE invoice_numbers START 1000",
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
            "COMMENT ON TABLE customers IS 'people who buy'"
        };
    }
}
