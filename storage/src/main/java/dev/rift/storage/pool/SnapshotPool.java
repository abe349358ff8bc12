package dev.rift.storage.pool;

import dev.rift.storage.BranchName;
import dev.rift.storage.cluster.PgBinaries;
import dev.rift.storage.snapshot.SnapshotDriver;
import dev.rift.storage.snapshot.SnapshotDrivers;
import dev.rift.storage.snapshot.Volume;
import dev.rift.storage.snapshot.ZfsDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Snapshot mode's branches on one pool: each branch (main included) is a volume holding a data
 * directory ({@code VOLUME/pgdata}) that runs as its own postmaster. A branch is made by cloning
 * its parent's volume, consistently even while the parent runs: a CHECKPOINT then an atomic
 * snapshot (btrfs, zfs), or a file-by-file clone inside a base backup (reflink, copy). Every change
 * holds the pool's lock ({@link PoolStateFile}), so the CLI and {@code rift serve} can both work
 * on one pool. Set a pool up with {@link PoolSetup}.
 */
public final class SnapshotPool {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPool.class);
    public static final String MAIN = PoolState.MAIN;
    static final String DATA_DIR = "pgdata";

    private final SnapshotDriver driver;
    private final PoolStateFile file;
    private final Postmasters postmasters;

    SnapshotPool(SnapshotDriver driver, PoolStateFile file, Postmasters postmasters) {
        this.driver = driver;
        this.file = file;
        this.postmasters = postmasters;
    }

    /**
     * The pool set up by {@code rift init --mode snapshot}: {@code pool} is a directory (btrfs,
     * reflink, copy) or a zfs dataset name; the driver is read from the pool's state file.
     */
    public static SnapshotPool open(String pool) {
        if (pool == null || pool.isBlank()) {
            throw new IllegalArgumentException("no snapshot pool given: pass --pool DIR|DATASET or set RIFT_POOL");
        }
        Path dir = isDirectory(pool) ? Path.of(pool).toAbsolutePath().normalize() : new ZfsDriver(pool).poolDirectory();
        PoolStateFile file = new PoolStateFile(dir);
        PoolState state = file.require();
        SnapshotDriver driver = SnapshotDrivers.of(state.driver(), state.pool());
        return new SnapshotPool(driver, file, new Postmasters(PgBinaries.locate()));
    }

    /** A pool argument names a directory if it is a path (absolute, or relative and existing); else a zfs dataset. */
    static boolean isDirectory(String pool) {
        return pool.startsWith("/") || pool.startsWith(".") || Files.isDirectory(Path.of(pool));
    }

    public PoolState state() {
        return file.require();
    }

    public SnapshotDriver driver() {
        return driver;
    }

    public Path stateFile() {
        return file.path();
    }

    /** The data directory of {@code branch}; fails if its volume is missing. */
    public Path dataDir(String branch) {
        return driver.volume(branch).mountpoint().resolve(DATA_DIR);
    }

    // ---------------------------------------------------------------- branches

    /** A new branch cloned from {@code parent} as it is now; its postmaster is started on first use. */
    public BranchStatus create(String name, String parent) {
        String n = requireNewName(name);
        String from = parent == null ? MAIN : parent;
        return file.locked(() -> {
            PoolState state = file.require();
            if (state.has(n)) {
                throw new IllegalStateException("branch \"" + n + "\" already exists");
            }
            if (!state.has(from)) {
                throw new IllegalArgumentException("parent branch \"" + from + "\" does not exist");
            }
            long start = System.nanoTime();
            clone(state, from, n);
            String created = Instant.now().toString();
            file.write(state.with(n, new PoolState.Branch(from, created)));
            log.info("created snapshot branch {} from {} in {} ms ({})", n, from,
                    (System.nanoTime() - start) / 1_000_000, driver.name());
            return new BranchStatus(n, from, created, Optional.empty(), -1);
        });
    }

    /** Stops the branch's postmaster, destroys its volume and forgets it. Branches made from it live on. */
    public void delete(String name) {
        if (MAIN.equals(name)) {
            throw new IllegalArgumentException("main cannot be deleted; it is the pool's source of every branch");
        }
        file.locked(() -> {
            PoolState state = file.require();
            if (!state.has(name)) {
                throw new IllegalArgumentException("branch \"" + name + "\" does not exist");
            }
            destroy(name);
            file.write(state.without(name));
            log.info("deleted snapshot branch {}", name);
        });
    }

    /** Makes the branch a fresh clone of its parent as the parent is now, discarding its changes. */
    public void reset(String name) {
        if (MAIN.equals(name)) {
            throw new IllegalArgumentException("main has no parent to be reset to");
        }
        file.locked(() -> {
            PoolState state = file.require();
            PoolState.Branch b = state.branch(name).orElseThrow(() ->
                    new IllegalArgumentException("branch \"" + name + "\" does not exist"));
            if (!state.has(b.parent())) {
                throw new IllegalStateException("branch \"" + name + "\" cannot be reset: its parent \"" + b.parent()
                        + "\" was deleted");
            }
            destroy(name);
            clone(state, b.parent(), name);
            file.write(state.with(name, new PoolState.Branch(b.parent(), Instant.now().toString())));
            log.info("reset snapshot branch {} to {}", name, b.parent());
        });
    }

    /** Every branch, main first, with whether its postmaster runs and its size as the driver reports it. */
    public List<BranchStatus> list() {
        PoolState state = file.require();
        List<BranchStatus> result = new ArrayList<>();
        List<String> names = new ArrayList<>(state.branches().keySet());
        names.sort((a, b) -> MAIN.equals(a) ? -1 : MAIN.equals(b) ? 1 : a.compareTo(b));
        for (String n : names) {
            PoolState.Branch b = state.branches().get(n);
            Optional<Volume> v = driver.find(n);
            Optional<Postmaster> p = v.flatMap(vol -> Postmaster.on(vol.mountpoint().resolve(DATA_DIR)));
            result.add(new BranchStatus(n, b.parent(), b.created(), p, v.map(driver::usedBytes).orElse(-1L)));
        }
        return result;
    }

    // ---------------------------------------------------------------- postmasters

    /** The branch's running postmaster, if any. */
    public Optional<Postmaster> running(String name) {
        return driver.find(name).flatMap(v -> Postmaster.on(v.mountpoint().resolve(DATA_DIR)));
    }

    /** Starts the branch's postmaster unless it runs; returns it. */
    public Postmaster start(String name) {
        Optional<Postmaster> already = running(name);
        if (already.isPresent()) {
            return already.get(); // without waiting for the lock, which a long clone may hold
        }
        return file.locked(() -> {
            PoolState state = file.require();
            if (!state.has(name)) {
                throw new IllegalArgumentException("branch \"" + name + "\" does not exist");
            }
            Path dataDir = dataDir(name);
            Optional<Postmaster> running = Postmaster.on(dataDir);
            if (running.isPresent()) {
                return running.get();
            }
            Postmasters.forgetSourceProcess(dataDir); // a stale pid file or socket lock from a crash
            Postmaster started = postmasters.start(dataDir, state.superuser(), null, state.fast());
            // A branch's database carries the branch's name, as a copy named after the branch would (the router
            // connects clients to it by that name); main's keeps the pool's database name.
            if (!MAIN.equals(name)) {
                postmasters.renameDatabase(dataDir, started, state.superuser(), lineage(state, name), name);
            }
            return started;
        });
    }

    /**
     * The names the database may have in a clone of {@code branch}'s parent, nearest first: a parent not started
     * since it was cloned still has its own parent's name, and main's is the pool's database.
     */
    private static List<String> lineage(PoolState state, String branch) {
        List<String> names = new ArrayList<>();
        String parent = state.branch(branch).map(PoolState.Branch::parent).orElse(null);
        while (parent != null && !MAIN.equals(parent) && !names.contains(parent)) {
            names.add(parent);
            parent = state.branch(parent).map(PoolState.Branch::parent).orElse(null);
        }
        names.add(state.database());
        return names;
    }

    /** Stops the branch's postmaster if it runs; returns whether it did. */
    public boolean stop(String name) {
        return file.locked(() -> driver.find(name).map(v -> postmasters.stop(v.mountpoint().resolve(DATA_DIR)))
                .orElse(false));
    }

    /** Stops every branch's postmaster. */
    public void stopAll() {
        for (String n : file.require().branches().keySet()) {
            stop(n);
        }
    }

    /**
     * After a crash of the process that ran this pool: forgets branches whose volume is gone
     * (a delete that crashed after destroying it), destroys volumes no branch records (a create
     * that crashed before recording it), stopping any postmaster in them first. Postmasters of
     * recorded branches are left running, to be adopted. Returns what it found, for the log.
     */
    public Recovery recover() {
        return file.locked(() -> {
            PoolState state = file.require();
            List<String> forgotten = new ArrayList<>();
            List<String> destroyed = new ArrayList<>();
            List<String> adopted = new ArrayList<>();
            List<Volume> volumes = driver.list();
            for (String n : state.branches().keySet()) {
                if (volumes.stream().noneMatch(v -> v.name().equals(n))) {
                    forgotten.add(n);
                }
            }
            for (Volume v : volumes) {
                if (!state.has(v.name())) {
                    postmasters.stop(v.mountpoint().resolve(DATA_DIR));
                    driver.destroy(v);
                    destroyed.add(v.name());
                } else if (Postmaster.on(v.mountpoint().resolve(DATA_DIR)).isPresent()) {
                    adopted.add(v.name());
                }
            }
            PoolState cleaned = state;
            for (String n : forgotten) {
                cleaned = cleaned.without(n);
            }
            if (!forgotten.isEmpty()) {
                file.write(cleaned);
            }
            Recovery r = new Recovery(adopted, forgotten, destroyed);
            log.info("snapshot pool {}: {}", driver.pool(), r);
            return r;
        });
    }

    /** What {@link #recover()} did: postmasters adopted, branches forgotten, stray volumes destroyed. */
    public record Recovery(List<String> adopted, List<String> forgotten, List<String> destroyed) {
    }

    // ---------------------------------------------------------------- internals

    private static String requireNewName(String name) {
        if (!BranchName.isValid(name)) {
            new BranchName(name); // throws with the naming rule
        }
        if (MAIN.equals(name) || "rift".equals(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is reserved; pick another branch name");
        }
        return name;
    }

    /** Clones {@code from}'s volume to {@code name} consistently, whether {@code from} runs or not. */
    private void clone(PoolState state, String from, String name) {
        Volume source = driver.volume(from);
        Path sourceData = source.mountpoint().resolve(DATA_DIR);
        Optional<Postmaster> live = Postmaster.on(sourceData);
        Volume clone;
        if (live.isEmpty()) {
            clone = driver.clone(source, name); // stopped (or crashed): nothing writes meanwhile
        } else if (driver.pointInTimeClones()) {
            postmasters.checkpoint(sourceData, live.get(), state.superuser()); // short recovery on the clone's start
            clone = driver.clone(source, name);
        } else {
            clone = cloneInsideBackup(state, source, live.get(), name);
        }
        Postmasters.forgetSourceProcess(clone.mountpoint().resolve(DATA_DIR));
    }

    /**
     * File by file, a running cluster is only consistent as a base backup: the copy is taken
     * between pg_backup_start and pg_backup_stop, gets the backup label, and then the WAL written
     * up to the backup's end is copied again (the first copy of pg_wal predates it).
     */
    private Volume cloneInsideBackup(PoolState state, Volume source, Postmaster live, String name) {
        Path sourceData = source.mountpoint().resolve(DATA_DIR);
        Volume clone;
        String label;
        try (OnlineBackup backup = OnlineBackup.start(postmasters, sourceData, live, state.superuser(),
                "rift branch " + name)) {
            clone = driver.clone(source, name);
            try {
                label = backup.stop();
            } catch (RuntimeException e) {
                driver.destroy(clone);
                throw e;
            }
        }
        Path cloneData = clone.mountpoint().resolve(DATA_DIR);
        PgFiles.writeForPostgres(cloneData.resolve("backup_label"), label);
        PgFiles.copyContents(sourceData.resolve("pg_wal"), cloneData.resolve("pg_wal"));
        return clone;
    }

    private void destroy(String name) {
        Optional<Volume> v = driver.find(name);
        if (v.isPresent()) {
            postmasters.stop(v.get().mountpoint().resolve(DATA_DIR));
            driver.destroy(v.get());
        }
    }
}
