package dev.rift.router.differential;

import java.util.List;

/** The overlay's reads and writes (no DDL): every scenario behaves on a branch as on a full copy. */
class OverlayDifferentialTest extends DifferentialSuite {

    /** The scenario files; known_gaps.sql is deliberately not here (see that file). */
    static final List<String> FILES = List.of("reads.sql", "writes.sql", "constraints.sql", "transactions.sql",
            "sequences.sql", "nopk.sql", "conflicts.sql", "locking.sql", "branch_scoped.sql", "more_reads.sql", "more_writes.sql", "errors.sql",
            "statement_forms.sql", "sequence_positions.sql", "database_name.sql");

    @Override
    List<String> files() {
        return FILES;
    }
}
