package dev.rift.router.abuse;

import dev.rift.pgwire.auth.ScramSha256;

import dev.rift.pgwire.message.ErrorResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL client on a bare socket: it writes whatever bytes a test gives it, so it can say
 * things no driver would, and reads the answer as it comes off the wire.
 */
public final class RawPgClient implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawPgClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawPgClient connect(String host, int port) throws IOException {
        return connect(host, port, READ_TIMEOUT);
    }

    /** A connection whose reads give up after {@code readTimeout} (statements that may run long). */
    public static RawPgClient connect(String host, int port, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) READ_TIMEOUT.toMillis());
            s.setSoTimeout((int) readTimeout.toMillis());
            return new RawPgClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Continues this connection inside TLS, after the server answered an SSLRequest with 'S': the handshake runs
     * now, trusting any certificate (what is tested here is the protocol around it, not verification).
     */
    RawPgClient startTls() throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket,
                    socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            return new RawPgClient(tls);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS in the test client: " + e, e);
        }
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Half-closes: the server reads end-of-file, the client can still read what it answers. */
    void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    /** One byte, as the server answers SSLRequest and GSSENCRequest. */
    int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("server closed the connection");
        }
        return b;
    }

    public BackendMessage readMessage() throws IOException {
        char type = (char) (in.readByte() & 0xff);
        int length = in.readInt();
        if (length < 4) {
            throw new IOException("server sent message '" + type + "' with invalid length " + length);
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new BackendMessage(type, body);
    }

    /** Sends a StartupMessage and authenticates; returns once the server is ready for a query. */
    public void authenticate(Map<String, String> startupParameters, String password) throws IOException {
        send(Packets.startup(startupParameters));
        authenticateAfterStartup(password);
    }

    /** Answers the server's authentication requests until ReadyForQuery. */
    void authenticateAfterStartup(String password) throws IOException {
        ScramSha256 scram = null;
        while (true) {
            BackendMessage m = readMessage();
            switch (m.type()) {
                case 'Z' -> {
                    return;
                }
                case 'E' -> throw new IllegalStateException("authentication refused: " + m.asError().fields());
                case 'R' -> {
                    ByteBuffer body = ByteBuffer.wrap(m.body());
                    int code = body.getInt();
                    switch (code) {
                        case 0 -> { } // AuthenticationOk: parameters, key data and ReadyForQuery follow
                        case 10 -> {
                            scram = new ScramSha256(password);
                            send(saslInitialResponse(scram.clientFirstMessage()));
                        }
                        case 11 -> send(Packets.frame('p', scram.clientFinalMessage(rest(body)).getBytes(StandardCharsets.UTF_8)));
                        case 12 -> scram.verifyServerFinal(rest(body));
                        default -> throw new IllegalStateException("authentication method " + code
                                + " not supported by this test client (only trust and SCRAM-SHA-256)");
                    }
                }
                default -> { } // ParameterStatus, BackendKeyData, notices
            }
        }
    }

    /** The server's messages up to and including its next ReadyForQuery. */
    public List<BackendMessage> readUntilReadyForQuery() throws IOException {
        List<BackendMessage> messages = new ArrayList<>();
        BackendMessage m;
        do {
            m = readMessage();
            messages.add(m);
        } while (m.type() != 'Z');
        return messages;
    }

    /**
     * Reads everything the server still sends until it closes the connection, resets it, or
     * {@code limit} passes without the connection ending.
     */
    public Ending readUntilEnd(Duration limit) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (true) {
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (left <= 0) {
                    return new Ending(Ending.How.TIMED_OUT, received.toByteArray());
                }
                socket.setSoTimeout((int) left);
                int n = in.read(chunk);
                if (n < 0) {
                    return new Ending(Ending.How.CLOSED, received.toByteArray());
                }
                received.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return new Ending(Ending.How.TIMED_OUT, received.toByteArray());
        } catch (SocketException e) {
            // A server closing with our bytes still unread sends RST instead of FIN.
            return new Ending(Ending.How.RESET, received.toByteArray());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static byte[] saslInitialResponse(String clientFirst) {
        byte[] mechanism = ScramSha256.MECHANISM.getBytes(StandardCharsets.US_ASCII);
        byte[] data = clientFirst.getBytes(StandardCharsets.UTF_8);
        return Packets.frame('p', ByteBuffer.allocate(mechanism.length + 1 + 4 + data.length)
                .put(mechanism).put((byte) 0).putInt(data.length).put(data).array());
    }

    private static String rest(ByteBuffer body) {
        return new String(body.array(), body.position(), body.remaining(), StandardCharsets.UTF_8);
    }

    /** One message from the server: its type byte and its body. */
    public record BackendMessage(char type, byte[] body) {
        /** Type and body in hex, for comparing replies message by message. */
        String render() {
            return type + ":" + HexFormat.of().formatHex(body);
        }

        public ErrorResponse asError() {
            ByteBuf frame = Unpooled.wrappedBuffer(Packets.frame(type, body));
            try {
                return ErrorResponse.decode(frame);
            } finally {
                frame.release();
            }
        }
    }

    /** How a connection ended and what the server said before it did. */
    public record Ending(How how, byte[] received) {
        public enum How { CLOSED, RESET, TIMED_OUT }

        public boolean ended() {
            return how != How.TIMED_OUT;
        }

        /** The reply as whole messages; fails if it stops inside one. */
        public List<BackendMessage> messages() {
            List<BackendMessage> messages = new ArrayList<>();
            ByteBuffer b = ByteBuffer.wrap(received);
            while (b.hasRemaining()) {
                if (b.remaining() < 5 || b.getInt(b.position() + 1) < 4
                        || b.remaining() < 1 + b.getInt(b.position() + 1)) {
                    throw new AssertionError("reply ends inside a message: " + this);
                }
                char type = (char) (b.get() & 0xff);
                byte[] body = new byte[b.getInt() - 4];
                b.get(body);
                messages.add(new BackendMessage(type, body));
            }
            return messages;
        }

        /** The ErrorResponse the server ended with, if it sent one. */
        public Optional<ErrorResponse> error() {
            return messages().stream().filter(m -> m.type() == 'E').map(BackendMessage::asError).reduce((a, b) -> b);
        }

        @Override
        public String toString() {
            int shown = Math.min(received.length, 64);
            return how + " after " + received.length + " bytes [" + HexFormat.of().formatHex(received, 0, shown)
                    + (shown < received.length ? "…" : "") + "]";
        }
    }
}
