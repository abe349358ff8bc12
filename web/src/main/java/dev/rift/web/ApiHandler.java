package dev.rift.web;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One HTTP request, whole (the aggregator gathered its body): first checked against the {@link SameOriginPolicy};
 * the page's static files are answered on the event loop; everything else is checked for the bearer token, routed,
 * and handed to the worker executor, since the endpoints talk to PostgreSQL. One request at a time per connection: the channel stops reading until the answer
 * has been written.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    private final Routes routes;
    private final SameOriginPolicy origins;
    private final StaticAssets assets;
    private final byte[] token;
    private final Executor workers;

    ApiHandler(Routes routes, SameOriginPolicy origins, StaticAssets assets, String token, Executor workers) {
        this.routes = routes;
        this.origins = origins;
        this.assets = assets;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            Responses.error(ctx.channel(), false, ApiException.invalidRequest("malformed HTTP request"));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        HttpMethod method = request.method();
        try {
            origins.check(method, request.headers(), request.content().isReadable());
        } catch (ApiException e) {
            Responses.error(ctx.channel(), keepAlive, e);
            return;
        }
        if (StaticAssets.serves(path)) {
            serveAsset(ctx, keepAlive, method, path);
            return;
        }
        Routes.Match match;
        try {
            if (!routes.isPublic(path)) {
                authenticate(request);
            }
            match = routes.match(method, path);
        } catch (ApiException e) {
            Responses.error(ctx.channel(), keepAlive, e);
            return;
        }
        ApiRequest api = new ApiRequest(method, path, uri.parameters(), match.params(),
                ByteBufUtil.getBytes(request.content()));
        ctx.channel().config().setAutoRead(false);
        try {
            workers.execute(() -> answer(ctx, keepAlive, match.endpoint(), api));
        } catch (RejectedExecutionException e) {
            ctx.channel().config().setAutoRead(true);
            Responses.error(ctx.channel(), false, new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "shutting_down", "the server is shutting down"));
        }
    }

    private void answer(ChannelHandlerContext ctx, boolean keepAlive, Endpoint endpoint, ApiRequest request) {
        try {
            Responses.send(ctx.channel(), keepAlive, endpoint.handle(request));
        } catch (Exception | Error e) {
            ApiException api = Failures.of(e);
            if (api.status().equals(HttpResponseStatus.INTERNAL_SERVER_ERROR)) {
                log.error("{} {} failed", request.method(), request.path(), e);
            } else if (api.status().code() >= 500) {
                log.warn("{} {}: {}", request.method(), request.path(), api.getMessage());
            } else {
                log.debug("{} {}: {} {}", request.method(), request.path(), api.status().code(), api.getMessage());
            }
            Responses.error(ctx.channel(), keepAlive, api);
        } finally {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void serveAsset(ChannelHandlerContext ctx, boolean keepAlive, HttpMethod method, String path) {
        if (!HttpMethod.GET.equals(method)) {
            Responses.error(ctx.channel(), keepAlive, new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method_not_allowed", method + " is not allowed on " + path + " (allowed: GET)",
                    Map.of("Allow", "GET"), null));
            return;
        }
        assets.find(path).ifPresentOrElse(
                a -> Responses.full(ctx.channel(), keepAlive, HttpResponseStatus.OK, a.contentType(), a.bytes(),
                        Map.of()),
                () -> Responses.error(ctx.channel(), keepAlive, new ApiException(HttpResponseStatus.NOT_FOUND,
                        "not_found", "no such file: " + path)));
    }

    /** 401 unless the request carries {@code Authorization: Bearer TOKEN} (compared in constant time). */
    private void authenticate(FullHttpRequest request) {
        if (token == null) {
            return;
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        String prefix = "Bearer ";
        boolean ok = header != null && header.regionMatches(true, 0, prefix, 0, prefix.length())
                && MessageDigest.isEqual(token, header.substring(prefix.length()).trim()
                .getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    header == null ? "this API needs a bearer token (Authorization: Bearer TOKEN)"
                            : "the bearer token is not the server's (--http-token / RIFT_HTTP_TOKEN)",
                    Map.of("WWW-Authenticate", "Bearer realm=\"rift\""), null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
