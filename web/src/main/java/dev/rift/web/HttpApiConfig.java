package dev.rift.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Where the control API listens, the bearer token it asks for ({@code null}: none) and the host names it answers
 * for besides localhost, IP addresses and its listen address ({@link SameOriginPolicy}). A token is required as soon
 * as the address is not a loopback one: the API creates and deletes branches, so it is never open to a network.
 */
public record HttpApiConfig(String host, int port, String token, List<String> allowedHosts) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 6480;

    public HttpApiConfig(String host, int port, String token) {
        this(host, port, token, List.of());
    }

    public HttpApiConfig {
        allowedHosts = List.copyOf(allowedHosts);
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port out of range: " + port);
        }
        if (token == null && !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to serve the HTTP API on " + host + ":" + port
                    + " without a token: anyone who reaches it could delete branches; set --http-token TOKEN "
                    + "(or RIFT_HTTP_TOKEN), or bind it to 127.0.0.1");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown HTTP host \"" + host + "\"", e);
        }
    }
}
