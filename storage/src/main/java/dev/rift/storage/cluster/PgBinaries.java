package dev.rift.storage.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL server binaries of this machine: a directory holding {@code initdb},
 * {@code pg_ctl} and {@code postgres}.
 *
 * <p>{@link #locate()} looks, in order, at
 * <ol>
 *   <li>{@code $RIFT_PG_BIN} (must hold the three binaries, or locating fails);</li>
 *   <li>{@code pg_config --bindir}, if {@code pg_config} is on PATH and that directory has them;</li>
 *   <li>{@code initdb} on PATH, following symlinks to the real directory;</li>
 *   <li>the newest {@code /usr/lib/postgresql/<version>/bin} (Debian/Ubuntu), then
 *       {@code /usr/pgsql-<version>/bin} (RHEL) and {@code /usr/local/pgsql/bin}.</li>
 * </ol>
 */
public record PgBinaries(Path binDir) {

    private static final Logger log = LoggerFactory.getLogger(PgBinaries.class);

    /** Environment variable naming the bin directory explicitly. */
    public static final String ENV_VAR = "RIFT_PG_BIN";

    static final List<String> SERVER_BINARIES = List.of("initdb", "pg_ctl", "postgres");

    private static final List<Path> DEFAULT_VERSIONED_ROOTS = List.of(Path.of("/usr/lib/postgresql"));
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");
    private static final Map<Path, Integer> MAJOR_VERSIONS = new ConcurrentHashMap<>();

    public PgBinaries {
        if (binDir == null) {
            throw new IllegalArgumentException("binDir is null");
        }
        binDir = binDir.toAbsolutePath().normalize();
    }

    /** Finds this machine's PostgreSQL server binaries, or throws {@link IllegalStateException}. */
    public static PgBinaries locate() {
        return locate(System.getenv(), DEFAULT_VERSIONED_ROOTS);
    }

    /**
     * {@link #locate()} against a given environment (for {@code RIFT_PG_BIN} and {@code PATH}) and
     * given roots of versioned installs like {@code /usr/lib/postgresql}; for tests.
     */
    static PgBinaries locate(Map<String, String> env, List<Path> versionedRoots) {
        List<String> looked = new ArrayList<>();
        String explicit = env.get(ENV_VAR);
        if (explicit != null && !explicit.isBlank()) {
            Path dir = Path.of(explicit.trim());
            List<String> missing = missingServerBinaries(dir);
            if (!missing.isEmpty()) {
                throw new IllegalStateException(ENV_VAR + "=" + explicit + " does not hold the PostgreSQL server "
                        + "binaries (missing: " + String.join(", ", missing) + "). Point it at the directory with "
                        + "initdb, pg_ctl and postgres, e.g. /usr/lib/postgresql/15/bin, or unset it.");
            }
            return found(dir, ENV_VAR);
        }
        looked.add("$" + ENV_VAR + " (not set)");

        String path = env.get("PATH");
        Path pgConfig = ExternalCommand.findOnPath("pg_config", path);
        if (pgConfig != null) {
            try {
                ExternalCommand.Result r = ExternalCommand.of(pgConfig.toString(), "--bindir")
                        .timeout(Duration.ofSeconds(20)).runAllowingFailure();
                String bindir = r.stdout().trim();
                if (r.succeeded() && !bindir.isEmpty()) {
                    Path dir = Path.of(bindir);
                    if (missingServerBinaries(dir).isEmpty()) {
                        return found(dir, pgConfig + " --bindir");
                    }
                    looked.add(pgConfig + " --bindir = " + bindir + " (no initdb/pg_ctl/postgres there)");
                } else {
                    looked.add(pgConfig + " --bindir (failed: exit " + r.exitCode() + ")");
                }
            } catch (ExternalCommandException e) {
                looked.add(pgConfig + " --bindir (failed: " + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        } else {
            looked.add("pg_config on PATH (not found)");
        }

        Path initdb = ExternalCommand.findOnPath("initdb", path);
        if (initdb != null) {
            try {
                Path dir = initdb.toRealPath().getParent();
                if (missingServerBinaries(dir).isEmpty()) {
                    return found(dir, "initdb on PATH (" + initdb + ")");
                }
                looked.add("initdb on PATH = " + initdb + " (no pg_ctl/postgres next to " + dir + ")");
            } catch (IOException e) {
                looked.add("initdb on PATH = " + initdb + " (" + e + ")");
            }
        } else {
            looked.add("initdb on PATH (not found)");
        }

        for (Path root : versionedRoots) {
            Path dir = newestVersionedBin(root);
            if (dir != null) {
                return found(dir, root + "/<newest>/bin");
            }
            looked.add(root + "/*/bin (none with initdb/pg_ctl/postgres)");
        }
        if (versionedRoots == DEFAULT_VERSIONED_ROOTS) {
            for (Path dir : otherWellKnownDirs()) {
                if (missingServerBinaries(dir).isEmpty()) {
                    return found(dir, "well-known location");
                }
            }
            looked.add("/usr/pgsql-*/bin, /usr/local/pgsql/bin (not found)");
        }
        throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found. Looked at: "
                + String.join("; ", looked) + ". Install them (Debian/Ubuntu: apt-get install postgresql) or set "
                + ENV_VAR + " to their directory.");
    }

    private static PgBinaries found(Path dir, String how) {
        PgBinaries b = new PgBinaries(dir);
        log.debug("PostgreSQL binaries in {} (via {})", b.binDir(), how);
        return b;
    }

    private static List<String> missingServerBinaries(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : SERVER_BINARIES) {
            if (!Files.isExecutable(dir.resolve(name))) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static Path newestVersionedBin(Path root) {
        if (!Files.isDirectory(root)) {
            return null;
        }
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path versionDir : ds) {
                Path bin = versionDir.resolve("bin");
                if (missingServerBinaries(bin).isEmpty()) {
                    candidates.add(bin);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return candidates.stream()
                .max(Comparator.comparingDouble(PgBinaries::versionOfDirName))
                .orElse(null);
    }

    /** "15" -> 15, "9.6" -> 9.6, anything else sorts first. */
    private static double versionOfDirName(Path bin) {
        String name = bin.getParent().getFileName().toString();
        try {
            return Double.parseDouble(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Path> otherWellKnownDirs() {
        List<Path> dirs = new ArrayList<>();
        Path usr = Path.of("/usr");
        if (Files.isDirectory(usr)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(usr, "pgsql-*")) {
                List<Path> found = new ArrayList<>();
                ds.forEach(d -> found.add(d.resolve("bin")));
                found.sort(Comparator.comparingDouble((Path b) -> {
                    try {
                        return Double.parseDouble(b.getParent().getFileName().toString().substring(6));
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }).reversed());
                dirs.addAll(found);
            } catch (IOException ignored) {
                // not there
            }
        }
        dirs.add(Path.of("/usr/local/pgsql/bin"));
        return dirs;
    }

    // ---------------------------------------------------------------- the binaries

    public Path initdb() {
        return binDir.resolve("initdb");
    }

    public Path pgCtl() {
        return binDir.resolve("pg_ctl");
    }

    public Path postgres() {
        return binDir.resolve("postgres");
    }

    /** psql from the bin dir, else from PATH (Debian's /usr/bin wrapper); throws if neither. */
    public Path psql() {
        return clientBinary("psql", "postgresql-client");
    }

    /** pgbench from the bin dir, else from PATH; throws if neither. */
    public Path pgbench() {
        return clientBinary("pgbench", "postgresql-contrib (or postgresql-client)");
    }

    /** pg_isready from the bin dir, else from PATH; throws if neither. */
    public Path pgIsReady() {
        return clientBinary("pg_isready", "postgresql-client");
    }

    /** Any other program of the installation (pg_basebackup, pg_dump, ...): bin dir, then PATH. */
    public Path binary(String name) {
        return clientBinary(name, "postgresql-client");
    }

    private Path clientBinary(String name, String debianPackage) {
        Path p = binDir.resolve(name);
        if (Files.isExecutable(p)) {
            return p;
        }
        Path onPath = ExternalCommand.findOnPath(name);
        if (onPath != null) {
            return onPath;
        }
        throw new IllegalStateException(name + " not found in " + binDir + " nor on PATH; install it "
                + "(Debian/Ubuntu: apt-get install " + debianPackage + ")");
    }

    /** The major version, from {@code postgres --version} (e.g. 15; 9 for 9.x). Cached per directory. */
    public int majorVersion() {
        return MAJOR_VERSIONS.computeIfAbsent(binDir, dir -> {
            ExternalCommand.Result r = ExternalCommand.of(postgres().toString(), "--version")
                    .timeout(Duration.ofSeconds(20)).run();
            Matcher m = VERSION.matcher(r.stdout());
            if (!m.find()) {
                throw new IllegalStateException("cannot parse the version from `" + postgres() + " --version`: "
                        + r.stdout().trim());
            }
            return Integer.parseInt(m.group(1));
        });
    }
}
