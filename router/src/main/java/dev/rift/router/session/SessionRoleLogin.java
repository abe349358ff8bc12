package dev.rift.router.session;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.auth.ScramSha256;
import dev.rift.pgwire.message.Authentication;
import dev.rift.pgwire.message.BackendKeyData;
import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.PasswordMessage;
import dev.rift.pgwire.message.StartupMessage;
import dev.rift.storage.catalog.SessionRoles;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Logs a branch session in to the upstream as its session role (docs/security.md), once the client has
 * authenticated as itself on another connection: sends the client's startup parameters under the session role's
 * name, answers the server's password request (SCRAM-SHA-256, md5 or cleartext, whichever pg_hba asks for) with the
 * role's secret, and keeps the backend's key. The server's ParameterStatus messages are not the client's concern:
 * it already has the ones of its own authentication. Completes at the server's first ReadyForQuery.
 */
final class SessionRoleLogin extends ChannelInboundHandlerAdapter {
    /** The backend's key, once the server is ready for queries. */
    record Ready(BackendKeyData key) {
    }

    private final StartupMessage startup;
    private final SessionRoles.Login login;
    private final Promise<Ready> ready;
    private ScramSha256 scram;
    private BackendKeyData key;

    SessionRoleLogin(StartupMessage clientStartup, SessionRoles.Login login, Promise<Ready> ready) {
        this.startup = clientStartup.with("user", login.role());
        this.login = login;
        this.ready = ready;
    }

    /** Sends the startup packet; the connector calls this once the channel is ready. */
    void start(ChannelHandlerContext ctx) {
        ByteBuf out = ctx.alloc().buffer();
        startup.encode(out);
        ctx.writeAndFlush(out);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            switch (Frame.type(frame)) {
                case MessageType.AUTHENTICATION -> authenticate(ctx, frame);
                case MessageType.BACKEND_KEY_DATA -> key = BackendKeyData.decode(frame);
                case MessageType.ERROR_RESPONSE -> {
                    ErrorResponse e = ErrorResponse.decode(frame);
                    fail(ctx, new LoginRefused(e.sqlState(), e.message()));
                }
                case MessageType.READY_FOR_QUERY -> {
                    if (key == null) {
                        fail(ctx, new IOException("the upstream sent no BackendKeyData"));
                    } else {
                        ready.trySuccess(new Ready(key));
                    }
                }
                default -> { } // ParameterStatus, NoticeResponse, NegotiateProtocolVersion
            }
        } finally {
            frame.release();
        }
    }

    private void authenticate(ChannelHandlerContext ctx, ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        int code = body.readInt();
        try {
            switch (code) {
                case Authentication.OK -> { }
                case Authentication.CLEARTEXT_PASSWORD -> send(ctx, PasswordMessage.of(login.secret()));
                case Authentication.MD5_PASSWORD -> {
                    byte[] salt = new byte[4];
                    body.readBytes(salt);
                    send(ctx, PasswordMessage.of(md5Password(login.role(), login.secret(), salt)));
                }
                case Authentication.SASL -> {
                    String mechanisms = body.toString(StandardCharsets.UTF_8);
                    if (!mechanisms.contains(ScramSha256.MECHANISM)) {
                        throw new IOException("the upstream offers no SASL mechanism rift knows: " + mechanisms.trim());
                    }
                    scram = new ScramSha256(login.secret());
                    send(ctx, saslInitialResponse(scram.clientFirstMessage()));
                }
                case Authentication.SASL_CONTINUE -> send(ctx, new PasswordMessage(
                        scram.clientFinalMessage(body.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
                case Authentication.SASL_FINAL -> scram.verifyServerFinal(body.toString(StandardCharsets.UTF_8));
                default -> throw new IOException("the upstream asks for authentication method " + code
                        + ", which rift cannot answer for a branch session (use scram-sha-256, md5, password or trust)");
            }
        } catch (IOException | RuntimeException e) {
            fail(ctx, e);
        }
    }

    private static void send(ChannelHandlerContext ctx, PasswordMessage message) {
        ByteBuf out = ctx.alloc().buffer();
        message.encode(out);
        ctx.writeAndFlush(out);
    }

    private static PasswordMessage saslInitialResponse(String clientFirst) {
        byte[] mechanism = ScramSha256.MECHANISM.getBytes(StandardCharsets.US_ASCII);
        byte[] data = clientFirst.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[mechanism.length + 1 + 4 + data.length];
        System.arraycopy(mechanism, 0, body, 0, mechanism.length);
        int at = mechanism.length + 1;
        body[at] = (byte) (data.length >>> 24);
        body[at + 1] = (byte) (data.length >>> 16);
        body[at + 2] = (byte) (data.length >>> 8);
        body[at + 3] = (byte) data.length;
        System.arraycopy(data, 0, body, at + 4, data.length);
        return new PasswordMessage(body);
    }

    /** PostgreSQL's md5 answer: "md5" + md5(md5(password + user) + salt). */
    static String md5Password(String user, String password, byte[] salt) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            String inner = HexFormat.of().formatHex(md5.digest((password + user).getBytes(StandardCharsets.UTF_8)));
            md5.update(inner.getBytes(StandardCharsets.US_ASCII));
            md5.update(salt);
            return "md5" + HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        ready.tryFailure(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.tryFailure(new IOException("the upstream closed the branch session's connection during its login"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    /** The server refused the session role's login: its SQLSTATE and message. */
    static final class LoginRefused extends IOException {
        private final String sqlState;

        LoginRefused(String sqlState, String message) {
            super(message);
            this.sqlState = sqlState;
        }

        String sqlState() {
            return sqlState;
        }
    }
}
