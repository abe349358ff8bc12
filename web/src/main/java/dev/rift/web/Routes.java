package dev.rift.web;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API's paths: patterns of literal segments and {@code {param}} segments, each with its methods. A path no
 * pattern matches is a 404; a matched path without the request's method a 405 with {@code Allow}. Routes are
 * {@linkplain #isPublic public} (no token: {@code /healthz}) or need the bearer token.
 * Add one with {@link #add}: e.g. {@code routes.add(HttpMethod.GET, "/metrics", false, request -> ...)}.
 */
public final class Routes {
    private record Route(HttpMethod method, String[] segments, boolean open, Endpoint endpoint) {
    }

    /** A matched route: its endpoint, whether it needs no token, and the values of its {@code {param}} segments. */
    public record Match(Endpoint endpoint, boolean open, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    public Routes add(HttpMethod method, String pattern, boolean open, Endpoint endpoint) {
        routes.add(new Route(method, split(pattern), open, endpoint));
        return this;
    }

    /** The route for {@code method} and {@code path}; 404 or 405 (with {@code Allow}) when there is none. */
    public Match match(HttpMethod method, String path) {
        String[] segments = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> params = bind(r.segments(), segments);
            if (params == null) {
                continue;
            }
            if (r.method().equals(method)) {
                return new Match(r.endpoint(), r.open(), params);
            }
            allowed.add(r.method().name());
        }
        if (allowed.isEmpty()) {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", "no such path: " + path);
        }
        throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                method + " is not allowed on " + path + " (allowed: " + String.join(", ", allowed) + ")",
                Map.of("Allow", String.join(", ", allowed)), null);
    }

    /** Whether any route needs no token for this path (so its 404/405 are not hidden behind a 401). */
    public boolean isPublic(String path) {
        String[] segments = split(path);
        return routes.stream().anyMatch(r -> r.open() && bind(r.segments(), segments) != null);
    }

    private static Map<String, String> bind(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
