package dev.rift.cli;

import dev.rift.cow.OverlayEngine;
import dev.rift.storage.UpstreamUrl;
import dev.rift.storage.catalog.BranchCatalog;

/**
 * The overlay engine for one CLI command, working directly against the upstream (no server
 * needed), without the notification listener a long-running server keeps.
 */
record EngineHandle(UpstreamUrl upstream, BranchCatalog catalog, OverlayEngine engine) implements AutoCloseable {

    static EngineHandle open(UpstreamUrl upstream) {
        BranchCatalog catalog = BranchCatalog.open(upstream);
        return new EngineHandle(upstream, catalog, new OverlayEngine(catalog, null));
    }

    /** Installs rift's catalog schema when it is missing, as {@code rift create} does implicitly. */
    void ensureInstalled() {
        if (!catalog.isInstalled()) {
            engine.install();
        }
    }

    @Override
    public void close() {
        engine.close();
        catalog.close();
    }
}
