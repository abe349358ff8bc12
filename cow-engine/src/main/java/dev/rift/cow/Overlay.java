package dev.rift.cow;

/**
 * The overlay engine as the router uses it. Methods block on JDBC: call them off the event loop.
 * Thread-safe.
 */
public interface Overlay {
    /** The branch's current state (cached; refreshed when the branch's version changes). */
    BranchState state(String branch);

    UpstreamCatalog catalog();

    /**
     * Makes {@code table} writable on the branch's top layer, creating its delta (or copy) when missing,
     * and returns where writes go. Refuses with {@link OverlayException} (SQLSTATE 0A000) tables the overlay
     * cannot represent faithfully: partitioned tables, tables with user triggers or rules, foreign tables.
     */
    WriteTarget prepareWrite(String branch, TableId table);

    /** The branch's copy of an upstream sequence, created on first use starting where the source stood. */
    String prepareSequence(String branch, TableId sequence);
}
