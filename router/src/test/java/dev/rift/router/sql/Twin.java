package dev.rift.router.sql;

import dev.rift.storage.testing.TestUpstream;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A branch and its oracle side by side in a real PostgreSQL: {@code branch} is a database with the upstream and
 * branch {@code dev}'s layer ({@link OverlayDatabase}), where statements run as the router decides;
 * {@code copy} is a full copy of the same upstream, where the client's statements run as they are. What a client
 * sees must be the same on both.
 */
final class Twin implements AutoCloseable {
    /** What a client sees for a statement: its error's SQLSTATE, or its rows (as a multiset) or update count. */
    record Outcome(String sqlState, List<List<String>> rows, long updateCount) {
        static Outcome error(SQLException e) {
            return new Outcome(e.getSQLState(), List.of(), -1);
        }
    }

    private final TestUpstream pg;
    private final String branchDb;
    private final String copyDb;
    final Connection branch;
    final Connection copy;
    final Fixture.Session session = new Fixture.Session();
    final StatementRouter router = new StatementRouter();
    private final List<List<String>> upstreamAtStart;
    Decision lastDecision;

    Twin(TestUpstream pg, String template) throws SQLException {
        this.pg = pg;
        this.branchDb = pg.copyDatabase(template);
        this.copyDb = pg.copyDatabase(template);
        this.branch = pg.connect(branchDb);
        this.copy = pg.connect(copyDb);
        this.upstreamAtStart = upstream();
    }

    /** Runs {@code sql} on both sides and asserts the client would see the same; returns what it saw. */
    Outcome same(String sql) throws SQLException {
        Outcome expected = onCopy(sql);
        Outcome actual = onBranch(sql);
        assertEquals(expected, actual, () -> "for " + sql + "\nrift sent " + lastDecision);
        return actual;
    }

    /**
     * Runs {@code sql} (with {@code $n} parameters) as the extended query protocol would, on both sides: each
     * statement is PREPAREd with no parameter types, so PostgreSQL infers them from context as it does for a
     * Parse without types, then EXECUTEd with {@code args} as untyped literals. Every part rift sends must infer
     * exactly the client statement's parameter types, and the client must see the same.
     */
    Outcome samePrepared(String sql, String... args) throws SQLException {
        StringBuilder values = new StringBuilder();
        for (String a : args) {
            values.append(values.length() == 0 ? "" : ", ").append(a == null ? "NULL" : "'" + a.replace("'", "''") + "'");
        }
        String expectedTypes = prepare(copy, "client", sql);
        Outcome expected = inTransaction(copy, List.of(new Decision.Part("EXECUTE client(" + values + ")", false)));
        session.extended = true;
        try {
            lastDecision = router.decide(sql, session);
        } finally {
            session.extended = false;
        }
        List<Decision.Part> parts = lastDecision instanceof Decision.Rewritten r ? r.parts()
                : List.of(new Decision.Part(sql, false));
        List<Decision.Part> executes = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            assertEquals(expectedTypes, prepare(branch, "part" + i, parts.get(i).sql()),
                    "parameter types of " + parts.get(i).sql());
            executes.add(new Decision.Part("EXECUTE part" + i + "(" + values + ")", parts.get(i).hidden()));
        }
        Outcome actual = inTransaction(branch, executes);
        assertEquals(expected, actual, () -> "for " + sql + "\nrift sent " + lastDecision);
        try (Statement s = copy.createStatement(); Statement b = branch.createStatement()) {
            s.execute("DEALLOCATE ALL");
            b.execute("DEALLOCATE ALL");
        }
        return actual;
    }

    private static String prepare(Connection c, String name, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PREPARE " + name + " AS " + sql);
        }
        return query(c, "SELECT parameter_types::text FROM pg_prepared_statements WHERE name = '" + name + "'")
                .get(0).get(0);
    }

    Outcome onCopy(String sql) throws SQLException {
        return inTransaction(copy, List.of(new Decision.Part(sql, false)));
    }

    Outcome onBranch(String sql) throws SQLException {
        lastDecision = router.decide(sql, session);
        if (lastDecision instanceof Decision.Rewritten r) {
            return inTransaction(branch, r.parts());
        }
        if (lastDecision instanceof Decision.Refused r) {
            return new Outcome(r.sqlState(), List.of(), -1);
        }
        return inTransaction(branch, List.of(new Decision.Part(sql, false)));
    }

    /** Runs the parts in one transaction; the outcome is the last visible part's. */
    private static Outcome inTransaction(Connection c, List<Decision.Part> parts) throws SQLException {
        c.setAutoCommit(false);
        Outcome outcome = null;
        try (Statement s = c.createStatement()) {
            for (Decision.Part part : parts) {
                boolean hasRows = s.execute(part.sql());
                while (true) { // a multi-statement part: the client's last result counts here
                    Outcome result = hasRows ? new Outcome(null, rows(s.getResultSet()), -1)
                            : new Outcome(null, List.of(), s.getUpdateCount());
                    if (!hasRows && result.updateCount() == -1) {
                        break;
                    }
                    if (!part.hidden()) {
                        outcome = result;
                    }
                    hasRows = s.getMoreResults();
                }
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            outcome = Outcome.error(e);
        } finally {
            c.setAutoCommit(true);
        }
        return outcome;
    }

    static List<List<String>> rows(ResultSet rs) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        ResultSetMetaData md = rs.getMetaData();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        rows.sort(Comparator.comparing(Object::toString));
        return rows;
    }

    /** Rows of a query run directly (no router) on {@code c}. */
    static List<List<String>> query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    /** Every upstream row and the upstream sequence's position, as the branch database holds them. */
    private List<List<String>> upstream() throws SQLException {
        List<List<String>> all = new ArrayList<>();
        for (String q : List.of("SELECT 'accounts', * FROM public.accounts", "SELECT 'ledger', * FROM public.ledger",
                "SELECT 'events', * FROM public.events", "SELECT 'audit', * FROM audit.accounts",
                "SELECT 'seq', last_value, is_called FROM public.ticket_seq")) {
            all.addAll(query(branch, q));
        }
        return all;
    }

    /** The branch never changes the upstream's own tables or sequences. */
    void assertUpstreamUnchanged() throws SQLException {
        assertEquals(upstreamAtStart, upstream(), "the upstream's rows changed");
    }

    @Override
    public void close() throws SQLException {
        branch.close();
        copy.close();
        pg.dropDatabase(branchDb);
        pg.dropDatabase(copyDb);
    }
}
