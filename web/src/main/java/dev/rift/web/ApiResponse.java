package dev.rift.web;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.OutputStream;
import java.util.Map;

/** What an endpoint answers: a JSON document, a text body, or a body streamed in chunks as it is produced. */
public sealed interface ApiResponse {

    HttpResponseStatus status();

    Map<String, String> headers();

    static ApiResponse json(Object body) {
        return new JsonBody(HttpResponseStatus.OK, body, Map.of());
    }

    static ApiResponse json(HttpResponseStatus status, Object body, Map<String, String> headers) {
        return new JsonBody(status, body, headers);
    }

    /** A text body, e.g. Prometheus' exposition format. */
    static ApiResponse text(String contentType, String body) {
        return new TextBody(HttpResponseStatus.OK, contentType, body, Map.of());
    }

    /** Chunked: {@code body} writes into the response as it goes; it is closed however the writing ends. */
    static ApiResponse streamed(String contentType, StreamedBody body) {
        return new Streamed(HttpResponseStatus.OK, contentType, body, Map.of());
    }

    record JsonBody(HttpResponseStatus status, Object body, Map<String, String> headers) implements ApiResponse {
    }

    record TextBody(HttpResponseStatus status, String contentType, String body, Map<String, String> headers)
            implements ApiResponse {
    }

    record Streamed(HttpResponseStatus status, String contentType, StreamedBody body, Map<String, String> headers)
            implements ApiResponse {
    }

    /** A body written after the status line went out: a failure can only cut the response short. */
    interface StreamedBody extends AutoCloseable {
        void writeTo(OutputStream out) throws Exception;

        @Override
        void close();
    }
}
