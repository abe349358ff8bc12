package dev.rift.storage.snapshot;

import dev.rift.storage.pool.BranchStatus;
import dev.rift.storage.pool.PoolSetup;
import dev.rift.storage.pool.Postmaster;
import dev.rift.storage.pool.SnapshotPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot mode on one driver, end to end: {@code rift init --mode snapshot} (a fresh main), data
 * on main, a branch of the running main, writes on the branch that main never sees, a branch of
 * the branch, reset, delete of a running branch, and at the end no postmaster, mount or volume
 * left behind. Postmasters are reached directly here; the proxy's routing is tested in router.
 */
final class PoolLifecycle {

    private static final String PASSWORD = "rift-pool-test";

    private final String driver;
    private final String poolSpec;
    private SnapshotPool pool;

    PoolLifecycle(String driver, String poolSpec) {
        this.driver = driver;
        this.poolSpec = poolSpec;
    }

    void run() throws Exception {
        try {
            steps();
        } finally {
            if (pool != null) {
                pool.stopAll();
            }
        }
        Path dir = pool.driver().poolDirectory();
        pool.driver().destroy(pool.driver().volume(SnapshotPool.MAIN));
        assertEquals(List.of(), pool.driver().list(), "no volume may outlive its branch");
        assertEquals(List.of(), Mounts.mountpointsBelow(dir), "no mount may outlive its branch");
        assertEquals(List.of(), VolumeUsers.of(dir), "no process may still use the pool");
        Files.delete(pool.stateFile());
        Files.deleteIfExists(dir.resolve(".rift-pool.lock"));
    }

    private void steps() throws Exception {
        pool = new PoolSetup(driver, poolSpec, null, null, "app", null, PASSWORD, true).run();
        assertEquals(List.of("main"), names(pool.list()));
        assertFalse(pool.list().get(0).running(), "init leaves main stopped until it is used");

        Postmaster main = start("main");
        exec(main, "create table accounts(id int primary key, owner text not null)");
        exec(main, "insert into accounts select g, 'owner-' || g from generate_series(1, 1000) g");
        String mainAtBranchTime = digest(main);

        // --- a branch of the running main
        pool.create("pr-1", null);
        BranchStatus created = find(pool.list(), "pr-1");
        assertEquals("main", created.parent());
        assertFalse(created.running(), "a new branch's postmaster starts on first use");
        assertTrue(created.usedBytes() >= 0, "the driver reports the branch's size");
        Postmaster branch = start("pr-1");
        assertNotEquals(main.port(), branch.port());
        assertEquals(mainAtBranchTime, digest(branch), "the branch sees main as it was when branched");

        exec(branch, "insert into accounts values (1001, 'written on pr-1')");
        exec(branch, "update accounts set owner = 'changed on pr-1' where id <= 10");
        assertEquals(mainAtBranchTime, digest(main), "main must not see the branch's writes");
        exec(main, "insert into accounts values (1002, 'written on main after branching')");
        assertEquals(List.of("1001:written on pr-1"), rowsAbove1000(branch));

        // --- a branch of the running branch
        String branchNow = digest(branch);
        pool.create("pr-1-child", "pr-1");
        Postmaster child = start("pr-1-child");
        assertEquals(branchNow, digest(child));
        exec(child, "insert into accounts values (1003, 'written on pr-1-child')");
        assertEquals(List.of("1001:written on pr-1"), rowsAbove1000(branch));
        assertEquals(List.of(true, true, true), pool.list().stream().map(BranchStatus::running).toList());

        // --- reset: the branch becomes its parent as the parent is now
        pool.reset("pr-1");
        assertFalse(branch.isRunning(), "reset stops the branch's postmaster");
        Postmaster again = start("pr-1");
        assertEquals(digest(main), digest(again), "a reset branch equals its parent now");

        // --- delete a running branch: its postmaster and volume go, its child lives on
        pool.delete("pr-1");
        assertFalse(again.isRunning(), "delete stops the branch's postmaster");
        assertTrue(pool.driver().find("pr-1").isEmpty(), "delete destroys the branch's volume");
        assertEquals(List.of("main", "pr-1-child"), names(pool.list()));
        assertEquals(List.of("1001:written on pr-1", "1003:written on pr-1-child"), rowsAbove1000(child));

        pool.delete("pr-1-child");
        assertFalse(child.isRunning());
        pool.stop("main");
        assertFalse(main.isRunning());
        assertEquals(List.of(false), pool.list().stream().map(BranchStatus::running).toList());
    }

    // ---------------------------------------------------------------- helpers

    private static BranchStatus find(List<BranchStatus> list, String name) {
        return list.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> names(List<BranchStatus> list) {
        return list.stream().map(BranchStatus::name).toList();
    }

    /** Starts the branch's postmaster, remembering the database it serves: a branch's carries the branch's name. */
    private Postmaster start(String branch) {
        Postmaster p = pool.start(branch);
        DATABASES.put(p.port(), "main".equals(branch) ? "app" : branch);
        return p;
    }

    private static final Map<Integer, String> DATABASES = new ConcurrentHashMap<>();

    static Connection connect(Postmaster p) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + p.port() + "/" + DATABASES.get(p.port()),
                "postgres", PASSWORD);
    }

    private static void exec(Postmaster p, String sql) throws SQLException {
        try (Connection c = connect(p); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Everything in {@code accounts}, condensed: equal digests = equal contents. */
    private static String digest(Postmaster p) throws SQLException {
        try (Connection c = connect(p); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) || '/' || md5(string_agg(id || ':' || owner, ',' "
                     + "order by id)) from accounts")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> rowsAbove1000(Postmaster p) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(p); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id || ':' || owner from accounts where id > 1000 order by id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
