package dev.rift.storage.pool;

import dev.rift.storage.cluster.ExternalCommand;
import dev.rift.storage.cluster.LocalCluster;
import dev.rift.storage.cluster.PgBinaries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts and stops the postmasters of a pool's data directories. Starting goes through
 * {@link LocalCluster} (its managed configuration: 127.0.0.1 only, a free port, the socket inside
 * the data directory, run as the {@code postgres} OS user when root). Stopping works on any
 * postmaster, also one another rift process started: {@code pg_ctl stop -m fast}, then SIGKILL if
 * it lingers. Postmasters are daemons: they outlive the JVM that started it only if it is killed
 * outright (a normal exit stops them through LocalCluster's shutdown hook), which is what
 * {@code rift serve} adopts on restart.
 */
final class Postmasters {

    private static final Logger log = LoggerFactory.getLogger(Postmasters.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** LocalCluster needs one to initdb; a data directory that exists already keeps its own users. */
    private static final String UNUSED_PASSWORD = "unused-for-an-existing-data-directory";

    private final PgBinaries binaries;
    private final Map<Path, LocalCluster> started = new ConcurrentHashMap<>();

    Postmasters(PgBinaries binaries) {
        this.binaries = binaries;
    }

    PgBinaries binaries() {
        return binaries;
    }

    /** Starts PostgreSQL on {@code dataDir} (initdb first if it is empty) and returns it. */
    Postmaster start(Path dataDir, String superuser, String password, boolean fast) {
        LocalCluster c = LocalCluster.builder()
                .binaries(binaries)
                .dataDir(dataDir)
                .superuser(superuser)
                .password(password == null ? UNUSED_PASSWORD : password)
                .durability(fast ? LocalCluster.Durability.FAST : LocalCluster.Durability.DURABLE)
                .start();
        started.put(dataDir, c);
        return new Postmaster(c.pid(), c.port());
    }

    /** Stops the postmaster on {@code dataDir} if one runs; returns whether one did. */
    boolean stop(Path dataDir) {
        LocalCluster own = started.remove(dataDir);
        Optional<Postmaster> running = Postmaster.on(dataDir);
        if (own != null && running.isPresent() && running.get().pid() == own.pid()) {
            own.stop();
        } else if (running.isPresent()) {
            ExternalCommand.Result r = pg(List.of(binaries.pgCtl().toString(), "-D", dataDir.toString(), "-m", "fast",
                    "-w", "-t", Long.toString(STOP_GRACE.toSeconds()), "stop"), STOP_GRACE.plusSeconds(10))
                    .runAllowingFailure();
            if (!r.succeeded()) {
                log.warn("pg_ctl stop of {} failed (exit {}): {}", dataDir, r.exitCode(), (r.stderr() + r.stdout()).trim());
            }
        }
        running.ifPresent(p -> awaitDeath(p.pid()));
        if (running.isPresent()) {
            log.info("stopped postmaster {} of {}", running.get().pid(), dataDir);
        }
        return running.isPresent();
    }

    /** {@code CHECKPOINT} on a running postmaster, over its Unix socket (trusted locally). */
    void checkpoint(Path dataDir, Postmaster p, String superuser) {
        pg(psql(dataDir, p, superuser, List.of("-c", "CHECKPOINT")), Duration.ofMinutes(10)).run();
    }

    /**
     * Renames the clone's database to {@code name} unless a database of that name is there already (a restart): the
     * first of {@code from} that exists is the one the clone was made with. From template1, since a database cannot
     * be renamed while connected to it, and nothing else is connected before the branch serves.
     */
    void renameDatabase(Path dataDir, Postmaster p, String superuser, List<String> from, String name) {
        String candidates = from.stream().map(Postmasters::literal)
                .collect(java.util.stream.Collectors.joining(", ", "ARRAY[", "]::pg_catalog.name[]"));
        String sql = "DO $rift$ DECLARE source pg_catalog.name; BEGIN"
                + " IF EXISTS (SELECT 1 FROM pg_catalog.pg_database WHERE datname = " + literal(name) + ") THEN RETURN; END IF;"
                + " SELECT d.datname INTO source FROM pg_catalog.unnest(" + candidates + ") WITH ORDINALITY AS c(n, i)"
                + " JOIN pg_catalog.pg_database d ON d.datname = c.n ORDER BY c.i LIMIT 1;"
                + " IF source IS NOT NULL THEN"
                + " EXECUTE pg_catalog.format('ALTER DATABASE %I RENAME TO %I', source, " + literal(name) + ");"
                + " END IF; END $rift$";
        pg(psql(dataDir, p, superuser, List.of("-d", "template1", "-c", sql)), Duration.ofMinutes(1)).run();
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** psql's argument list for the postmaster on {@code dataDir}, as {@code superuser}, without a password. */
    List<String> psql(Path dataDir, Postmaster p, String superuser, List<String> more) {
        List<String> argv = new java.util.ArrayList<>(List.of(binaries.psql().toString(), "-X", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-h", dataDir.resolve("socket").toString(), "-p", Integer.toString(p.port()),
                "-U", superuser, "-d", "postgres"));
        argv.addAll(more);
        return argv;
    }

    /** A PostgreSQL program run as the {@code postgres} OS user when root, from {@code /}. */
    static ExternalCommand pg(List<String> argv, Duration timeout) {
        ExternalCommand c = ExternalCommand.of(argv).timeout(timeout).directory(Path.of("/"))
                .withoutEnv("PGDATA").withoutEnv("PGPORT").withoutEnv("PGHOST").withoutEnv("PGUSER")
                .withoutEnv("PGDATABASE").withoutEnv("PGPASSWORD").withoutEnv("PGOPTIONS");
        return ExternalCommand.runningAsRoot() ? c.asUser(LocalCluster.POSTGRES_OS_USER) : c;
    }

    /**
     * Makes a cloned data directory startable: drops the source's {@code postmaster.pid} and its
     * socket and socket lock files (the source may still be running, with those PIDs alive).
     */
    static void forgetSourceProcess(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
            Path socketDir = dataDir.resolve("socket");
            if (Files.isDirectory(socketDir)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(socketDir)) {
                    for (Path e : entries) {
                        Files.deleteIfExists(e);
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot prepare cloned data directory " + dataDir + ": " + e, e);
        }
    }

    private static void awaitDeath(long pid) {
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        while (Postmaster.isPostgres(pid) && System.nanoTime() < deadline) {
            pause();
        }
        if (Postmaster.isPostgres(pid)) {
            log.warn("postmaster {} still alive {} s after stop; killing it", pid, STOP_GRACE.toSeconds());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            long killDeadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (Postmaster.isPostgres(pid) && System.nanoTime() < killDeadline) {
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20); // polling /proc: there is no portable wait for a process we did not fork
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a postmaster to exit", e);
        }
    }
}
