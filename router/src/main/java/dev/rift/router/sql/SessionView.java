package dev.rift.router.sql;

import dev.rift.cow.BranchState;
import dev.rift.cow.Overlay;

import java.util.List;

/** What the statement router needs to know about the session a statement comes from. */
public interface SessionView {
    String branch();

    /** The branch's state as the session last saw it. */
    BranchState state();

    /** The session's current search_path entries as PostgreSQL stores them ({@code "$user"} not replaced). */
    List<String> searchPath();

    /** The search_path a {@code RESET search_path} returns to (what the session had right after startup). */
    List<String> defaultSearchPath();

    /** The session user, which {@code "$user"} in the search_path stands for. */
    String user();

    Overlay overlay();

    /** The branch's state read again (after rift changed the branch for this text), with the session's open DDL. */
    BranchState freshState();

    /** Column types, unique keys and foreign keys of upstream tables (see {@link TableShapes}). */
    TableShapes shapes();

    /** Whether the text came in a Parse message: one statement only, {@code $n} parameters possible. */
    boolean extendedProtocol();
}
