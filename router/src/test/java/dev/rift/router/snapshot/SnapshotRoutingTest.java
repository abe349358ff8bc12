package dev.rift.router.snapshot;

import dev.rift.router.AutoCreate;
import dev.rift.storage.pool.Postmaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot branches behind the proxy: the database name picks the branch, each branch is its own
 * postmaster (started on first connection), and with auto-create a client connecting to a branch
 * that does not exist is held until it has been made, then served.
 */
class SnapshotRoutingTest {

    private static SnapshotFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = SnapshotFixture.create("create table items(id int primary key, name text not null)",
                "insert into items select g, 'item-' || g from generate_series(1, 100) g");
        f.serve(AutoCreate.of("preview-[0-9]+"), Duration.ofMinutes(15));
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void eachBranchIsRoutedToItsOwnPostmasterWhichItStartsOnFirstConnection() throws Exception {
        f.pool.create("pr-1", null);
        assertTrue(f.pool.running("pr-1").isEmpty(), "created, not yet started");

        try (Connection main = f.connect("main"); Connection branch = f.connect("pr-1")) {
            Postmaster p = f.pool.running("pr-1").orElseThrow(() -> new AssertionError("pr-1 was not started"));
            assertEquals(p.port(), one(branch, "select inet_server_port()"));
            assertEquals(f.pool.running("main").orElseThrow().port(), one(main, "select inet_server_port()"));
            assertEquals("pr-1", text(branch, "select current_database()"), "a branch answers with its own name, as a copy would");
            assertEquals("app", text(main, "select current_database()"), "main keeps the pool's database");

            exec(branch, "delete from items where id > 50");
            exec(branch, "alter table items add column price numeric");
            assertEquals(50, one(branch, "select count(*) from items"));
            assertEquals(100, one(main, "select count(*) from items"), "main must not see the branch's writes");
            assertEquals(0, one(main, "select count(*) from information_schema.columns "
                    + "where table_name = 'items' and column_name = 'price'"));
        }
    }

    @Test
    void aBranchOfABranchStartsFromItsParentAsItWasThen() throws Exception {
        f.pool.create("pr-2", null);
        try (Connection parent = f.connect("pr-2")) {
            exec(parent, "insert into items values (1001, 'on pr-2')");
            f.pool.create("pr-2-child", "pr-2");
            exec(parent, "insert into items values (1002, 'on pr-2 after the child')");
            try (Connection child = f.connect("pr-2-child")) {
                assertEquals(101, one(child, "select count(*) from items"));
                assertEquals(1001, one(child, "select max(id) from items"));
                assertEquals("pr-2-child", text(child, "select current_database()"), "cloned from pr-2's database");
            }
        }
        f.pool.create("pr-3", null);
        f.pool.create("pr-3-child", "pr-3"); // its parent never started: its database still has main's name
        try (Connection child = f.connect("pr-3-child"); Connection parent = f.connect("pr-3")) {
            assertEquals("pr-3-child", text(child, "select current_database()"));
            assertEquals("pr-3", text(parent, "select current_database()"));
        }
    }

    @Test
    void anUnknownBranchIsRefusedWith3D000WhenItsNameDoesNotMatchAutoCreate() {
        SQLException e = assertThrows(SQLException.class, () -> f.connect("feature-x").close());
        assertEquals("3D000", e.getSQLState());
        assertTrue(e.getMessage().contains("branch \"feature-x\" does not exist"), e.getMessage());
        assertFalse(f.pool.state().has("feature-x"));
    }

    @Test
    void clientsConnectingToAMissingBranchThatAutoCreateAllowsAreHeldUntilItIsReadyThenServed() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Long> client = () -> {
                    try (Connection c = f.connect("preview-7")) {
                        return one(c, "select count(*) from items");
                    }
                };
                answers.add(clients.submit(client));
            }
            for (Future<Long> a : answers) {
                assertEquals(100L, a.get());
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals("main", f.pool.state().branch("preview-7").orElseThrow().parent());
    }

    @Test
    void deletingABranchEndsItsSessionsAsPostgresEndsThemOnShutdown() throws Exception {
        f.pool.create("pr-3", null);
        try (Connection c = f.connect("pr-3")) {
            assertEquals(100, one(c, "select count(*) from items"));
            f.pool.delete("pr-3");
            SQLException e = assertThrows(SQLException.class, () -> one(c, "select 1"));
            assertEquals("57P01", e.getSQLState(), e.getMessage());
        }
        SQLException gone = assertThrows(SQLException.class, () -> f.connect("pr-3").close());
        assertEquals("3D000", gone.getSQLState());
    }

    static long one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
