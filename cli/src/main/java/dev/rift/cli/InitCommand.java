package dev.rift.cli;

import dev.rift.router.control.BranchManagers;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.pool.PoolSetup;
import dev.rift.storage.pool.SnapshotPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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

    @Mixin
    Invocation invocation;

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
            invocation.out().println(had ? "rift catalog already installed in " + h.upstream().database()
                    : "rift catalog installed in " + h.upstream().database());
            reportManagers(h);
        }
        return 0;
    }

    /**
     * Says who may manage branches: the roles {@code rift_admin} and {@code rift_merge_main} the catalog's
     * installation creates when rift's role may create roles, or that it could not (then only superusers may).
     */
    private void reportManagers(EngineHandle h) {
        try (Connection c = h.catalog().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT g.rolname, pg_has_role(session_user, g.oid, 'MEMBER'),"
                     + " session_user FROM pg_roles g WHERE g.rolname IN (?, ?) ORDER BY 1")) {
            ps.setString(1, BranchManagers.ADMIN);
            ps.setString(2, BranchManagers.MERGE_MAIN);
            List<String> missing = new ArrayList<>(List.of(BranchManagers.ADMIN, BranchManagers.MERGE_MAIN));
            String user = h.upstream().user();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.remove(rs.getString(1));
                    user = rs.getString(3);
                    String role = rs.getString(1);
                    invocation.out().println("role " + role + " (" + (role.equals(BranchManagers.ADMIN)
                            ? "create, reset, delete, merge between and diff branches" : "merge branches into main")
                            + "): " + (rs.getBoolean(2) ? user + " is a member" : "GRANT " + role + " TO a role"));
                }
            }
            if (!missing.isEmpty()) {
                invocation.err().println("rift: could not create role(s) " + String.join(", ", missing)
                        + ": role \"" + user + "\" is neither superuser nor CREATEROLE, so until a superuser runs"
                        + " rift init (or CREATE ROLE " + missing.get(0) + " NOLOGIN) only superusers may manage"
                        + " branches");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read rift's roles: " + e.getMessage(), e);
        }
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
        PrintWriter out = invocation.out();
        out.println("snapshot pool ready: " + p.driver().name() + " on " + p.driver().pool()
                + " (state in " + p.stateFile() + ")");
        out.println("main's data directory: " + p.dataDir(SnapshotPool.MAIN) + " (started by rift serve --pool "
                + pool.pool + " on first use)");
        if (generated) {
            out.println("superuser " + p.state().superuser() + ", password " + pw + " (shown once: keep it)");
        }
        return 0;
    }

    private static String randomPassword() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
