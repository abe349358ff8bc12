package dev.rift.storage.snapshot;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.LocalCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What snapshot mode does with a driver, end to end on real PostgreSQL: main's cluster runs in
 * volume {@code main}; after a CHECKPOINT its volume is cloned while it runs (a branch), the clone
 * is started as its own postmaster, both are written to independently, the branch is branched
 * again, the branch is destroyed while its child lives on, and everything is stopped and destroyed,
 * leaving the pool empty. Clusters still running when a step fails are stopped on the way out.
 */
final class BranchLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BranchLifecycle.class);
    private static final String PASSWORD = "rift-snapshot-test";
    private static final Duration USED_BYTES_WAIT = Duration.ofSeconds(30);

    /** What cloning should cost, per driver. */
    enum CloneCost {
        /** The driver's usedBytes of a fresh clone is a small fraction of the source (btrfs, zfs). */
        SHARED_PER_DRIVER,
        /** The pool filesystem's allocated space barely grows (reflink: du cannot see sharing). */
        SHARED_PER_FILESYSTEM,
        /** A real copy: the clone's usedBytes is at least most of the source. */
        FULL_COPY
    }

    private final SnapshotDriver driver;
    private final CloneCost cost;
    private final List<LocalCluster> started = new ArrayList<>();

    BranchLifecycle(SnapshotDriver driver, CloneCost cost) {
        this.driver = driver;
        this.cost = cost;
    }

    void run() throws Exception {
        try {
            runSteps();
        } finally {
            for (LocalCluster c : started) {
                c.stop();
            }
        }
    }

    private void runSteps() throws Exception {
        Volume main = driver.createVolume(VolumeNames.MAIN);
        assertEquals(List.of(VolumeNames.MAIN), names(driver.list()));
        assertEquals(main, driver.volume(VolumeNames.MAIN));
        handToPostgres(main.mountpoint());

        LocalCluster source = start(main, false);
        exec(source, "create table accounts(id int primary key, owner text not null)");
        exec(source, "insert into accounts select g, 'owner-' || g from generate_series(1, 1000) g");
        String mainAtBranchTime = digest(source);
        exec(source, "checkpoint");

        // --- branch pr-1 of the running main
        long sourceBytes = apparentSize(main.mountpoint());
        long allocatedBefore = allocated(main.mountpoint());
        Volume branch = driver.clone(main, "pr-1");
        checkCloneCost(branch, sourceBytes, allocatedBefore);
        assertEquals(List.of(VolumeNames.MAIN, "pr-1"), names(driver.list()));
        assertNotEquals(main.mountpoint(), branch.mountpoint());

        LocalCluster onBranch = start(branch, true);
        assertNotEquals(source.port(), onBranch.port());
        assertEquals(mainAtBranchTime, digest(onBranch), "the branch sees main as of the checkpoint");

        exec(onBranch, "insert into accounts values (1001, 'written on pr-1')");
        exec(source, "insert into accounts values (1002, 'written on main after branching')");
        assertEquals(List.of("1001:written on pr-1"), rowsAbove1000(onBranch));
        assertEquals(List.of("1002:written on main after branching"), rowsAbove1000(source));

        // --- the branch's used bytes grow as it diverges
        long branchUsedBefore = driver.usedBytes(branch);
        exec(onBranch, "create table ballast as select g, repeat(md5(g::text), 16) as filler "
                + "from generate_series(1, 40000) g");
        exec(onBranch, "checkpoint");
        long ballastBytes = queryLong(onBranch, "select pg_total_relation_size('ballast')");
        long[] lastSeen = {branchUsedBefore};
        awaitTrue(() -> {
            lastSeen[0] = driver.usedBytes(branch);
            return lastSeen[0] - branchUsedBefore >= ballastBytes / 2;
        }, () -> "usedBytes(pr-1) should grow by at least half of the " + ballastBytes + " bytes written to it: was "
                + branchUsedBefore + ", now " + lastSeen[0]);
        log.info("{}: usedBytes(pr-1) went from {} to {} after writing {} bytes", driver.name(), branchUsedBefore,
                lastSeen[0], ballastBytes);
        assertNull(queryString(source, "select to_regclass('ballast')::text"), "main must not see the branch's table");

        // --- a branch of the branch
        String branchNow = digest(onBranch);
        long ballastRows = queryLong(onBranch, "select count(*) from ballast");
        Volume child = driver.clone(branch, "pr-1-child");
        LocalCluster onChild = start(child, true);
        assertEquals(branchNow, digest(onChild));
        assertEquals(ballastRows, queryLong(onChild, "select count(*) from ballast"));
        exec(onChild, "insert into accounts values (1003, 'written on pr-1-child')");
        assertEquals(List.of("1001:written on pr-1", "1003:written on pr-1-child"), rowsAbove1000(onChild));
        assertEquals(List.of("1001:written on pr-1"), rowsAbove1000(onBranch));

        // --- a volume in use cannot be destroyed, and is left intact
        VolumeBusyException busy = assertThrows(VolumeBusyException.class, () -> driver.destroy(branch));
        assertTrue(busy.users().stream().anyMatch(u -> u.startsWith("pid " + onBranch.pid() + " ")),
                "the branch's postmaster should be named among the users: " + busy.getMessage());
        assertEquals(branch, driver.volume("pr-1"));
        assertEquals(branchNow, digest(onBranch));

        // --- destroying the branch leaves its own branch working
        stop(onBranch);
        driver.destroy(branch);
        assertEquals(List.of(VolumeNames.MAIN, "pr-1-child"), names(driver.list()));
        assertTrue(driver.find("pr-1").isEmpty());
        assertFalse(Mounts.isMountpoint(branch.mountpoint()), branch.mountpoint() + " is still mounted");
        assertEquals(List.of("1001:written on pr-1", "1003:written on pr-1-child"), rowsAbove1000(onChild));
        exec(onChild, "update ballast set filler = upper(filler)");
        exec(onChild, "checkpoint");
        assertEquals(ballastRows, queryLong(onChild, "select count(*) from ballast where filler = upper(filler)"));

        // --- tear down: stop every postmaster, destroy every volume
        stop(onChild);
        driver.destroy(child);
        stop(source);
        assertEquals(List.of(VolumeNames.MAIN), names(driver.list()));
        driver.destroy(main);
        assertEquals(List.of(), driver.list());
        for (Volume v : List.of(main, branch, child)) {
            assertEquals(List.of(), Mounts.mountpointsAtOrBelow(v.mountpoint()).stream()
                    .filter(m -> !m.equals(Path.of(driver.pool()))).toList(), "mounts left at " + v.mountpoint());
        }
    }

    private void checkCloneCost(Volume clone, long sourceBytes, long allocatedBefore) throws IOException {
        switch (cost) {
            case SHARED_PER_DRIVER -> {
                long used = driver.usedBytes(clone);
                log.info("{}: fresh clone of {} bytes: usedBytes {}", driver.name(), sourceBytes, used);
                assertTrue(used < sourceBytes / 4, "a fresh " + driver.name() + " clone should share the source's "
                        + sourceBytes + " bytes, but usedBytes says " + used);
            }
            case SHARED_PER_FILESYSTEM -> {
                long grown = allocated(clone.mountpoint()) - allocatedBefore;
                log.info("{}: fresh clone of {} bytes: filesystem allocation grew {}", driver.name(), sourceBytes, grown);
                assertTrue(grown < sourceBytes / 4, "cloning " + sourceBytes + " bytes should share extents, but "
                        + "the filesystem's allocated space grew by " + grown);
            }
            case FULL_COPY -> {
                long used = driver.usedBytes(clone);
                log.info("{}: fresh clone of {} bytes: usedBytes {}", driver.name(), sourceBytes, used);
                assertTrue(used >= sourceBytes / 2, "a full copy of " + sourceBytes + " bytes should occupy "
                        + "about as much, but usedBytes says " + used);
            }
            default -> fail("unknown cost " + cost);
        }
    }

    // ---------------------------------------------------------------- clusters

    /** Starts PostgreSQL on {@code volume/pgdata}; a clone carries its source's postmaster.pid, removed first. */
    private LocalCluster start(Volume volume, boolean isClone) throws IOException {
        Path dataDir = volume.mountpoint().resolve("pgdata");
        if (isClone) {
            Files.delete(dataDir.resolve("postmaster.pid")); // must exist: the source was running
        }
        LocalCluster c = LocalCluster.builder()
                .dataDir(dataDir)
                .password(PASSWORD)
                // Nothing writes behind our back while a non-atomic driver copies file by file.
                .setting("autovacuum", "off")
                .start();
        started.add(c);
        return c;
    }

    private static void stop(LocalCluster c) {
        c.stop();
        assertFalse(isAlive(c.pid()), "postmaster " + c.pid() + " still alive after stop");
    }

    /** Alive = exists and is not a zombie (the VM's init may be slow to reap orphans). */
    private static boolean isAlive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false; // no such process
        }
    }

    /** The volume's root goes to the postgres OS user (LocalCluster runs it as that user when root). */
    private static void handToPostgres(Path dir) throws IOException {
        if (!ExternalCommand.runningAsRoot()) {
            return;
        }
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(LocalCluster.POSTGRES_OS_USER);
        Files.setOwner(dir, postgres);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    // ---------------------------------------------------------------- queries

    private static void exec(LocalCluster c, String sql) throws SQLException {
        try (Connection conn = c.connect("postgres"); Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    /** Everything in {@code accounts}, condensed: equal digests = equal contents. */
    private static String digest(LocalCluster c) throws SQLException {
        return queryString(c, "select count(*) || '/' || sum(id) || '/' || "
                + "md5(string_agg(id || ':' || owner, ',' order by id)) from accounts");
    }

    private static List<String> rowsAbove1000(LocalCluster c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection conn = c.connect("postgres"); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("select id || ':' || owner from accounts where id > 1000 order by id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static String queryString(LocalCluster c, String sql) throws SQLException {
        try (Connection conn = c.connect("postgres"); Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long queryLong(LocalCluster c, String sql) throws SQLException {
        return Long.parseLong(queryString(c, sql));
    }

    // ---------------------------------------------------------------- measuring

    private static List<String> names(List<Volume> volumes) {
        return volumes.stream().map(Volume::name).toList();
    }

    /** Sum of file sizes under {@code dir} (files vanishing meanwhile are skipped). */
    private static long apparentSize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(p -> {
                try {
                    return Files.isRegularFile(p) ? Files.size(p) : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    /** Space allocated on the filesystem holding {@code dir}, after flushing it. */
    private static long allocated(Path dir) throws IOException {
        ExternalCommand.of("sync", "-f", dir.toString()).run();
        FileStore store = Files.getFileStore(dir);
        return store.getTotalSpace() - store.getUnallocatedSpace();
    }

    private static void awaitTrue(BooleanSupplier condition, Supplier<String> message)
            throws InterruptedException {
        long deadline = System.nanoTime() + USED_BYTES_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(message.get());
            }
            log.debug("waiting: {}", message.get());
            Thread.sleep(250); // zfs reports space per transaction group: poll until it has synced
        }
    }
}
