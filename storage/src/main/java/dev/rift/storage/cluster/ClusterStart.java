package dev.rift.storage.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One start of a {@link LocalCluster}, with the options of its {@link LocalClusterBuilder}: prepare
 * the data directory, {@code initdb} unless it holds {@code PG_VERSION} already, write the managed
 * configuration, {@code pg_ctl start} (on another free port if a chosen one was taken meanwhile).
 * A failed start leaves no postmaster running and no temp directory behind.
 */
final class ClusterStart {

    private static final Logger log = LoggerFactory.getLogger(ClusterStart.class);
    private static final int PORT_ATTEMPTS = 3;

    private final PgBinaries binaries; // null = PgBinaries.locate()
    private final Path dataDir; // null = a new temp dir
    private final int port; // 0 = a free port
    private final String superuser;
    private final String password;
    private final LocalCluster.Durability durability;
    private final Map<String, String> settings;
    private final Duration startTimeout;

    ClusterStart(PgBinaries binaries, Path dataDir, int port, String superuser, String password,
                 LocalCluster.Durability durability, Map<String, String> settings, Duration startTimeout) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
        this.superuser = superuser;
        this.password = password;
        this.durability = durability;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.startTimeout = startTimeout;
    }

    LocalCluster run() {
        PgBinaries binaries = this.binaries != null ? this.binaries : PgBinaries.locate();
        boolean asRoot = ExternalCommand.runningAsRoot();
        Path ownedBase = null;
        Path dataDir;
        try {
            if (this.dataDir == null) {
                OrphanedClusters.IN_TEMP_DIR.reapOnce();
                ownedBase = OrphanedClusters.IN_TEMP_DIR.newTempBase();
                dataDir = ownedBase.resolve("data");
                if (asRoot) {
                    Files.setPosixFilePermissions(ownedBase, PosixFilePermissions.fromString("rwxr-xr-x"));
                    PostgresOsUser.chown(ownedBase);
                }
            } else {
                dataDir = this.dataDir.toAbsolutePath().normalize();
                if (!Files.exists(dataDir) || ClusterFiles.isEmptyDirectory(dataDir)) {
                    // New (or empty, e.g. made by the caller): give it to the user initdb runs as.
                    Files.createDirectories(dataDir);
                    Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
                    if (asRoot) {
                        PostgresOsUser.chown(dataDir);
                    }
                }
            }
        } catch (IOException e) {
            ClusterFiles.deleteTree(ownedBase);
            throw new UncheckedIOException("cannot prepare a data directory for PostgreSQL", e);
        }

        Optional<Long> preexistingPid = PostmasterProcess.readPid(dataDir);
        if (preexistingPid.isPresent() && PostmasterProcess.isRunningPostgres(preexistingPid.get())) {
            throw new IllegalStateException("data directory " + dataDir + " is in use by a running postmaster (pid "
                    + preexistingPid.get() + "); stop it first");
        }
        try {
            if (asRoot) {
                PostgresOsUser.checkCanWrite(Files.exists(dataDir) ? dataDir : dataDir.getParent());
            }
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                initdb(binaries, dataDir, asRoot);
            }
            ClusterFiles.ensureSocketDir(dataDir, asRoot);
            ClusterFiles.writeHba(dataDir);
            return startOnAPort(binaries, dataDir, ownedBase, asRoot);
        } catch (IOException e) {
            cleanUpFailedStart(dataDir, preexistingPid, ownedBase);
            throw new UncheckedIOException("cannot configure PostgreSQL in " + dataDir + ": " + e, e);
        } catch (RuntimeException | Error e) {
            cleanUpFailedStart(dataDir, preexistingPid, ownedBase);
            throw e;
        }
    }

    private LocalCluster startOnAPort(PgBinaries binaries, Path dataDir, Path ownedBase, boolean asRoot)
            throws IOException {
        boolean autoPort = this.port == 0;
        for (int attempt = 1; ; attempt++) {
            int port = autoPort ? FreePort.find() : this.port;
            ClusterFiles.checkSocketPathLength(dataDir, port);
            ClusterFiles.writeConf(dataDir, port, durability, settings);
            try {
                long pid = pgCtlStart(binaries, dataDir, asRoot);
                LocalCluster c = new LocalCluster(binaries, dataDir, ownedBase, port, superuser, password,
                        durability, asRoot, pid);
                LiveClusters.OF_THIS_JVM.add(c);
                log.info("started PostgreSQL {} at {}:{} (pid {}, data {}{})", binaries.majorVersion(),
                        LocalCluster.HOST, port, pid, dataDir, asRoot ? ", as OS user " + PostgresOsUser.NAME : "");
                return c;
            } catch (StartFailed e) {
                if (autoPort && attempt < PORT_ATTEMPTS && e.portInUse) {
                    log.info("port {} was taken before PostgreSQL could bind it; retrying on another", port);
                    continue;
                }
                throw new IllegalStateException(e.getMessage(), e.getCause());
            }
        }
    }

    private static void cleanUpFailedStart(Path dataDir, Optional<Long> preexistingPid, Path ownedBase) {
        if (!PostmasterProcess.readPid(dataDir).equals(preexistingPid)) {
            PostmasterProcess.stopStray(dataDir); // e.g. pg_ctl gave up waiting while the server was still starting
        }
        ClusterFiles.deleteTree(ownedBase);
    }

    private void initdb(PgBinaries binaries, Path dataDir, boolean asRoot) throws IOException {
        Path pwfile = Files.createTempFile("rift-pw-", ".txt"); // created 0600
        try {
            Files.writeString(pwfile, password + "\n");
            if (asRoot) {
                PostgresOsUser.chown(pwfile);
            }
            List<String> base = List.of(binaries.initdb().toString(), "-D", dataDir.toString(), "-U", superuser,
                    "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8");
            List<String> withLocale = new ArrayList<>(base);
            withLocale.add("--locale=C.UTF-8");
            ExternalCommand.Result r = PostgresOsUser.command(withLocale, asRoot, Duration.ofMinutes(3))
                    .runAllowingFailure();
            if (!r.succeeded()) {
                String out = r.stderr() + r.stdout();
                if (!out.toLowerCase(Locale.ROOT).contains("locale")) {
                    throw new IllegalStateException("initdb failed (exit " + r.exitCode() + "): "
                            + ExternalCommand.shellQuote(r.argv()) + "\n" + ExternalCommand.tail(out, 40));
                }
                log.debug("initdb with --locale=C.UTF-8 failed, retrying with --no-locale:\n{}", out);
                List<String> noLocale = new ArrayList<>(base);
                noLocale.add("--no-locale");
                PostgresOsUser.command(noLocale, asRoot, Duration.ofMinutes(3)).run();
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

    private long pgCtlStart(PgBinaries binaries, Path dataDir, boolean asRoot) throws StartFailed {
        Path logFile = ClusterFiles.logFile(dataDir);
        long seconds = Math.max(1, startTimeout.toSeconds());
        List<String> argv = List.of(binaries.pgCtl().toString(), "-D", dataDir.toString(), "-l", logFile.toString(),
                "-w", "-t", Long.toString(seconds), "start");
        try {
            PostgresOsUser.command(argv, asRoot, startTimeout.plusSeconds(30)).run();
        } catch (ExternalCommandException e) {
            String logTail = ClusterFiles.readTail(logFile, 30);
            boolean portInUse = logTail.contains("could not bind") || logTail.contains("Address already in use");
            throw new StartFailed("PostgreSQL did not start in " + dataDir + ": " + e.getMessage()
                    + "\n--- server log (" + logFile + ") ---\n" + logTail, e, portInUse);
        }
        Optional<Long> pid = PostmasterProcess.readPid(dataDir);
        if (pid.isEmpty()) {
            throw new StartFailed("pg_ctl reported success but " + dataDir.resolve("postmaster.pid")
                    + " is missing\n--- server log ---\n" + ClusterFiles.readTail(logFile, 30), null, false);
        }
        return pid.get();
    }
}
