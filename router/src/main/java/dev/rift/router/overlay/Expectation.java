package dev.rift.router.overlay;

import dev.rift.cow.ColumnOrigins;

/**
 * A response rift waits for from the upstream, queued in the order it sent the messages.
 * Hidden expectations belong to statements rift added itself (copy-up preludes, re-prepares):
 * their responses are swallowed. A tag override replaces the CommandComplete tag; the origins say which table
 * columns a RowDescription's merged-view columns are.
 */
record Expectation(Kind kind, boolean hidden, String tagOverride, ColumnOrigins origins) {
    enum Kind {
        /** A simple Query or FunctionCall forwarded as it was: everything up to ReadyForQuery goes to the client. */
        PASSTHROUGH_QUERY,
        /** One statement of a rewritten simple Query, ended by CommandComplete or EmptyQueryResponse. */
        QUERY_STATEMENT,
        /** The ReadyForQuery that ends a rewritten simple Query. */
        QUERY_END,
        PARSE, BIND, DESCRIBE, EXECUTE, CLOSE, SYNC
    }

    Expectation(Kind kind, boolean hidden, String tagOverride) {
        this(kind, hidden, tagOverride, ColumnOrigins.NONE);
    }

    static Expectation visible(Kind kind) {
        return new Expectation(kind, false, null);
    }

    static Expectation hidden(Kind kind) {
        return new Expectation(kind, true, null);
    }

    /** Whether an error ends the run of responses up to this one (PostgreSQL skips to Sync or ends the Query). */
    boolean endsErrorSkip() {
        return kind == Kind.SYNC || kind == Kind.QUERY_END || kind == Kind.PASSTHROUGH_QUERY;
    }
}
