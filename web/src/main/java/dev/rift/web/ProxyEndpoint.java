package dev.rift.web;

import dev.rift.router.ProxyServer;
import dev.rift.router.metrics.Metrics;
import dev.rift.router.session.BranchSessions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PostgreSQL listener the API reports on, the same in both modes: where clients connect, the sessions open on
 * it and its metrics registry.
 */
record ProxyEndpoint(String host, int port, BranchSessions sessions, Metrics metrics) {

    static ProxyEndpoint of(ProxyServer proxy) {
        return new ProxyEndpoint(proxy.host(), proxy.port(), proxy.services().sessions(), proxy.metrics());
    }

    /** The URL a client connects to {@code branch} with, as {@code user} (null: none is known). */
    String url(String user, String branch) {
        return "postgres://" + (user == null ? "USER" : user) + "@" + host + ":" + port + "/" + branch;
    }

    /** {@code /api/stats}' {@code proxy} object. */
    Map<String, Object> json(String user) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("host", host);
        p.put("port", port);
        p.put("user", user);
        return p;
    }
}
