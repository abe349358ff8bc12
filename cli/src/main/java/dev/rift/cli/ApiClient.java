package dev.rift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rift.web.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code rift --server URL}: the commands' requests to a running server's control API (docs/http.md), with its
 * bearer token. An error answer becomes an {@link IllegalStateException} with the server's message, so the command
 * line reports it as it reports the same failure in direct mode.
 */
final class ApiClient {
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(String server, String token) {
        String s = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        if (!s.startsWith("http://") && !s.startsWith("https://")) {
            throw new IllegalArgumentException("--server must be an http:// or https:// URL, got \"" + server + "\"");
        }
        this.base = URI.create(s);
        this.token = token;
    }

    /** The client for {@code --server}, or null when commands work directly. */
    static ApiClient of(RiftCommand rift) {
        return rift == null || rift.server() == null ? null : new ApiClient(rift.server(), rift.httpToken());
    }

    JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    JsonNode post(String path, Object body) {
        byte[] json;
        try {
            json = Json.COMPACT.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))));
    }

    JsonNode delete(String path) {
        return json(send(request(path).DELETE()));
    }

    /** The body of a successful GET as it streams in (the caller closes it). */
    InputStream stream(String path) {
        return send(request(path).GET());
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private InputStream send(HttpRequest.Builder request) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the rift server at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to " + base, e);
        }
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        try (InputStream in = response.body()) {
            JsonNode error = Json.COMPACT.readTree(in).path("error");
            String message = error.path("message").asText("");
            throw new IllegalStateException(message.isEmpty() ? base + " answered HTTP " + response.statusCode()
                    : message);
        } catch (IOException e) {
            throw new IllegalStateException(base + " answered HTTP " + response.statusCode(), e);
        }
    }

    private static JsonNode json(InputStream body) {
        try (body) {
            return Json.COMPACT.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
