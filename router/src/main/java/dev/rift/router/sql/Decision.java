package dev.rift.router.sql;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the session sends upstream for one client query string on an overlay branch. */
public sealed interface Decision permits Decision.PassThrough, Decision.Rewritten, Decision.Refused {

    /** The last {@code search_path} change the text makes, if any: the session tracks it (see {@link SearchPathChange}). */
    Optional<SearchPathChange> searchPathChange();

    /** Forward the client's original bytes untouched. */
    record PassThrough(Optional<SearchPathChange> searchPathChange) implements Decision {
        private static final PassThrough PLAIN = new PassThrough(Optional.empty());

        public PassThrough {
            Objects.requireNonNull(searchPathChange);
        }

        public static PassThrough plain() {
            return PLAIN;
        }
    }

    /**
     * Send these statements in order, in the client's transaction. The visible parts' responses are the client's
     * responses; hidden parts are rift's own preludes, whose responses the session swallows (an error in one is
     * the statement's error).
     */
    record Rewritten(List<Part> parts, Optional<SearchPathChange> searchPathChange, DdlEffects effects)
            implements Decision {
        public Rewritten(List<Part> parts, Optional<SearchPathChange> searchPathChange) {
            this(parts, searchPathChange, DdlEffects.NONE);
        }

        public Rewritten {
            parts = List.copyOf(parts);
            Objects.requireNonNull(searchPathChange);
            if (parts.stream().allMatch(Part::hidden)) {
                throw new IllegalArgumentException("a rewritten query needs a visible part");
            }
        }
    }

    /** Run nothing; answer the client with this error (the session stays usable). */
    record Refused(String sqlState, String message) implements Decision {
        public Refused {
            Objects.requireNonNull(sqlState);
            Objects.requireNonNull(message);
        }

        @Override
        public Optional<SearchPathChange> searchPathChange() {
            return Optional.empty();
        }
    }

    /**
     * One statement to send.
     *
     * @param sql         the statement's text (no trailing semicolon)
     * @param hidden      whether the client must not see its responses
     * @param tagOverride the command tag the client must see instead of the statement's own
     *                    (a TRUNCATE runs as DELETE on the branch but answers {@code TRUNCATE TABLE})
     * @param recordsDdl  whether this is rift's hidden block that records DDL on the branch
     */
    record Part(String sql, boolean hidden, Optional<String> tagOverride, boolean recordsDdl) {
        public Part {
            Objects.requireNonNull(sql);
            Objects.requireNonNull(tagOverride);
        }

        public Part(String sql, boolean hidden, Optional<String> tagOverride) {
            this(sql, hidden, tagOverride, false);
        }

        public Part(String sql, boolean hidden) {
            this(sql, hidden, Optional.empty());
        }

        public static Part ddlRecord(String sql) {
            return new Part(sql, true, Optional.empty(), true);
        }

        public static Part visible(String sql) {
            return new Part(sql, false);
        }

        public static Part hidden(String sql) {
            return new Part(sql, true);
        }
    }
}
