package dev.rift.web;

import dev.rift.router.metrics.Metrics;
import dev.rift.router.session.BranchSessions;
import dev.rift.router.snapshot.SnapshotServer;
import dev.rift.storage.pool.BranchStatus;
import dev.rift.storage.pool.PoolState;
import dev.rift.storage.pool.Postmaster;
import dev.rift.storage.pool.SnapshotPool;
import dev.rift.web.json.BranchJson;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The API in snapshot mode: the pool of a running {@link SnapshotServer}. Diffs are the overlay engine's, so
 * diff and schema-diff answer 422 here. Branches made from a branch are independent clones: {@code force} on delete
 * changes nothing.
 */
public final class SnapshotBranches implements BranchService {
    private final SnapshotPool pool;
    private final ProxyEndpoint proxy;

    public SnapshotBranches(SnapshotServer server) {
        this.pool = server.pool();
        this.proxy = ProxyEndpoint.of(server.proxy());
    }

    @Override
    public Metrics metrics() {
        return proxy.metrics();
    }

    @Override
    public Map<String, Object> proxy() {
        return proxy.json(pool.state().superuser());
    }

    @Override
    public String mode() {
        return "snapshot";
    }

    @Override
    public List<Map<String, Object>> list() {
        String driver = pool.driver().name();
        return pool.list().stream().map(b -> BranchJson.snapshot(driver, b)).toList();
    }

    @Override
    public Map<String, Object> create(String name, String parent) {
        if (name.equals("main") || name.equals("rift")) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_name",
                    "\"" + name + "\" is reserved; pick another branch name");
        }
        if (!pool.state().has(parent)) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "branch_not_found",
                    "parent branch \"" + parent + "\" does not exist");
        }
        BranchStatus created;
        try {
            created = pool.create(name, "main".equals(parent) ? null : parent);
        } catch (IllegalStateException e) {
            if (pool.state().has(name)) { // the pool refuses an existing name under its lock: another creator won
                throw new ApiException(HttpResponseStatus.CONFLICT, "branch_exists",
                        "branch \"" + name + "\" already exists");
            }
            throw e;
        }
        Map<String, Object> b = new LinkedHashMap<>(get(created.name()));
        b.put("connect", proxy.url(pool.state().superuser(), created.name()));
        return b;
    }

    @Override
    public Map<String, Object> delete(String name, boolean force) {
        requireDeletable(name);
        try {
            pool.delete(name);
        } catch (IllegalArgumentException e) {
            if (!pool.state().has(name)) { // deleted meanwhile by another request
                throw ApiException.branchNotFound(name);
            }
            throw e;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deleted", List.of(name));
        m.put("mode", mode());
        return m;
    }

    @Override
    public Map<String, Object> reset(String name) {
        requireDeletable(name);
        pool.reset(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("branch", name);
        m.put("reset", true);
        m.put("mode", mode());
        m.put("parent", pool.state().branch(name).map(PoolState.Branch::parent).orElse(null));
        return m;
    }

    @Override
    public DiffStream diff(String name, String against) {
        throw unsupported(name, "diff");
    }

    @Override
    public Map<String, Object> schemaDiff(String name, String against) {
        throw unsupported(name, "schema-diff");
    }

    @Override
    public BranchSessions sessions() {
        return proxy.sessions();
    }

    /**
     * Healthy when the pool's state file reads and main's postmaster, if it runs, answers (a stopped main is
     * started by the next connection, as every branch is).
     */
    @Override
    public Health health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", mode());
        PoolState state;
        try {
            state = pool.state();
        } catch (RuntimeException e) {
            body.put("status", "unavailable");
            body.put("reason", "snapshot pool " + pool.driver().pool() + ": " + e.getMessage());
            return new Health(false, body);
        }
        Optional<Postmaster> main = pool.running(SnapshotPool.MAIN);
        Optional<String> failure = Optional.empty();
        if (main.isPresent()) {
            Properties p = new Properties();
            p.setProperty("user", state.superuser());
            p.setProperty("ApplicationName", "rift-healthz");
            failure = UpstreamProbe.check("jdbc:postgresql://127.0.0.1:" + main.get().port() + "/"
                    + state.database() + "?sslmode=disable", p, true);
        }
        body.put("status", failure.isEmpty() ? "ok" : "unavailable");
        if (failure.isEmpty()) {
            body.put("pool", "readable");
            body.put("main", main.isPresent() ? "running" : "stopped");
        } else {
            body.put("reason", "main's postmaster (port " + main.get().port() + "): " + failure.get());
        }
        return new Health(failure.isEmpty(), body);
    }

    private void requireDeletable(String name) {
        if (SnapshotPool.MAIN.equals(name)) {
            throw new ApiException(HttpResponseStatus.UNPROCESSABLE_ENTITY, "unsupported",
                    "main is the pool's source of every branch; it cannot be deleted or reset");
        }
        if (!pool.state().has(name)) {
            throw ApiException.branchNotFound(name);
        }
    }

    private static ApiException unsupported(String name, String what) {
        return new ApiException(HttpResponseStatus.UNPROCESSABLE_ENTITY, "unsupported", what + " of branch \"" + name
                + "\" is not available in snapshot mode: each branch is its own postmaster, with no change log to "
                + "compare (compare them with pg_dump)");
    }
}
