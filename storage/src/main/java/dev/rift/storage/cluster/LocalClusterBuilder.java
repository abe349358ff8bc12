package dev.rift.storage.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options for {@link LocalCluster}; unset data dir = temp dir, unset port = free port. */
public final class LocalClusterBuilder {
    private PgBinaries binaries;
    private Path dataDir;
    private int port;
    private String superuser = "postgres";
    private String password;
    private LocalCluster.Durability durability = LocalCluster.Durability.FAST;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(60);

    LocalClusterBuilder() {
    }

    /** Binaries to use (default {@link PgBinaries#locate()}). */
    public LocalClusterBuilder binaries(PgBinaries b) {
        this.binaries = b;
        return this;
    }

    /** Data directory (default: {@code data} in a new temp dir that {@link LocalCluster#close()} deletes). */
    public LocalClusterBuilder dataDir(Path dir) {
        this.dataDir = dir;
        return this;
    }

    /** TCP port (default: {@link FreePort#find()}, retried if another process grabs it first). */
    public LocalClusterBuilder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port);
        }
        this.port = port;
        return this;
    }

    public LocalClusterBuilder superuser(String name) {
        this.superuser = name;
        return this;
    }

    /** The superuser's password (required: TCP connections use scram-sha-256). */
    public LocalClusterBuilder password(String pw) {
        this.password = pw;
        return this;
    }

    public LocalClusterBuilder durability(LocalCluster.Durability d) {
        this.durability = d;
        return this;
    }

    /** An extra postgresql.conf setting (written last, so it overrides the defaults). */
    public LocalClusterBuilder setting(String name, String value) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
            throw new IllegalArgumentException("invalid setting name: " + name);
        }
        settings.put(name, value);
        return this;
    }

    /** How long {@code pg_ctl start} may wait for the server (default 60 s). */
    public LocalClusterBuilder startTimeout(Duration t) {
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
        return new ClusterStart(binaries, dataDir, port, superuser, password, durability, settings, startTimeout)
                .run();
    }
}
