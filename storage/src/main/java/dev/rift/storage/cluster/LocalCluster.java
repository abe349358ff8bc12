package dev.rift.storage.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A throwaway PostgreSQL cluster on this machine: {@code initdb}, configure, {@code pg_ctl start},
 * and on {@link #close()} stop it and (when this class made the directory) delete it.
 *
 * <p>Configuration written on every start (a managed block at the end of {@code postgresql.conf},
 * replaced when an existing data directory is started again): listens on 127.0.0.1 only, on the
 * given port; Unix socket in {@code <dataDir>/socket} (so no /var/run permissions are needed; the
 * data directory is mode 0700, so only its owner and root can reach the socket);
 * {@code max_connections=600}, {@code shared_buffers=128MB}, plus the {@link Durability} settings.
 * {@code pg_hba.conf} allows {@code host all all 127.0.0.1/32 scram-sha-256} and
 * {@code local all all trust} (plus the same for replication). See {@link ClusterFiles}.
 *
 * <p>When the JVM runs as root, every PostgreSQL binary runs as the {@code postgres} OS user (via
 * {@code runuser}), and directories this class creates are chowned to it. A directory passed in
 * must be reachable by that user (every parent searchable), which is checked up front.
 *
 * <p>Starting an existing data directory (one with {@code PG_VERSION}) skips {@code initdb} and only
 * rewrites the managed configuration, so a cloned data directory can be started on its own port.
 * (A clone taken from a running cluster carries that cluster's {@code postmaster.pid}; delete it
 * before starting the clone.) See {@link ClusterStart}.
 *
 * <p>Clusters still running when the JVM exits are stopped by a shutdown hook, by PID (SIGINT =
 * fast shutdown, then SIGKILL after 10 s), and their temporary directories deleted
 * ({@link LiveClusters}). A JVM killed outright runs no hook; so each temp directory records its
 * owning JVM, and the first temp cluster a JVM starts stops and deletes those whose owner is gone
 * ({@link OrphanedClusters}).
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

    /** The OS user PostgreSQL runs as when the JVM is root. */
    public static final String POSTGRES_OS_USER = PostgresOsUser.NAME;

    static final String HOST = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    /** How much crash safety the cluster trades for speed. */
    public enum Durability {
        /** {@code fsync=off}, {@code synchronous_commit=off}, {@code full_page_writes=off}: tests only. */
        FAST(Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off")),
        /** PostgreSQL's own safe defaults. */
        DURABLE(Map.of());

        private final Map<String, String> settings;

        Durability(Map<String, String> settings) {
            this.settings = settings;
        }

        public Map<String, String> settings() {
            return settings;
        }
    }

    private final PgBinaries binaries;
    private final Path dataDir;
    private final Path ownedBaseDir; // deleted on close, null if the caller owns the directory
    private final int port;
    private final String superuser;
    private final String password;
    private final Durability durability;
    private final boolean asPostgresUser;
    private final long pid;
    private volatile boolean running = true;

    LocalCluster(PgBinaries binaries, Path dataDir, Path ownedBaseDir, int port, String superuser,
                 String password, Durability durability, boolean asPostgresUser, long pid) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.ownedBaseDir = ownedBaseDir;
        this.port = port;
        this.superuser = superuser;
        this.password = password;
        this.durability = durability;
        this.asPostgresUser = asPostgresUser;
        this.pid = pid;
    }

    // ---------------------------------------------------------------- starting

    /** Starts a cluster in {@code dataDir} (created/initialized if needed; never deleted) on {@code port}. */
    public static LocalCluster start(Path dataDir, int port, String superuser, String password) {
        return builder().dataDir(dataDir).port(port).superuser(superuser).password(password).start();
    }

    /** Starts a cluster in a fresh temporary directory (deleted on close) on a free port. */
    public static LocalCluster start(String superuser, String password) {
        return builder().superuser(superuser).password(password).start();
    }

    public static LocalClusterBuilder builder() {
        return new LocalClusterBuilder();
    }

    // ---------------------------------------------------------------- accessors

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public String superuser() {
        return superuser;
    }

    public String password() {
        return password;
    }

    /** The postmaster's PID (first line of {@code postmaster.pid} when it started). */
    public long pid() {
        return pid;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The directory holding the Unix socket ({@code <dataDir>/socket}); for {@code psql -h}. */
    public Path socketDir() {
        return ClusterFiles.socketDir(dataDir);
    }

    /** The server log ({@code pg_ctl -l}). */
    public Path logFile() {
        return ClusterFiles.logFile(dataDir);
    }

    public PgBinaries binaries() {
        return binaries;
    }

    public Durability durability() {
        return durability;
    }

    /** Whether the binaries run as the {@code postgres} OS user (the JVM is root). */
    public boolean runsAsPostgresOsUser() {
        return asPostgresUser;
    }

    /** Whether the postmaster is still alive. */
    public boolean isRunning() {
        return running && PostmasterProcess.isAlive(pid);
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** A new JDBC connection as the superuser. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", superuser);
        p.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), p);
    }

    /** The last {@code lines} lines of the server log. */
    public String logTail(int lines) {
        return ClusterFiles.readTail(logFile(), lines);
    }

    /**
     * Runs another binary of this installation against this cluster's data directory or socket
     * (e.g. {@code pg_basebackup}), as the postgres OS user when root. Use {@link ExternalCommand#run()}.
     */
    public ExternalCommand command(List<String> argv, Duration timeout) {
        return PostgresOsUser.command(argv, asPostgresUser, timeout);
    }

    // ---------------------------------------------------------------- stopping

    /**
     * Stops the server: {@code pg_ctl -m fast -w stop}; if the postmaster is still alive 20 s after
     * the stop began, kills it. Idempotent.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        try {
            ExternalCommand.Result r = command(List.of(binaries.pgCtl().toString(), "-D", dataDir.toString(),
                    "-m", "fast", "-w", "-t", Long.toString(STOP_GRACE.toSeconds()), "stop"),
                    STOP_GRACE.plusSeconds(10)).runAllowingFailure();
            if (!r.succeeded()) {
                log.warn("pg_ctl stop failed for {} (exit {}): {}", dataDir, r.exitCode(),
                        (r.stderr() + r.stdout()).trim());
            }
        } catch (ExternalCommandException e) {
            log.warn("pg_ctl stop of {} did not complete: {}", dataDir, e.getMessage());
        }
        PostmasterProcess.waitUntilDead(pid, deadline);
        if (PostmasterProcess.isAlive(pid)) {
            log.warn("postmaster {} of {} still alive {} s after stop; killing it", pid, dataDir,
                    STOP_GRACE.toSeconds());
            PostmasterProcess.kill(pid);
        }
        running = false;
        LiveClusters.OF_THIS_JVM.remove(this);
        log.info("stopped PostgreSQL at {}:{} (pid {})", HOST, port, pid);
    }

    /** Stops the server and deletes the temporary directory if this class created it. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (ownedBaseDir != null) {
                ClusterFiles.deleteTree(ownedBaseDir);
            }
        }
    }

    /** For the shutdown hook, once the postmaster is gone: marks this stopped and deletes its temp directory. */
    void discardStopped() {
        running = false;
        if (ownedBaseDir != null) {
            ClusterFiles.deleteTree(ownedBaseDir);
        }
    }

    @Override
    public String toString() {
        return "LocalCluster[" + HOST + ":" + port + ", pid " + pid + ", " + dataDir + "]";
    }
}
