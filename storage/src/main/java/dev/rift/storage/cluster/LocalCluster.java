package dev.rift.storage.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
 * {@code local all all trust} (plus the same for replication).
 *
 * <p>When the JVM runs as root, every PostgreSQL binary runs as the {@code postgres} OS user (via
 * {@code runuser}), and directories this class creates are chowned to it. A directory passed in
 * must be reachable by that user (every parent searchable), which is checked up front.
 *
 * <p>Starting an existing data directory (one with {@code PG_VERSION}) skips {@code initdb} and only
 * rewrites the managed configuration, so a cloned data directory can be started on its own port.
 * (A clone taken from a running cluster carries that cluster's {@code postmaster.pid}; delete it
 * before starting the clone.)
 *
 * <p>Clusters still running when the JVM exits are stopped by a shutdown hook, by PID (SIGINT =
 * fast shutdown, then SIGKILL after 10 s), and their temporary directories deleted. A JVM killed
 * outright runs no hook; so each temp directory records its owning JVM, and the first temp cluster
 * a JVM starts stops and deletes those whose owner is gone.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

    /** The OS user PostgreSQL runs as when the JVM is root. */
    public static final String POSTGRES_OS_USER = "postgres";

    private static final String HOST = "127.0.0.1";
    private static final String BLOCK_BEGIN = "# --- rift LocalCluster settings (managed: rewritten on every start) ---";
    private static final String BLOCK_END = "# --- end of rift LocalCluster settings ---";
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int PORT_ATTEMPTS = 3;
    private static final int MAX_SOCKET_PATH = 107;
    private static final List<String> PG_ENV_TO_CLEAR = List.of("PGDATA", "PGPORT", "PGHOST", "PGHOSTADDR",
            "PGUSER", "PGDATABASE", "PGPASSWORD", "PGPASSFILE", "PGOPTIONS", "PGSERVICE", "PGSERVICEFILE",
            "PGSYSCONFDIR", "PGSSLMODE", "PGTZ", "PGCLIENTENCODING");

    private static final String TEMP_PREFIX = "rift-pg-";
    private static final String OWNER_FILE = "rift-owner";

    private static final Set<LocalCluster> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;
    private static volatile boolean orphansReaped;

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

    private LocalCluster(PgBinaries binaries, Path dataDir, Path ownedBaseDir, int port, String superuser,
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

    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link LocalCluster}; unset data dir = temp dir, unset port = free port. */
    public static final class Builder {
        private PgBinaries binaries;
        private Path dataDir;
        private int port;
        private String superuser = "postgres";
        private String password;
        private Durability durability = Durability.FAST;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Binaries to use (default {@link PgBinaries#locate()}). */
        public Builder binaries(PgBinaries b) {
            this.binaries = b;
            return this;
        }

        /** Data directory (default: {@code data} in a new temp dir that {@link #close()} deletes). */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** TCP port (default: {@link FreePort#find()}, retried if another process grabs it first). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("invalid port " + port);
            }
            this.port = port;
            return this;
        }

        public Builder superuser(String name) {
            this.superuser = name;
            return this;
        }

        /** The superuser's password (required: TCP connections use scram-sha-256). */
        public Builder password(String pw) {
            this.password = pw;
            return this;
        }

        public Builder durability(Durability d) {
            this.durability = d;
            return this;
        }

        /** An extra postgresql.conf setting (written last, so it overrides the defaults). */
        public Builder setting(String name, String value) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw new IllegalArgumentException("invalid setting name: " + name);
            }
            settings.put(name, value);
            return this;
        }

        /** How long {@code pg_ctl start} may wait for the server (default 60 s). */
        public Builder startTimeout(Duration t) {
            this.startTimeout = t;
            return this;
        }

        public LocalCluster start() {
            if (superuser == null || superuser.isBlank()) {
                throw new IllegalArgumentException("superuser name required");
            }
            if (password == null || password.isEmpty() || password.contains("\n") || password.contains("\r")) {
                throw new IllegalArgumentException("a non-empty single-line password is required");
            }
            return LocalCluster.doStart(this);
        }
    }

    private static LocalCluster doStart(Builder b) {
        PgBinaries binaries = b.binaries != null ? b.binaries : PgBinaries.locate();
        boolean asRoot = ExternalCommand.runningAsRoot();
        Path ownedBase = null;
        Path dataDir;
        try {
            if (b.dataDir == null) {
                reapOrphansOnce();
                ownedBase = Files.createTempDirectory(TEMP_PREFIX);
                Files.writeString(ownedBase.resolve(OWNER_FILE), ownerStamp(ProcessHandle.current()) + "\n");
                dataDir = ownedBase.resolve("data");
                if (asRoot) {
                    Files.setPosixFilePermissions(ownedBase, PosixFilePermissions.fromString("rwxr-xr-x"));
                    chownToPostgres(ownedBase);
                }
            } else {
                dataDir = b.dataDir.toAbsolutePath().normalize();
                if (!Files.exists(dataDir) || isEmptyDirectory(dataDir)) {
                    // New (or empty, e.g. made by the caller): give it to the user initdb runs as.
                    Files.createDirectories(dataDir);
                    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
                    if (asRoot) {
                        chownToPostgres(dataDir);
                    }
                }
            }
        } catch (IOException e) {
            deleteTree(ownedBase);
            throw new UncheckedIOException("cannot prepare a data directory for PostgreSQL", e);
        }

        Optional<Long> preexistingPid = readPid(dataDir);
        if (preexistingPid.isPresent() && isAlive(preexistingPid.get())
                && ProcessHandle.of(preexistingPid.get()).map(LocalCluster::isPostgresProcess).orElse(false)) {
            throw new IllegalStateException("data directory " + dataDir + " is in use by a running postmaster (pid "
                    + preexistingPid.get() + "); stop it first");
        }
        try {
            if (asRoot) {
                checkReachableByPostgres(Files.exists(dataDir) ? dataDir : dataDir.getParent());
            }
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                initdb(binaries, dataDir, b.superuser, b.password, asRoot);
            }
            ensureSocketDir(dataDir, asRoot);
            writeHba(dataDir);
            boolean autoPort = b.port == 0;
            for (int attempt = 1; ; attempt++) {
                int port = autoPort ? FreePort.find() : b.port;
                checkSocketPathLength(dataDir, port);
                writeConf(dataDir, port, b.durability, b.settings);
                try {
                    long pid = pgCtlStart(binaries, dataDir, b.startTimeout, asRoot);
                    LocalCluster c = new LocalCluster(binaries, dataDir, ownedBase, port, b.superuser, b.password,
                            b.durability, asRoot, pid);
                    register(c);
                    log.info("started PostgreSQL {} at {}:{} (pid {}, data {}{})", binaries.majorVersion(), HOST, port,
                            pid, dataDir, asRoot ? ", as OS user " + POSTGRES_OS_USER : "");
                    return c;
                } catch (StartFailed e) {
                    if (autoPort && attempt < PORT_ATTEMPTS && e.portInUse) {
                        log.info("port {} was taken before PostgreSQL could bind it; retrying on another", port);
                        continue;
                    }
                    throw new IllegalStateException(e.getMessage(), e.getCause());
                }
            }
        } catch (IOException e) {
            cleanUpFailedStart(dataDir, preexistingPid, ownedBase);
            throw new UncheckedIOException("cannot configure PostgreSQL in " + dataDir + ": " + e, e);
        } catch (RuntimeException | Error e) {
            cleanUpFailedStart(dataDir, preexistingPid, ownedBase);
            throw e;
        }
    }

    private static void cleanUpFailedStart(Path dataDir, Optional<Long> preexistingPid, Path ownedBase) {
        if (!readPid(dataDir).equals(preexistingPid)) {
            killStrayPostmaster(dataDir); // e.g. pg_ctl gave up waiting while the server was still starting
        }
        deleteTree(ownedBase);
    }

    private static void initdb(PgBinaries binaries, Path dataDir, String superuser, String password, boolean asRoot)
            throws IOException {
        Path pwfile = Files.createTempFile("rift-pw-", ".txt"); // created 0600
        try {
            Files.writeString(pwfile, password + "\n");
            if (asRoot) {
                chownToPostgres(pwfile);
            }
            List<String> base = List.of(binaries.initdb().toString(), "-D", dataDir.toString(), "-U", superuser,
                    "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8");
            List<String> withLocale = new ArrayList<>(base);
            withLocale.add("--locale=C.UTF-8");
            ExternalCommand.Result r = pgCommand(withLocale, asRoot, Duration.ofMinutes(3)).runAllowingFailure();
            if (!r.succeeded()) {
                String out = r.stderr() + r.stdout();
                if (!out.toLowerCase(java.util.Locale.ROOT).contains("locale")) {
                    throw new IllegalStateException("initdb failed (exit " + r.exitCode() + "): "
                            + ExternalCommand.shellQuote(r.argv()) + "\n" + ExternalCommand.tail(out, 40));
                }
                log.debug("initdb with --locale=C.UTF-8 failed, retrying with --no-locale:\n{}", out);
                List<String> noLocale = new ArrayList<>(base);
                noLocale.add("--no-locale");
                pgCommand(noLocale, asRoot, Duration.ofMinutes(3)).run();
            }
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    /** A failed {@code pg_ctl start}, with whether the log says the port was taken. */
    private static final class StartFailed extends Exception {
        final boolean portInUse;

        StartFailed(String message, Throwable cause, boolean portInUse) {
            super(message, cause);
            this.portInUse = portInUse;
        }
    }

    private static long pgCtlStart(PgBinaries binaries, Path dataDir, Duration timeout, boolean asRoot)
            throws StartFailed, IOException {
        Path logFile = logFile(dataDir);
        long seconds = Math.max(1, timeout.toSeconds());
        List<String> argv = List.of(binaries.pgCtl().toString(), "-D", dataDir.toString(), "-l", logFile.toString(),
                "-w", "-t", Long.toString(seconds), "start");
        try {
            pgCommand(argv, asRoot, timeout.plusSeconds(30)).run();
        } catch (ExternalCommandException e) {
            String logTail = readTail(logFile, 30);
            boolean portInUse = logTail.contains("could not bind") || logTail.contains("Address already in use");
            throw new StartFailed("PostgreSQL did not start in " + dataDir + ": " + e.getMessage()
                    + "\n--- server log (" + logFile + ") ---\n" + logTail, e, portInUse);
        }
        Optional<Long> pid = readPid(dataDir);
        if (pid.isEmpty()) {
            throw new StartFailed("pg_ctl reported success but " + dataDir.resolve("postmaster.pid")
                    + " is missing\n--- server log ---\n" + readTail(logFile, 30), null, false);
        }
        return pid.get();
    }

    // ---------------------------------------------------------------- configuration files

    private static void writeConf(Path dataDir, int port, Durability durability, Map<String, String> extra)
            throws IOException {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("listen_addresses", HOST);
        s.put("port", Integer.toString(port));
        s.put("unix_socket_directories", socketDir(dataDir).toString());
        s.put("max_connections", "600");
        s.put("shared_buffers", "128MB");
        s.put("password_encryption", "scram-sha-256");
        s.putAll(new java.util.TreeMap<>(durability.settings()));
        s.putAll(extra);

        Path conf = dataDir.resolve("postgresql.conf");
        String existing = Files.readString(conf);
        int begin = existing.indexOf(BLOCK_BEGIN);
        if (begin >= 0) {
            int end = existing.indexOf(BLOCK_END, begin);
            String after = end < 0 ? "" : existing.substring(end + BLOCK_END.length());
            existing = existing.substring(0, begin) + after.stripLeading();
        }
        StringBuilder b = new StringBuilder(existing);
        if (!existing.endsWith("\n")) {
            b.append('\n');
        }
        b.append(BLOCK_BEGIN).append('\n');
        s.forEach((k, v) -> b.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        b.append(BLOCK_END).append('\n');
        Files.writeString(conf, b.toString()); // keeps the file's owner (postgres when root)
    }

    private static void writeHba(Path dataDir) throws IOException {
        String hba = """
                # written by rift LocalCluster
                # TYPE  DATABASE     USER  ADDRESS        METHOD
                local   all          all                  trust
                host    all          all   127.0.0.1/32   scram-sha-256
                host    all          all   ::1/128        scram-sha-256
                local   replication  all                  trust
                host    replication  all   127.0.0.1/32   scram-sha-256
                """;
        Files.writeString(dataDir.resolve("pg_hba.conf"), hba);
    }

    private static void ensureSocketDir(Path dataDir, boolean asRoot) throws IOException {
        Path dir = socketDir(dataDir);
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            if (asRoot) {
                chownToPostgres(dir);
            }
        }
    }

    private static void checkSocketPathLength(Path dataDir, int port) {
        String socket = socketDir(dataDir) + "/.s.PGSQL." + port;
        if (socket.length() > MAX_SOCKET_PATH) {
            throw new IllegalArgumentException("data directory path too long for a Unix socket inside it ("
                    + socket.length() + " > " + MAX_SOCKET_PATH + " characters): " + socket
                    + "; use a shorter data directory path");
        }
    }

    private static Path socketDir(Path dataDir) {
        return dataDir.resolve("socket");
    }

    private static Path logFile(Path dataDir) {
        return dataDir.resolve("server.log");
    }

    // ---------------------------------------------------------------- running binaries

    /** A PostgreSQL binary invocation: as the postgres OS user when root, with PG* variables cleared. */
    private static ExternalCommand pgCommand(List<String> argv, boolean asRoot, Duration timeout) {
        ExternalCommand c = ExternalCommand.of(argv).timeout(timeout).directory(Path.of("/"));
        for (String v : PG_ENV_TO_CLEAR) {
            c = c.withoutEnv(v);
        }
        return asRoot ? c.asUser(POSTGRES_OS_USER) : c;
    }

    private static void checkReachableByPostgres(Path dir) {
        ExternalCommand.Result r = ExternalCommand.of("test", "-x", dir.toString(), "-a", "-w", dir.toString())
                .directory(Path.of("/")).timeout(Duration.ofSeconds(20)).asUser(POSTGRES_OS_USER).runAllowingFailure();
        if (!r.succeeded()) {
            throw new IllegalStateException("running as root, so PostgreSQL runs as OS user '" + POSTGRES_OS_USER
                    + "', but that user cannot write to " + dir + " (every parent directory must be searchable "
                    + "by it, and the data directory must belong to it). Use a directory under /tmp, or make the "
                    + "parents searchable (chmod o+x) and chown the data directory to " + POSTGRES_OS_USER + "."
                    + (r.stderr().isBlank() ? "" : "\n" + r.stderr().trim()));
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void chownToPostgres(Path p) throws IOException {
        UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        try {
            user = lookup.lookupPrincipalByName(POSTGRES_OS_USER);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("running as root, so PostgreSQL must run as OS user '"
                    + POSTGRES_OS_USER + "', which does not exist. Create it (useradd --system --create-home "
                    + POSTGRES_OS_USER + ") or install the postgresql package, which does.", e);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        view.setOwner(user);
        try {
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(POSTGRES_OS_USER);
            view.setGroup(group);
        } catch (UserPrincipalNotFoundException ignored) {
            // no postgres group: owner is enough
        }
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
        return socketDir(dataDir);
    }

    /** The server log ({@code pg_ctl -l}). */
    public Path logFile() {
        return logFile(dataDir);
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
        return running && isAlive(pid);
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
        return readTail(logFile(), lines);
    }

    /**
     * Runs another binary of this installation against this cluster's data directory or socket
     * (e.g. {@code pg_basebackup}), as the postgres OS user when root. Use {@link ExternalCommand#run()}.
     */
    public ExternalCommand command(List<String> argv, Duration timeout) {
        return pgCommand(argv, asPostgresUser, timeout);
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
            ExternalCommand.Result r = pgCommand(List.of(binaries.pgCtl().toString(), "-D", dataDir.toString(),
                    "-m", "fast", "-w", "-t", Long.toString(STOP_GRACE.toSeconds()), "stop"), asPostgresUser,
                    STOP_GRACE.plusSeconds(10)).runAllowingFailure();
            if (!r.succeeded()) {
                log.warn("pg_ctl stop failed for {} (exit {}): {}", dataDir, r.exitCode(),
                        (r.stderr() + r.stdout()).trim());
            }
        } catch (ExternalCommandException e) {
            log.warn("pg_ctl stop of {} did not complete: {}", dataDir, e.getMessage());
        }
        waitUntilDead(pid, deadline);
        if (isAlive(pid)) {
            log.warn("postmaster {} of {} still alive {} s after stop; killing it", pid, dataDir,
                    STOP_GRACE.toSeconds());
            kill(pid);
        }
        running = false;
        LIVE.remove(this);
        log.info("stopped PostgreSQL at {}:{} (pid {})", HOST, port, pid);
    }

    /** Stops the server and deletes the temporary directory if this class created it. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (ownedBaseDir != null) {
                deleteTree(ownedBaseDir);
            }
        }
    }

    @Override
    public String toString() {
        return "LocalCluster[" + HOST + ":" + port + ", pid " + pid + ", " + dataDir + "]";
    }

    // ---------------------------------------------------------------- process helpers

    private static Optional<Long> readPid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Alive = exists and is not a zombie (a container's PID 1 may never reap orphans). */
    static boolean isAlive(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                String s = Files.readString(stat);
                int close = s.lastIndexOf(')');
                char state = close >= 0 && close + 2 < s.length() ? s.charAt(close + 2) : '?';
                return state != 'Z' && state != 'X' && state != 'x';
            } catch (NoSuchFileException e) {
                return false;
            } catch (IOException e) {
                // fall through to ProcessHandle
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void waitUntilDead(long pid, long deadlineNanos) {
        while (isAlive(pid) && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** SIGKILL to {@code pid} if it is (still) a postgres process. */
    private static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            if (looksLikePostgres(h)) {
                h.destroyForcibly();
            }
        });
        waitUntilDead(pid, System.nanoTime() + Duration.ofSeconds(5).toNanos());
    }

    /** For a PID we started: true unless it is visibly some other program (PID reused). */
    private static boolean looksLikePostgres(ProcessHandle h) {
        Optional<String> cmd = h.info().command().or(() -> h.info().commandLine());
        return cmd.isEmpty() || isPostgresCommand(cmd.get());
    }

    /** For a PID read from a file: true only if it visibly is a postgres server process. */
    private static boolean isPostgresProcess(ProcessHandle h) {
        Optional<String> cmd = h.info().command().or(() -> h.info().commandLine());
        return cmd.isPresent() && isPostgresCommand(cmd.get());
    }

    private static boolean isPostgresCommand(String cmd) {
        String first = cmd.strip().split("\\s+")[0];
        return first.endsWith("postgres") || first.endsWith("postmaster") || cmd.startsWith("postgres:");
    }

    /** After a failed start: a postmaster may be up (pg_ctl timed out); don't leave it behind. */
    private static void killStrayPostmaster(Path dataDir) {
        readPid(dataDir).ifPresent(p -> {
            // postmaster.pid may be stale and its PID reused: only signal a postgres process.
            if (isAlive(p) && ProcessHandle.of(p).map(LocalCluster::isPostgresProcess).orElse(false)) {
                log.warn("stopping postmaster {} left running in {}", p, dataDir);
                signal(p, "INT");
                waitUntilDead(p, System.nanoTime() + Duration.ofSeconds(10).toNanos());
                kill(p);
            }
        });
    }

    private static void signal(long pid, String signal) {
        try {
            ExternalCommand.of("kill", "-s", signal, Long.toString(pid)).timeout(Duration.ofSeconds(10))
                    .runAllowingFailure();
        } catch (RuntimeException e) {
            log.debug("kill -s {} {} failed: {}", signal, pid, e.toString());
        }
    }

    private static String readTail(Path file, int lines) {
        try {
            return ExternalCommand.tail(Files.readString(file, StandardCharsets.UTF_8), lines);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        } catch (RuntimeException e) { // malformed input
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("could not delete {}: {}", root, e.toString());
        }
    }

    // ---------------------------------------------------------------- orphans of crashed JVMs

    /** "PID START-MILLIS" identifying a process even across PID reuse. */
    private static String ownerStamp(ProcessHandle p) {
        return p.pid() + " " + p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /**
     * A JVM killed outright (SIGKILL, surefire's halt) runs no shutdown hook, leaving its temp
     * clusters behind. Once per JVM, before making a temp cluster: for every {@code rift-pg-*}
     * directory in the temp dir whose {@code rift-owner} process is gone, stop its postmaster (if
     * one still runs) and delete the directory. Directories of live JVMs are never touched.
     */
    private static void reapOrphansOnce() {
        if (orphansReaped) {
            return;
        }
        synchronized (LocalCluster.class) {
            if (orphansReaped) {
                return;
            }
            orphansReaped = true;
        }
        reapOrphans(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** Stops and deletes the temp clusters in {@code tmp} whose owning JVM is gone. */
    static void reapOrphans(Path tmp) {
        try (var dirs = Files.newDirectoryStream(tmp, TEMP_PREFIX + "*")) {
            for (Path base : dirs) {
                reapIfOrphaned(base);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("could not scan {} for orphaned clusters: {}", tmp, e.toString());
        }
    }

    private static void reapIfOrphaned(Path base) {
        Path owner = base.resolve(OWNER_FILE);
        String stamp;
        try {
            stamp = Files.readString(owner).trim();
        } catch (IOException e) {
            return; // not ours, or still being created
        }
        String[] parts = stamp.split(" ");
        if (parts.length != 2) {
            return;
        }
        long ownerPid;
        try {
            ownerPid = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> ownerProcess = ProcessHandle.of(ownerPid);
        if (ownerProcess.isPresent() && isAlive(ownerPid) && ownerStamp(ownerProcess.get()).equals(stamp)) {
            return; // its JVM is alive
        }
        Path dataDir = base.resolve("data");
        log.info("removing cluster {} left behind by JVM {} that is gone", base, ownerPid);
        killStrayPostmaster(dataDir);
        deleteTree(base);
    }

    // ---------------------------------------------------------------- shutdown hook

    private static void register(LocalCluster c) {
        LIVE.add(c);
        if (!hookInstalled) {
            synchronized (LocalCluster.class) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(LocalCluster::stopAllAtExit,
                            "rift-local-cluster-reaper"));
                    hookInstalled = true;
                }
            }
        }
    }

    /** Shutdown hook: fast-shutdown every cluster still running, by PID; kill what lingers. */
    private static void stopAllAtExit() {
        List<LocalCluster> live = new ArrayList<>(LIVE);
        if (live.isEmpty()) {
            return;
        }
        for (LocalCluster c : live) {
            if (isAlive(c.pid)) {
                signal(c.pid, "INT"); // fast shutdown
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (LocalCluster c : live) {
            waitUntilDead(c.pid, deadline);
            if (isAlive(c.pid)) {
                kill(c.pid);
            }
            c.running = false;
            if (c.ownedBaseDir != null) {
                deleteTree(c.ownedBaseDir);
            }
        }
        LIVE.clear();
    }
}
