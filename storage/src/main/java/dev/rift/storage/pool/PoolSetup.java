package dev.rift.storage.pool;

import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.cluster.PgBinaries;
import dev.rift.storage.snapshot.SnapshotDriver;
import dev.rift.storage.snapshot.SnapshotDrivers;
import dev.rift.storage.snapshot.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code rift init --mode snapshot}: puts main's data directory in volume {@code main} of the pool
 * and records the pool's state. main's data comes from a fresh {@code initdb}, from an existing
 * (stopped) data directory, copied, or from {@code pg_basebackup} of a running server. main is
 * started once to prove it works, then stopped: {@code rift serve} starts it on first use.
 *
 * @param driver     btrfs, zfs, reflink or copy
 * @param pool       the pool directory, or for zfs the pool dataset
 * @param fromPgdata an existing data directory to copy (its server must be stopped), or null
 * @param fromUrl    a server to seed main from with pg_basebackup, or null
 * @param database   the database clients land in (created on a fresh main if missing); null =
 *                   the URL's database, or {@code postgres}
 * @param superuser  the superuser of a fresh main; null = {@code postgres} (or the URL's user)
 * @param password   the superuser's password of a fresh main
 * @param fast       fsync off and friends: for tests only
 */
public record PoolSetup(String driver, String pool, Path fromPgdata, UpstreamUrl fromUrl, String database,
                        String superuser, String password, boolean fast) {

    private static final Logger log = LoggerFactory.getLogger(PoolSetup.class);

    public PoolSetup {
        if (fromPgdata != null && fromUrl != null) {
            throw new IllegalArgumentException("give either --from-pgdata or --from, not both");
        }
        if (fromPgdata == null && fromUrl == null && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("a fresh main needs a superuser password");
        }
    }

    /** Sets the pool up; fails, changing nothing, if it already holds a rift pool or a volume named main. */
    public SnapshotPool run() {
        SnapshotDriver d = SnapshotDrivers.of(driver, pool);
        PoolStateFile file = new PoolStateFile(d.poolDirectory());
        Postmasters postmasters = new Postmasters(PgBinaries.locate());
        return file.locked(() -> {
            if (file.exists()) {
                throw new IllegalStateException("the pool " + pool + " is already set up (" + file.path() + ")");
            }
            if (d.find(SnapshotPool.MAIN).isPresent()) {
                throw new IllegalStateException("the pool " + pool + " already has a volume named main; remove it "
                        + "or use another pool");
            }
            Volume main = d.createVolume(SnapshotPool.MAIN);
            Path dataDir = main.mountpoint().resolve(SnapshotPool.DATA_DIR);
            try {
                PgFiles.prepareVolumeRoot(main.mountpoint());
                String su = fill(dataDir, postmasters);
                String db = database != null ? database : fromUrl != null ? fromUrl.database() : "postgres";
                Postmaster p = postmasters.start(dataDir, su, password, fast);
                try {
                    if (fromPgdata == null && fromUrl == null && !"postgres".equals(db)) {
                        createDatabase(postmasters, dataDir, p, su, db);
                    }
                } finally {
                    postmasters.stop(dataDir);
                }
                PoolState state = new PoolState(PoolState.VERSION, d.name(), d.pool(), db, su,
                        fast ? "fast" : "durable",
                        Map.of(SnapshotPool.MAIN, new PoolState.Branch(null, Instant.now().toString())));
                file.write(state);
                log.info("snapshot pool set up: {} on {} ({}), main in {}", d.name(), d.pool(), file.path(), dataDir);
                return new SnapshotPool(d, file, postmasters);
            } catch (RuntimeException e) {
                try {
                    postmasters.stop(dataDir);
                    d.destroy(main);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        });
    }

    /** Puts main's data in place (or leaves it to initdb); returns the superuser's name. */
    private String fill(Path dataDir, Postmasters postmasters) {
        if (fromPgdata != null) {
            Path src = fromPgdata.toAbsolutePath().normalize();
            if (!Files.isRegularFile(src.resolve("PG_VERSION"))) {
                throw new IllegalArgumentException(src + " is not a PostgreSQL data directory (no PG_VERSION)");
            }
            Postmaster.on(src).ifPresent(p -> {
                throw new IllegalStateException("a postmaster (pid " + p.pid() + ") runs on " + src
                        + ": stop it first, or seed main from it with --from URL instead");
            });
            try {
                Files.createDirectory(dataDir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create " + dataDir + ": " + e, e);
            }
            PgFiles.copyContents(src, dataDir);
            Postmasters.forgetSourceProcess(dataDir);
            PgFiles.chownToPostgres(dataDir, true);
            return superuser != null ? superuser : "postgres";
        }
        if (fromUrl != null) {
            // The password goes in the environment, not the argument list, which every user can read in ps.
            var basebackup = Postmasters.pg(List.of(postmasters.binaries().binary("pg_basebackup").toString(), "-d",
                    conninfo(fromUrl), "-D", dataDir.toString(), "-X", "stream", "-c", "fast", "--no-password"),
                    Duration.ofHours(12));
            (fromUrl.password() == null ? basebackup : basebackup.env("PGPASSWORD", fromUrl.password())).run();
            Postmasters.forgetSourceProcess(dataDir);
            return superuser != null ? superuser : fromUrl.user() != null ? fromUrl.user() : "postgres";
        }
        return superuser != null ? superuser : "postgres"; // initdb runs on first start
    }

    private static void createDatabase(Postmasters postmasters, Path dataDir, Postmaster p, String su, String db) {
        String quoted = "\"" + db.replace("\"", "\"\"") + "\"";
        Postmasters.pg(postmasters.psql(dataDir, p, su, List.of("-c", "CREATE DATABASE " + quoted)),
                Duration.ofMinutes(5)).run();
    }

    /** A libpq connection string for pg_basebackup (values quoted as libpq wants). */
    static String conninfo(UpstreamUrl u) {
        StringBuilder b = new StringBuilder();
        append(b, "host", u.host());
        append(b, "port", Integer.toString(u.port()));
        append(b, "dbname", u.database());
        if (u.user() != null) {
            append(b, "user", u.user());
        }
        append(b, "sslmode", u.sslMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (u.sslRootCert() != null) {
            append(b, "sslrootcert", u.sslRootCert());
        }
        return b.toString().trim();
    }

    private static void append(StringBuilder b, String key, String value) {
        b.append(key).append("='").append(value.replace("\\", "\\\\").replace("'", "\\'")).append("' ");
    }
}
