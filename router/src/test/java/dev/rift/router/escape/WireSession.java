package dev.rift.router.escape;

import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.router.abuse.Packets;
import dev.rift.router.abuse.RawPgClient;
import dev.rift.router.abuse.RawPgClient.BackendMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One client session on a bare socket that keeps every byte the server sent it (rows, errors, notices, parameter
 * statuses, copy data): what an attacker received is exactly what it could read, whatever the driver would show.
 */
final class WireSession implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final RawPgClient client;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private char status = 'I';

    private WireSession(RawPgClient client) {
        this.client = client;
    }

    static WireSession open(String host, int port, String database, String user, String password) throws IOException {
        RawPgClient c = RawPgClient.connect(host, port, READ_TIMEOUT);
        try {
            c.authenticate(Map.of("user", user, "database", database, "application_name", "rift escape suite"),
                    password);
            return new WireSession(c);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** A simple-protocol Query of raw bytes (the client encoding's, not necessarily UTF-8); NUL-free. */
    Reply query(byte[] sql) throws IOException {
        client.send(Packets.frame('Q', cString(sql)));
        return readReply(null);
    }

    Reply query(String sql) throws IOException {
        return query(sql.getBytes(StandardCharsets.UTF_8));
    }

    /** A simple-protocol Query answering a COPY ... FROM STDIN with {@code copyData} (null: CopyFail). */
    Reply query(String sql, String copyData) throws IOException {
        client.send(Packets.frame('Q', cString(sql.getBytes(StandardCharsets.UTF_8))));
        return readReply(copyData);
    }

    /** Parse, Bind, Describe, Execute and Sync of an unnamed statement without parameters. */
    Reply extended(byte[] sql) throws IOException {
        byte[] parse = Packets.frame('P', ByteBuffer.allocate(1 + sql.length + 1 + 2)
                .put((byte) 0).put(sql).put((byte) 0).putShort((short) 0).array());
        byte[] bind = Packets.frame('B', ByteBuffer.allocate(1 + 1 + 2 + 2 + 2)
                .put((byte) 0).put((byte) 0).putShort((short) 0).putShort((short) 0).putShort((short) 0).array());
        byte[] describe = Packets.frame('D', new byte[] {'P', 0});
        byte[] execute = Packets.frame('E', ByteBuffer.allocate(1 + 4).put((byte) 0).putInt(0).array());
        byte[] sync = Packets.frame('S', new byte[0]);
        client.send(Packets.concat(parse, bind, describe, execute, sync));
        return readReply(null);
    }

    Reply extended(String sql) throws IOException {
        return extended(sql.getBytes(StandardCharsets.UTF_8));
    }

    /** The protocol's FunctionCall message: function {@code oid} with text arguments, a text result. */
    Reply functionCall(int oid, List<String> textArguments) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(4 + 2 + 2 + 2).putInt(oid).putShort((short) 1).putShort((short) 0)
                .putShort((short) textArguments.size());
        body.writeBytes(head.array());
        for (String a : textArguments) {
            byte[] value = a.getBytes(StandardCharsets.UTF_8);
            body.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
            body.writeBytes(value);
        }
        body.writeBytes(ByteBuffer.allocate(2).putShort((short) 0).array());
        client.send(Packets.frame('F', body.toByteArray()));
        return readReply(null);
    }

    /** The transaction status of the last ReadyForQuery: I (idle), T (in a transaction) or E (failed). */
    char status() {
        return status;
    }

    /** Every byte the server sent on this session so far, message type bytes and bodies. */
    byte[] received() {
        return received.toByteArray();
    }

    private Reply readReply(String copyData) throws IOException {
        List<BackendMessage> messages = new ArrayList<>();
        while (true) {
            BackendMessage m = client.readMessage();
            received.write(m.type());
            received.writeBytes(m.body());
            messages.add(m);
            switch (m.type()) {
                case 'G' -> client.send(copyData == null
                        ? Packets.frame('f', cString("the escape suite sends no copy data".getBytes(StandardCharsets.UTF_8)))
                        : Packets.concat(Packets.frame('d', copyData.getBytes(StandardCharsets.UTF_8)),
                                Packets.frame('c', new byte[0])));
                case 'Z' -> {
                    status = (char) m.body()[0];
                    return new Reply(messages);
                }
                default -> { }
            }
        }
    }

    /** Bytes as ASCII, every other byte a dot: for failure messages. */
    static String printable(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(x >= 32 && x < 127 ? (char) x : '.');
        }
        return b.toString();
    }

    private static byte[] cString(byte[] text) {
        return ByteBuffer.allocate(text.length + 1).put(text).put((byte) 0).array();
    }

    @Override
    public void close() throws IOException {
        try {
            client.send(Packets.frame('X', new byte[0]));
        } catch (IOException e) {
            // already gone: closing is all that is left to do
        }
        client.close();
    }

    /** The server's messages for one request, up to its ReadyForQuery. */
    record Reply(List<BackendMessage> messages) {
        List<ErrorResponse> errors() {
            return messages.stream().filter(m -> m.type() == 'E').map(BackendMessage::asError).toList();
        }

        /** The first column of every DataRow, as text (null for NULL). */
        List<String> firstColumn() {
            List<String> out = new ArrayList<>();
            for (BackendMessage m : messages) {
                if (m.type() == 'D') {
                    ByteBuffer b = ByteBuffer.wrap(m.body());
                    b.getShort();
                    int length = b.getInt();
                    out.add(length < 0 ? null : new String(m.body(), b.position(), length, StandardCharsets.UTF_8));
                }
            }
            return out;
        }

        /** A line for transcripts: SQLSTATEs and messages of the errors, command tags, function call results. */
        String summary() {
            List<String> parts = new ArrayList<>();
            for (BackendMessage m : messages) {
                if (m.type() == 'E') {
                    ErrorResponse e = m.asError();
                    parts.add(e.sqlState() + " " + e.message());
                } else if (m.type() == 'V') {
                    parts.add("FunctionCallResponse");
                } else if (m.type() == 'C') {
                    parts.add(new String(m.body(), 0, Math.max(0, m.body().length - 1), StandardCharsets.UTF_8));
                }
            }
            return String.join("; ", parts);
        }
    }
}
