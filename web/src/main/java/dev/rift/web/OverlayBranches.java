package dev.rift.web;

import dev.rift.cow.BranchReset;
import dev.rift.cow.OverlayEngine;
import dev.rift.cow.diff.BranchDiff;
import dev.rift.router.RiftServer;
import dev.rift.router.metrics.Metrics;
import dev.rift.router.session.BranchSessions;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.catalog.BranchCatalog;
import dev.rift.storage.catalog.BranchRecord;
import dev.rift.storage.catalog.CatalogDataSource;
import dev.rift.web.json.BranchJson;
import dev.rift.web.json.DiffJsonWriter;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The API in overlay mode: the engine of a running {@link RiftServer}, whose catalog is in the upstream. */
public final class OverlayBranches implements BranchService {
    private final OverlayEngine engine;
    private final BranchCatalog catalog;
    private final ProxyEndpoint proxy;
    private final UpstreamUrl upstream;

    public OverlayBranches(RiftServer server, UpstreamUrl upstream) {
        this.engine = server.engine();
        this.catalog = engine.branchCatalog();
        this.proxy = ProxyEndpoint.of(server.proxy());
        this.upstream = upstream;
    }

    @Override
    public Metrics metrics() {
        return proxy.metrics();
    }

    @Override
    public Map<String, Object> proxy() {
        return proxy.json(upstream.user());
    }

    @Override
    public String mode() {
        return "overlay";
    }

    @Override
    public List<Map<String, Object>> list() {
        return catalog.isInstalled() ? engine.list().stream().map(BranchJson::overlay).toList() : List.of();
    }

    @Override
    public Map<String, Object> create(String name, String parent) {
        if (name.equals("rift")) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_name",
                    "\"rift\" is reserved; pick another branch name");
        }
        if (!catalog.isInstalled()) {
            engine.install();
        }
        BranchRecord created = engine.createBranch(name, "main".equals(parent) ? null : parent);
        Map<String, Object> b = new LinkedHashMap<>(get(created.name()));
        b.put("connect", proxy.url(upstream.user(), created.name()));
        return b;
    }

    @Override
    public Map<String, Object> delete(String name, boolean force) {
        requireBranch(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deleted", engine.deleteBranch(name, force));
        m.put("mode", mode());
        return m;
    }

    @Override
    public Map<String, Object> reset(String name) {
        requireBranch(name);
        BranchReset reset = engine.resetBranch(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("branch", name);
        m.put("reset", true);
        m.put("mode", mode());
        m.put("visible_ms", reset.visibleAfter().toNanos() / 1e6);
        m.put("total_ms", reset.total().toNanos() / 1e6);
        return m;
    }

    @Override
    public DiffStream diff(String name, String against) {
        requireBranch(name);
        BranchDiff diff = engine.diff(name, against);
        return new DiffStream() {
            @Override
            public void writeTo(Writer out, boolean statOnly) {
                DiffJsonWriter.write(diff, statOnly, out, table -> { });
            }

            @Override
            public void close() {
                diff.close();
            }
        };
    }

    @Override
    public Map<String, Object> schemaDiff(String name, String against) {
        BranchRecord branch = requireBranch(name);
        String other = against != null ? against : branch.parent() == null ? "main" : branch.parent();
        return BranchJson.schemaDiff(name, other, engine.schemaDiff(name, other));
    }

    @Override
    public BranchSessions sessions() {
        return proxy.sessions();
    }

    @Override
    public Health health() {
        Optional<String> failure = UpstreamProbe.check(upstream.jdbcUrl(),
                CatalogDataSource.properties(upstream, "rift-healthz"), false);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", failure.isEmpty() ? "ok" : "unavailable");
        body.put("mode", mode());
        if (failure.isEmpty()) {
            body.put("upstream", "reachable");
        } else {
            body.put("reason", "upstream " + upstream.host() + ":" + upstream.port() + ": " + failure.get());
        }
        return new Health(failure.isEmpty(), body);
    }

    /** The branch's catalog row; 404 when there is none (or no catalog yet). */
    private BranchRecord requireBranch(String name) {
        if (!catalog.isInstalled()) {
            throw ApiException.branchNotFound(name);
        }
        return catalog.branch(name).orElseThrow(() -> ApiException.branchNotFound(name));
    }
}
