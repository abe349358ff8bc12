package dev.rift.cow.diff;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.OverlayException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open diff of a branch against another side (docs/diff.md): its DDL, the tables that can differ, the positions
 * of its sequences, and each table's differing rows, streamed from one read-only snapshot. Close it to end the
 * snapshot's transaction.
 */
public final class BranchDiff implements AutoCloseable {
    private static final int FETCH_SIZE = 1000;

    private final String branch;
    private final String against;
    private final Connection connection;
    private final List<DdlLogEntry> ddl;
    private final List<DiffTable> tables;
    private final List<SequencePosition> sequences;

    BranchDiff(String branch, String against, Connection connection, List<DdlLogEntry> ddl, List<DiffTable> tables,
               List<SequencePosition> sequences) {
        this.branch = branch;
        this.against = against;
        this.connection = connection;
        this.ddl = List.copyOf(ddl);
        this.tables = List.copyOf(tables);
        this.sequences = List.copyOf(sequences);
    }

    public String branch() {
        return branch;
    }

    /** The other side's name: a branch, or {@code main}. */
    public String against() {
        return against;
    }

    /** The DDL the branch ran that the other side does not have, in order. */
    public List<DdlLogEntry> ddl() {
        return ddl;
    }

    /** The tables that can differ, referenced tables before the tables referencing them. */
    public List<DiffTable> tables() {
        return tables;
    }

    /** The branch's sequences the other side does not share, where they stand. */
    public List<SequencePosition> sequences() {
        return sequences;
    }

    /** Streams the table's differing rows in key order, as they are read; returns how many there were. */
    public long rows(DiffTable table, Consumer<RowChange> sink) {
        long n = 0;
        try (Statement st = connection.createStatement()) {
            st.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = st.executeQuery(DiffQuery.sql(table))) {
                while (rs.next()) {
                    RowChange change = DiffQuery.row(table, rs);
                    if (change != null) {
                        sink.accept(change);
                        n++;
                    }
                }
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot diff table " + table.table() + ": " + e.getMessage(), e);
        }
        return n;
    }

    @Override
    public void close() {
        try (connection) {
            connection.rollback();
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot end the diff's snapshot: " + e.getMessage(), e);
        }
    }
}
