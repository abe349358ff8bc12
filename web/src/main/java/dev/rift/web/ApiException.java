package dev.rift.web;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.Map;

/**
 * A request the API answers with an error (docs/http.md, "Errors"): the HTTP status, a stable machine-readable code,
 * a message for people, and headers the status calls for ({@code Allow} with 405, {@code WWW-Authenticate} with 401).
 */
public final class ApiException extends RuntimeException {
    private final HttpResponseStatus status;
    private final String code;
    private final Map<String, String> headers;

    public ApiException(HttpResponseStatus status, String code, String message) {
        this(status, code, message, Map.of(), null);
    }

    public ApiException(HttpResponseStatus status, String code, String message, Map<String, String> headers,
                        Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException branchNotFound(String name) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "branch_not_found",
                "branch \"" + name + "\" does not exist");
    }

    public static ApiException invalidRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "invalid_request", message);
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
