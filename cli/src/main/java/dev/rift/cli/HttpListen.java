package dev.rift.cli;

import dev.rift.web.ApiRoutes;
import dev.rift.web.BranchService;
import dev.rift.web.HttpApiConfig;
import dev.rift.web.HttpApiServer;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * {@code rift serve --http HOST:PORT|off} and {@code --http-token}: checked before anything starts (a public address
 * without a token is refused), then the control API started next to the proxy and announced like it.
 */
final class HttpListen {
    private HttpListen() {
    }

    /** The API's address and token, answering for localhost and IP addresses only; empty for {@code --http off}. */
    static Optional<HttpApiConfig> parse(String http, String token) {
        return parse(http, token, java.util.List.of());
    }

    /** The API's address, token and extra host names, or empty for {@code --http off}. */
    static Optional<HttpApiConfig> parse(String http, String token, java.util.List<String> allowedHosts) {
        if (http == null || http.isBlank() || http.trim().equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        HostPort address = HostPort.parse(http, HttpApiConfig.DEFAULT_HOST);
        return Optional.of(new HttpApiConfig(address.host(), address.port(), token,
                allowedHosts == null ? java.util.List.of() : allowedHosts));
    }

    /** The started API, or null when it is off (try-with-resources skips a null). */
    static HttpApiServer start(Optional<HttpApiConfig> config, BranchService branches, PrintWriter out)
            throws InterruptedException {
        if (config.isEmpty()) {
            return null;
        }
        HttpApiServer api = HttpApiServer.start(config.get(), ApiRoutes.of(branches));
        out.println("control API and dashboard on http://" + hostForUrl(api.host()) + ":" + api.port() + "/"
                + (config.get().token() == null ? "" : " (bearer token required)"));
        return api;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
