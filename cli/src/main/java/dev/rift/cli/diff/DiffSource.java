package dev.rift.cli.diff;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.cow.diff.DiffTable;
import dev.rift.cow.diff.RowChange;

import java.util.List;
import java.util.function.Consumer;

/**
 * The parts of a diff the text format reads: an open {@link BranchDiff}, or the JSON document a server's API
 * streamed ({@link JsonDiffDocument}), so that {@code rift diff} prints the same text either way.
 */
public interface DiffSource {
    String branch();

    String against();

    List<DdlLogEntry> ddl();

    List<DiffTable> tables();

    void rows(DiffTable table, Consumer<RowChange> sink);

    static DiffSource of(BranchDiff diff) {
        return new DiffSource() {
            @Override
            public String branch() {
                return diff.branch();
            }

            @Override
            public String against() {
                return diff.against();
            }

            @Override
            public List<DdlLogEntry> ddl() {
                return diff.ddl();
            }

            @Override
            public List<DiffTable> tables() {
                return diff.tables();
            }

            @Override
            public void rows(DiffTable table, Consumer<RowChange> sink) {
                diff.rows(table, sink);
            }
        };
    }
}
