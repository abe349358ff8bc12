package dev.rift.router.branch;

import dev.rift.storage.testing.TestUpstream;
import dev.rift.storage.testing.UpstreamExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.rift.router.branch.LocksOnBranchTest.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Notification channels and advisory lock keys are per branch: a branch's sessions hear and contend with each
 * other, never with main or another branch, whichever form of the command or function they use.
 */
@ExtendWith(UpstreamExtension.class)
class NotificationsAndAdvisoryLocksOnBranchTest {
    private static BranchFixture f;

    @BeforeAll
    static void start(TestUpstream pg) throws Exception {
        f = BranchFixture.start(pg, "CREATE TABLE t (id int PRIMARY KEY)");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void aNotificationReachesListenersOfItsBranchOnlyUnderTheClientsChannelName(String mode) throws Exception {
        String a = "notify-a-" + mode;
        String b = "notify-b-" + mode;
        f.createBranch(a, null);
        f.createBranch(b, null);
        try (Connection sender = f.branch(a, mode); Connection sameBranch = f.branch(a, mode);
             Connection otherBranch = f.branch(b, mode); Connection main = f.upstream()) {
            for (Connection c : List.of(sender, sameBranch, otherBranch, main)) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN jobs");
                    st.execute("LISTEN \"Other Channel\"");
                }
            }
            try (Statement st = sender.createStatement()) {
                st.execute("NOTIFY jobs, 'one'");
                st.execute("SELECT pg_notify('Other Channel', 'two')");
                st.execute("SELECT pg_catalog.pg_notify('jobs', 'three')");
            }
            List<String> expected = List.of("jobs:one", "Other Channel:two", "jobs:three");
            assertEquals(expected, notifications(sameBranch, 3));
            assertEquals(expected, notifications(sender, 3), "a session hears its own notifications");
            assertEquals(List.of(), notifications(otherBranch, 0), "another branch hears nothing");
            assertEquals(List.of(), notifications(main, 0), "main hears nothing");

            try (Statement st = main.createStatement()) {
                st.execute("NOTIFY jobs, 'from main'");
            }
            assertEquals(List.of("jobs:from main"), notifications(main, 1));
            assertEquals(List.of(), notifications(sameBranch, 0), "main's notifications do not reach a branch");

            try (Statement st = sameBranch.createStatement()) {
                assertEquals(List.of("Other Channel", "jobs"),
                        strings(st, "SELECT c FROM pg_listening_channels() AS c ORDER BY c"));
                st.execute("UNLISTEN jobs");
                assertEquals(List.of("Other Channel"), strings(st, "SELECT pg_listening_channels()"));
            }
        }
    }

    /** What arrives within the next moment (waiting up to a few seconds for {@code atLeast} of them). */
    private static List<String> notifications(Connection c, int atLeast) throws SQLException {
        List<String> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + (atLeast == 0 ? 500 : 5000);
        while (System.currentTimeMillis() < deadline && (out.size() < atLeast || atLeast == 0)) {
            PGNotification[] got = c.unwrap(PGConnection.class).getNotifications(100);
            if (got != null) {
                for (PGNotification n : got) {
                    out.add(n.getName() + ":" + n.getParameter());
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "extended"})
    void advisoryLockKeysOfABranchAreItsOwn(String mode) throws Exception {
        String a = "advisory-a-" + mode;
        String b = "advisory-b-" + mode;
        f.createBranch(a, null);
        f.createBranch(b, null);
        try (Connection holder = f.branch(a, mode); Connection sameBranch = f.branch(a, mode);
             Connection otherBranch = f.branch(b, mode); Connection main = f.upstream();
             Statement h = holder.createStatement(); Statement s = sameBranch.createStatement();
             Statement o = otherBranch.createStatement(); Statement m = main.createStatement()) {
            assertEquals("t", bool(m, "SELECT pg_try_advisory_lock(7)"));
            assertEquals("t", bool(m, "SELECT pg_try_advisory_lock(1, 2)"));
            assertEquals("t", bool(h, "SELECT pg_try_advisory_lock(7)"), "main's key 7 is not the branch's");
            assertEquals("t", bool(h, "SELECT pg_catalog.pg_try_advisory_lock(1, 2)"));
            h.execute("SELECT pg_advisory_lock_shared(9)");

            assertEquals("f", bool(s, "SELECT pg_try_advisory_lock(7)"), "the branch's own sessions contend");
            assertEquals("f", bool(s, "SELECT pg_catalog.pg_try_advisory_lock(7)"));
            assertEquals("f", bool(s, "SELECT pg_try_advisory_xact_lock(1, 2)"));
            assertEquals("t", bool(s, "SELECT pg_try_advisory_lock_shared(9)"), "shared with shared");
            assertEquals("f", bool(s, "SELECT pg_try_advisory_lock(9)"));
            try (PreparedStatement p = sameBranch.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                p.setLong(1, 7);
                assertEquals("f", bool(p));
            }
            assertEquals("t", bool(o, "SELECT pg_try_advisory_lock(7)"), "another branch's keys are its own");
            assertEquals("t", bool(o, "SELECT pg_try_advisory_lock(1, 2)"));

            assertEquals("t", bool(h, "SELECT pg_advisory_unlock(7)"));
            assertEquals("t", bool(s, "SELECT pg_try_advisory_lock(7)"));
            assertEquals("f", bool(h, "SELECT pg_try_advisory_lock(7)"));
            assertEquals("t", bool(m, "SELECT pg_advisory_unlock(7)"), "main still held its own key 7");
            h.execute("SELECT pg_advisory_unlock_all()");
            assertEquals("t", bool(s, "SELECT pg_try_advisory_xact_lock(1, 2)"));
        }
    }

    private static String bool(Statement st, String sql) throws SQLException {
        return strings(st, sql).get(0);
    }

    private static String bool(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
