package dev.rift.web;

import dev.rift.router.metrics.Metrics;
import dev.rift.router.session.BranchSessions;

import java.util.List;
import java.util.Map;

/**
 * What the control API does to branches, once per mode: {@link OverlayBranches} over a
 * {@link dev.rift.router.RiftServer}, {@link SnapshotBranches} over a
 * {@link dev.rift.router.snapshot.SnapshotServer}. Branch objects are the JSON objects of {@code rift list --json}
 * in that mode. Failures are {@link ApiException}s, or the engine's own exceptions, which {@link Failures} maps.
 * Every method may block (it talks to PostgreSQL or the pool): callers run it off the event loop.
 */
public interface BranchService {

    /** {@code overlay} or {@code snapshot}. */
    String mode();

    List<Map<String, Object>> list();

    /** The branch object; 404 when there is no such branch. */
    default Map<String, Object> get(String name) {
        return list().stream().filter(b -> name.equals(b.get("name"))).findFirst()
                .orElseThrow(() -> ApiException.branchNotFound(name));
    }

    /**
     * Creates {@code name} from {@code parent} ({@code main}: the upstream); answers the branch object with
     * {@code "connect"}, the URL a client connects to it with.
     */
    Map<String, Object> create(String name, String parent);

    /** Deletes the branch (with {@code force} also those made from it): {@code {"deleted": [...]}}, deepest first. */
    Map<String, Object> delete(String name, boolean force);

    /** Discards the branch's changes: {@code {"branch": name, "reset": true, ...}}. */
    Map<String, Object> reset(String name);

    /** Opens the diff (404, 422 here, before anything is sent), for {@code rift diff --format json}'s document. */
    DiffStream diff(String name, String against);

    /** The document of {@code rift schema-diff --json}. */
    Map<String, Object> schemaDiff(String name, String against);

    /**
     * Where PostgreSQL clients connect, for {@code /api/stats}: {@code host} and {@code port} as the proxy bound them,
     * and the user a branch's URL names (null when the upstream URL has none).
     */
    Map<String, Object> proxy();

    /** The server's Prometheus registry, for {@code GET /metrics} (docs/metrics.md). */
    Metrics metrics();

    /** The sessions open per branch, for {@code /api/stats}. */
    BranchSessions sessions();

    /** Whether the upstream (snapshot mode: the pool and main's postmaster) answers within 2 s. */
    Health health();

    /** The answer of {@code GET /healthz}: 200 with {@code body} when {@code ok}, else 503. */
    record Health(boolean ok, Map<String, Object> body) {
    }
}
