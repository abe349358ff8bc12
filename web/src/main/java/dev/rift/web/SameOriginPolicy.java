package dev.rift.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What keeps other web sites out of the API (docs/http.md, "Browsers"). A page on another site can make the user's
 * browser send requests here: "simple" cross-site POSTs (a form, {@code text/plain}) need no CORS preflight, and a
 * DNS name rebound to 127.0.0.1 makes the attacker's page same-origin with the API. So every request must name an
 * allowed {@code Host} (421), a state-changing one must come from the API's own origin or from no browser page
 * (403), and a body must be {@code application/json}, which no form or simple request can send (415).
 */
final class SameOriginPolicy {
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** Host names (lower case) besides localhost and IP literals: the listen address's and configured ones. */
    private final Set<String> names;

    SameOriginPolicy(String listenHost, List<String> allowedHosts) {
        this.names = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(Collectors.toCollection(java.util.HashSet::new));
        if (listenHost != null && !listenHost.isEmpty()) {
            names.add(listenHost.toLowerCase(Locale.ROOT));
        }
    }

    /** Refuses the request with an {@link ApiException} unless it may be answered. */
    void check(HttpMethod method, HttpHeaders headers, boolean hasBody) {
        String host = headers.get(HttpHeaderNames.HOST);
        if (host == null || host.isBlank()) {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_request", "a Host header is required");
        }
        String name = hostName(host.trim());
        if (!allowed(name)) {
            throw new ApiException(HttpResponseStatus.MISDIRECTED_REQUEST, "host_not_allowed",
                    "this server does not answer for host \"" + name + "\": reach it by its address or localhost,"
                            + " or add the name with --http-allowed-hosts (RIFT_HTTP_ALLOWED_HOSTS)");
        }
        if (SAFE.contains(method)) {
            return;
        }
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin != null && !origin.equalsIgnoreCase("http://" + host.trim())
                && !origin.equalsIgnoreCase("https://" + host.trim())) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "cross_origin",
                    "requests that change branches are only taken from this server's own page (Origin " + origin
                            + " is not http://" + host.trim() + ")");
        }
        String fetchSite = headers.get("Sec-Fetch-Site");
        if (origin == null && fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin")
                && !fetchSite.equalsIgnoreCase("none")) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "cross_origin",
                    "requests that change branches are only taken from this server's own page (Sec-Fetch-Site: "
                            + fetchSite + ")");
        }
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        if ((type != null || hasBody) && !isJson(type)) {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "request bodies must be application/json" + (type == null ? "" : ", not " + type)
                            + " (curl: -H 'Content-Type: application/json')");
        }
    }

    private boolean allowed(String name) {
        return name.equals("localhost") || name.endsWith(".localhost") || isIpLiteral(name) || names.contains(name);
    }

    /** The host part of a Host header ({@code name:port}, {@code [v6]:port}), lower case, without a trailing dot. */
    static String hostName(String host) {
        String h = host;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h : h.substring(0, end + 1);
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0 && h.indexOf(':') == colon) {
                h = h.substring(0, colon);
            }
        }
        h = h.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /**
     * An IP literal cannot be rebound: a page whose origin is an IP address was loaded from that address, so it is
     * this server's own (or the request would not have reached it).
     */
    private static boolean isIpLiteral(String name) {
        if (name.startsWith("[") && name.endsWith("]")) {
            return name.length() > 2 && name.substring(1, name.length() - 1).chars()
                    .allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return type.equalsIgnoreCase("application/json");
    }
}
