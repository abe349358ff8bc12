package dev.rift.router.proxy;

import org.postgresql.PGProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs the same JDBC work on a reference side (PostgreSQL itself, or a full copy) and on the side
 * under test (through rift), and asserts that a client could not tell them apart: equal results,
 * or the same error. The expected value is always what the reference side produced, never a
 * constant in the test.
 *
 * <pre>{@code
 * SideBySide twin = new SideBySide(direct, proxied);
 * Rows rows = twin.same("a join", c -> Results.query(c, "SELECT ..."));
 * SqlError err = twin.sameError("division by zero", c -> Results.query(c, "SELECT 1/0"));
 * try (SideBySide.Sessions s = twin.open(Map.of())) { ... several steps on the same two sessions ... }
 * }</pre>
 */
public final class SideBySide {
    private static final Logger log = LoggerFactory.getLogger(SideBySide.class);

    private final Endpoint reference;
    private final Endpoint underTest;

    public SideBySide(Endpoint reference, Endpoint underTest) {
        this.reference = Objects.requireNonNull(reference);
        this.underTest = Objects.requireNonNull(underTest);
    }

    public Endpoint reference() {
        return reference;
    }

    public Endpoint underTest() {
        return underTest;
    }

    /** Runs {@code work} on a fresh connection per side; both must succeed with equal results. */
    public <T> T same(String what, JdbcWork<T> work) throws SQLException {
        return same(what, Map.of(), work);
    }

    /** As {@link #same(String, JdbcWork)}, with pgjdbc options for both connections. */
    public <T> T same(String what, Map<PGProperty, String> options, JdbcWork<T> work) throws SQLException {
        try (Sessions s = open(options)) {
            return s.same(what, work);
        }
    }

    /** Runs {@code work} on a fresh connection per side; both must fail with the same error. */
    public SqlError sameError(String what, JdbcWork<?> work) throws SQLException {
        try (Sessions s = open(Map.of())) {
            return s.sameError(what, work);
        }
    }

    /** One open connection per side, for comparisons that depend on session state (transactions). */
    public Sessions open(Map<PGProperty, String> options) throws SQLException {
        Connection ref = reference.connect(options);
        try {
            return new Sessions(ref, underTest.connect(options));
        } catch (SQLException | RuntimeException e) {
            ref.close();
            throw e;
        }
    }

    /** What one side's work ended with: a value or an error. */
    public record Outcome(Object value, SqlError error) {
        static Outcome of(Connection c, JdbcWork<?> work) {
            try {
                return new Outcome(work.run(c), null);
            } catch (SQLException e) {
                return new Outcome(null, SqlError.of(e));
            } catch (Exception e) {
                throw new AssertionError("work failed with a non-SQL exception", e);
            }
        }
    }

    /** A reference connection and a connection under test, used in lockstep. */
    public final class Sessions implements AutoCloseable {
        private final Connection referenceConnection;
        private final Connection underTestConnection;

        private Sessions(Connection referenceConnection, Connection underTestConnection) {
            this.referenceConnection = referenceConnection;
            this.underTestConnection = underTestConnection;
        }

        public Connection reference() {
            return referenceConnection;
        }

        public Connection underTest() {
            return underTestConnection;
        }

        /** Both sides ended alike (equal values or equal errors); returns how. */
        public Outcome sameOutcome(String what, JdbcWork<?> work) {
            long start = System.nanoTime();
            Outcome expected = Outcome.of(referenceConnection, work);
            long middle = System.nanoTime();
            Outcome actual = Outcome.of(underTestConnection, work);
            log.debug("{}: {} took {} ms, {} took {} ms", what, reference.label(), (middle - start) / 1_000_000,
                    underTest.label(), (System.nanoTime() - middle) / 1_000_000);
            assertEquals(expected, actual, what + ": " + underTest + " differs from " + reference);
            return expected;
        }

        /** Both sides must succeed with equal results. */
        @SuppressWarnings("unchecked")
        public <T> T same(String what, JdbcWork<T> work) {
            Outcome o = sameOutcome(what, work);
            if (o.error() != null) {
                fail(what + ": expected success, but both sides failed with " + o.error());
            }
            return (T) o.value();
        }

        /** Both sides must fail with the same error. */
        public SqlError sameError(String what, JdbcWork<?> work) {
            Outcome o = sameOutcome(what, work);
            if (o.error() == null) {
                fail(what + ": expected an error, but both sides succeeded with " + o.value());
            }
            return o.error();
        }

        @Override
        public void close() throws SQLException {
            try {
                referenceConnection.close();
            } finally {
                underTestConnection.close();
            }
        }
    }
}
