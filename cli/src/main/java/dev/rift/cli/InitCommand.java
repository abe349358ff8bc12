package dev.rift.cli;

import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.pool.PoolSetup;
import dev.rift.storage.pool.SnapshotPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {
                "Overlay mode (default): install rift's catalog (schema \"rift\") in the upstream database.",
                "Idempotent; \"rift create\" runs it implicitly when it is missing. Upstream tables are never changed.",
                "",
                "Snapshot mode: put main's data directory on a copy-on-write pool, run by rift:",
                "  rift init --mode snapshot --driver btrfs --pool /mnt/btrfs/rift            (fresh initdb)",
                "  rift init --mode snapshot --driver zfs --pool tank/rift --from-pgdata /var/lib/postgresql/15/main",
                "  rift init --mode snapshot --driver reflink --pool /xfs/rift --from postgres://u:p@db:5432/app"
        })
final class InitCommand implements Callable<Integer> {
    enum Mode { overlay, snapshot }

    @Spec
    CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Mixin
    UpstreamOption upstream;

    @Mixin
    PoolOption pool;

    @Option(names = "--mode", defaultValue = "overlay", description = "overlay or snapshot. Default: ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(names = "--driver", paramLabel = "btrfs|zfs|reflink|copy",
            description = "Snapshot mode: how branches are cloned.")
    String driver;

    @Option(names = "--from-pgdata", paramLabel = "DIR",
            description = "Snapshot mode: copy this (stopped) data directory into main instead of running initdb.")
    Path fromPgdata;

    @Option(names = "--from", paramLabel = "URL",
            description = "Snapshot mode: seed main with pg_basebackup from this running server (needs a user "
                    + "allowed to replicate).")
    String from;

    @Option(names = "--database", paramLabel = "NAME",
            description = "Snapshot mode: the database clients land in on every branch. Default: the --from URL's "
                    + "database, else postgres (created on a fresh main if missing).")
    String database;

    @Option(names = "--superuser", paramLabel = "NAME",
            description = "Snapshot mode: main's superuser (rift uses it over the Unix socket). Default: postgres, "
                    + "or the --from URL's user.")
    String superuser;

    @Option(names = "--password", paramLabel = "PASSWORD", defaultValue = "${env:RIFT_PASSWORD}",
            description = "Snapshot mode, fresh main: the superuser's password. Default: $RIFT_PASSWORD, else a "
                    + "random one, printed once.")
    String password;

    @Option(names = "--fast", hidden = true, description = "fsync off and friends: for tests only.")
    boolean fast;

    @Override
    public Integer call() {
        if (mode == Mode.snapshot) {
            return initSnapshot();
        }
        try (EngineHandle h = EngineHandle.open(upstream.resolve())) {
            boolean had = h.catalog().isInstalled();
            h.engine().install();
            out().println(had ? "rift catalog already installed in " + h.upstream().database()
                    : "rift catalog installed in " + h.upstream().database());
        }
        return 0;
    }

    private int initSnapshot() {
        if (driver == null || !pool.given()) {
            throw new IllegalArgumentException("snapshot mode needs --driver btrfs|zfs|reflink|copy and --pool DIR|DATASET");
        }
        boolean fresh = fromPgdata == null && from == null;
        boolean generated = fresh && (password == null || password.isEmpty());
        String pw = generated ? randomPassword() : password;
        UpstreamUrl source = from == null ? null : UpstreamUrl.parse(from);
        SnapshotPool p = new PoolSetup(driver, pool.pool, fromPgdata, source, database, superuser, pw, fast).run();
        out().println("snapshot pool ready: " + p.driver().name() + " on " + p.driver().pool()
                + " (state in " + p.stateFile() + ")");
        out().println("main's data directory: " + p.dataDir(SnapshotPool.MAIN) + " (started by rift serve --pool "
                + pool.pool + " on first use)");
        if (generated) {
            out().println("superuser " + p.state().superuser() + ", password " + pw + " (shown once: keep it)");
        }
        return 0;
    }

    private static String randomPassword() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
