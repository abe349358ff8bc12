package dev.rift.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rift.web.json.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes answers to the channel: whole bodies with a length, streamed bodies in chunks, errors as JSON. */
final class Responses {
    private static final Logger log = LoggerFactory.getLogger(Responses.class);
    static final String JSON = "application/json; charset=utf-8";
    /**
     * The page's own files only: no inline script or style (the page has none), no framing (clickjacking of Reset
     * and Delete), nowhere to send data but this server.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private Responses() {
    }

    static void send(Channel ch, boolean keepAlive, ApiResponse response) {
        if (response instanceof ApiResponse.JsonBody j) {
            full(ch, keepAlive, j.status(), JSON, encode(j.body()), j.headers());
        } else if (response instanceof ApiResponse.TextBody t) {
            full(ch, keepAlive, t.status(), t.contentType(), t.body().getBytes(StandardCharsets.UTF_8), t.headers());
        } else if (response instanceof ApiResponse.Streamed s) {
            streamed(ch, keepAlive, s);
        }
    }

    static void error(Channel ch, boolean keepAlive, ApiException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", e.status().code());
        error.put("code", e.code());
        error.put("message", e.getMessage());
        full(ch, keepAlive, e.status(), JSON, encode(Map.of("error", error)), e.headers());
    }

    static void full(Channel ch, boolean keepAlive, HttpResponseStatus status, String contentType, byte[] body,
                     Map<String, String> headers) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        secure(r.headers());
        headers.forEach((k, v) -> r.headers().set(k, v));
        HttpUtil.setContentLength(r, body.length);
        HttpUtil.setKeepAlive(r, keepAlive);
        ChannelFuture f = ch.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The status line and headers first, then the body as it is written; a failure after that can only close the
     * connection, so the client sees a truncated chunked body rather than a well-formed, wrong answer.
     */
    private static void streamed(Channel ch, boolean keepAlive, ApiResponse.Streamed s) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, s.status());
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, s.contentType());
        secure(head.headers());
        s.headers().forEach((k, v) -> head.headers().set(k, v));
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpUtil.setKeepAlive(head, keepAlive);
        ch.writeAndFlush(head);
        try (ApiResponse.StreamedBody body = s.body(); ChunkedBodyStream out = new ChunkedBodyStream(ch)) {
            body.writeTo(out);
            out.flush();
        } catch (Exception e) {
            log.warn("streamed answer cut short: {}", e.toString(), e);
            ch.close();
            return;
        }
        ChannelFuture f = ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Headers of every answer, page and API alike (docs/http.md, "Browsers"). */
    private static void secure(HttpHeaders headers) {
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
        headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
    }

    static byte[] encode(Object body) {
        try {
            return Json.COMPACT.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
