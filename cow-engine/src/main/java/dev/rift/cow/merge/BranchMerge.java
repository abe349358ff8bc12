package dev.rift.cow.merge;

import dev.rift.cow.DdlLogEntry;
import dev.rift.cow.OverlayException;
import dev.rift.cow.diff.SequencePosition;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

/**
 * A merge of a branch into a target, read from one snapshot: the branch's DDL the target lacks, the tables to merge
 * (referenced before referencing), the branch's sequence positions, and each table's changed keys three ways.
 */
public final class BranchMerge implements AutoCloseable {
    private static final int FETCH_SIZE = 1000;

    private final String branch;
    private final String into;
    private final Connection snapshot;
    private final List<DdlLogEntry> ddl;
    private final List<MergeTable> tables;
    private final List<SequencePosition> sequences;

    BranchMerge(String branch, String into, Connection snapshot, List<DdlLogEntry> ddl, List<MergeTable> tables,
                List<SequencePosition> sequences) {
        this.branch = branch;
        this.into = into;
        this.snapshot = snapshot;
        this.ddl = List.copyOf(ddl);
        this.tables = List.copyOf(tables);
        this.sequences = List.copyOf(sequences);
    }

    public String branch() {
        return branch;
    }

    public String into() {
        return into;
    }

    public List<DdlLogEntry> ddl() {
        return ddl;
    }

    public List<MergeTable> tables() {
        return tables;
    }

    public List<SequencePosition> sequences() {
        return sequences;
    }

    /** Streams the table's changed keys three ways, in key order. */
    public void rows(MergeTable table, Consumer<MergeRow> sink) {
        try (Statement st = snapshot.createStatement()) {
            st.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = st.executeQuery(ThreeWayQuery.sql(table))) {
                while (rs.next()) {
                    sink.accept(ThreeWayQuery.row(table, rs));
                }
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read table " + table.table() + " three ways: "
                    + e.getMessage(), e);
        }
    }

    /** Streams the distinct rows of a table without a primary key whose number of copies the branch changed. */
    public void multisetRows(MergeTable table, Consumer<MultisetRow> sink) {
        try (Statement st = snapshot.createStatement()) {
            st.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = st.executeQuery(ThreeWayQuery.multisetSql(table))) {
                while (rs.next()) {
                    sink.accept(ThreeWayQuery.multisetRow(table, rs));
                }
            }
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot read table " + table.table() + " three ways: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (snapshot) {
            snapshot.rollback();
        } catch (SQLException e) {
            throw new OverlayException(e.getSQLState(), "cannot end the merge's snapshot: " + e.getMessage(), e);
        }
    }
}
