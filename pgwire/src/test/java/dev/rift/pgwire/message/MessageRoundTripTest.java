package dev.rift.pgwire.message;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every typed message survives encode → decode unchanged, and its frame header is right. */
class MessageRoundTripTest {
    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void everyBufferWasReleased() {
        alloc.assertAllReleased();
    }

    /** A message with its codec; the type byte comes from {@link MessageType}, the protocol's table. */
    record Example<T>(byte type, T message, BiConsumer<T, ByteBuf> encoder, Function<ByteBuf, T> decoder) {
        @Override
        public String toString() {
            return message.toString();
        }
    }

    private static <T> Example<T> example(byte type, T message, BiConsumer<T, ByteBuf> encoder,
                                          Function<ByteBuf, T> decoder) {
        return new Example<>(type, message, encoder, decoder);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Example<?>> frontendMessages() {
        return Stream.of(
                example(MessageType.QUERY, new Query("SELECT 1; SELECT 'ü'"), Query::encode, Query::decode),
                example(MessageType.PARSE, new Parse("s1", "SELECT $1::int + $2", new int[] {23, 0}), Parse::encode, Parse::decode),
                example(MessageType.BIND, new Bind("", "", new short[0], new byte[0][], new short[0]), Bind::encode, Bind::decode),
                example(MessageType.BIND, new Bind("p1", "s1", new short[] {0, 1},
                        new byte[][] {utf8("42"), null, new byte[0], {0, 0, 0, 7}}, new short[] {1}), Bind::encode, Bind::decode),
                example(MessageType.DESCRIBE, new Describe(Describe.STATEMENT, "s1"), Describe::encode, Describe::decode),
                example(MessageType.DESCRIBE, new Describe(Describe.PORTAL, ""), Describe::encode, Describe::decode),
                example(MessageType.EXECUTE, new Execute("", 0), Execute::encode, Execute::decode),
                example(MessageType.EXECUTE, new Execute("p1", 50), Execute::encode, Execute::decode),
                example(MessageType.CLOSE, new Close(Close.STATEMENT, "s1"), Close::encode, Close::decode),
                example(MessageType.CLOSE, new Close(Close.PORTAL, "p1"), Close::encode, Close::decode),
                example(MessageType.SYNC, Sync.INSTANCE, Sync::encode, Sync::decode),
                example(MessageType.FLUSH, Flush.INSTANCE, Flush::encode, Flush::decode),
                example(MessageType.TERMINATE, Terminate.INSTANCE, Terminate::encode, Terminate::decode),
                example(MessageType.COPY_DATA, new CopyData(utf8("1\tone\n")), CopyData::encode, CopyData::decode),
                example(MessageType.COPY_DATA, new CopyData(new byte[0]), CopyData::encode, CopyData::decode),
                example(MessageType.COPY_DONE, CopyDone.INSTANCE, CopyDone::encode, CopyDone::decode),
                example(MessageType.COPY_FAIL, new CopyFail("aborted by user"), CopyFail::encode, CopyFail::decode),
                example(MessageType.PASSWORD, PasswordMessage.of("s3cret"), PasswordMessage::encode, PasswordMessage::decode),
                // A SASLInitialResponse: mechanism, int32 length 11, then the client-first-message.
                example(MessageType.PASSWORD, new PasswordMessage(utf8("SCRAM-SHA-256\0\0\0\0\013n,,n=,r=abc")),
                        PasswordMessage::encode, PasswordMessage::decode),
                example(MessageType.FUNCTION_CALL, new FunctionCall(1598, new short[] {1}, new byte[][] {{0, 0, 0, 1}, null}, (short) 1),
                        FunctionCall::encode, FunctionCall::decode),
                example(MessageType.FUNCTION_CALL, new FunctionCall(1598, new short[0], new byte[0][], (short) 0),
                        FunctionCall::encode, FunctionCall::decode));
    }

    static Stream<Example<?>> backendMessages() {
        RowDescription.Field one = new RowDescription.Field("one", 0, (short) 0, 23, (short) 4, -1, (short) 0);
        RowDescription.Field name = new RowDescription.Field("relname", 1259, (short) 2, 19, (short) 64, -1, (short) 1);
        return Stream.of(
                example(MessageType.ROW_DESCRIPTION, new RowDescription(List.of(one, name)), RowDescription::encode, RowDescription::decode),
                example(MessageType.ROW_DESCRIPTION, new RowDescription(List.of()), RowDescription::encode, RowDescription::decode),
                example(MessageType.DATA_ROW, new DataRow(new byte[][] {utf8("1"), null, new byte[0], utf8("ü")}), DataRow::encode, DataRow::decode),
                example(MessageType.DATA_ROW, new DataRow(new byte[][] {null, utf8("1"), new byte[0], utf8("ü")}), DataRow::encode, DataRow::decode),
                example(MessageType.EMPTY_QUERY_RESPONSE, EmptyQueryResponse.INSTANCE, EmptyQueryResponse::encode, EmptyQueryResponse::decode),
                example(MessageType.PARSE_COMPLETE, ParseComplete.INSTANCE, ParseComplete::encode, ParseComplete::decode),
                example(MessageType.BIND_COMPLETE, BindComplete.INSTANCE, BindComplete::encode, BindComplete::decode),
                example(MessageType.CLOSE_COMPLETE, CloseComplete.INSTANCE, CloseComplete::encode, CloseComplete::decode),
                example(MessageType.NO_DATA, NoData.INSTANCE, NoData::encode, NoData::decode),
                example(MessageType.PORTAL_SUSPENDED, PortalSuspended.INSTANCE, PortalSuspended::encode, PortalSuspended::decode),
                example(MessageType.PARAMETER_DESCRIPTION, new ParameterDescription(new int[] {23, 25, 0}),
                        ParameterDescription::encode, ParameterDescription::decode),
                example(MessageType.PARAMETER_DESCRIPTION, new ParameterDescription(new int[0]),
                        ParameterDescription::encode, ParameterDescription::decode),
                example(MessageType.COPY_IN_RESPONSE, new CopyResponse(CopyResponse.IN, (byte) 0, new short[] {0, 0}),
                        CopyResponse::encode, CopyResponse::decode),
                example(MessageType.COPY_OUT_RESPONSE, new CopyResponse(CopyResponse.OUT, (byte) 1, new short[] {1}),
                        CopyResponse::encode, CopyResponse::decode),
                example(MessageType.COPY_BOTH_RESPONSE, new CopyResponse(CopyResponse.BOTH, (byte) 0, new short[0]),
                        CopyResponse::encode, CopyResponse::decode),
                example(MessageType.NOTIFICATION_RESPONSE, new NotificationResponse(4242, "jobs", "{\"id\":1}"),
                        NotificationResponse::encode, NotificationResponse::decode),
                example(MessageType.NEGOTIATE_PROTOCOL_VERSION, new NegotiateProtocolVersion(0, List.of("_pq_.compression", "_pq_.x")),
                        NegotiateProtocolVersion::encode, NegotiateProtocolVersion::decode),
                example(MessageType.FUNCTION_CALL_RESPONSE, new FunctionCallResponse(new byte[] {0, 0, 0, 2}),
                        FunctionCallResponse::encode, FunctionCallResponse::decode),
                example(MessageType.FUNCTION_CALL_RESPONSE, new FunctionCallResponse(null),
                        FunctionCallResponse::encode, FunctionCallResponse::decode),
                example(MessageType.COMMAND_COMPLETE, new CommandComplete("INSERT 0 1"), CommandComplete::encode, CommandComplete::decode),
                example(MessageType.READY_FOR_QUERY, new ReadyForQuery('T'), ReadyForQuery::encode, ReadyForQuery::decode),
                example(MessageType.PARAMETER_STATUS, new ParameterStatus("server_version", "15.8"),
                        ParameterStatus::encode, ParameterStatus::decode),
                example(MessageType.BACKEND_KEY_DATA, new BackendKeyData(77, new byte[] {1, 2, 3, 4}),
                        BackendKeyData::encode, BackendKeyData::decode),
                example(MessageType.BACKEND_KEY_DATA, new BackendKeyData(77, new byte[32]),
                        BackendKeyData::encode, BackendKeyData::decode),
                example(MessageType.ERROR_RESPONSE, ErrorResponse.error(SqlState.QUERY_CANCELED, "canceling statement due to user request"),
                        ErrorResponse::encode, ErrorResponse::decode),
                example(MessageType.NOTICE_RESPONSE, new ErrorResponse(ErrorResponse.NOTICE,
                        Map.of('S', "NOTICE", 'C', "00000", 'M', "relation \"t\" already exists, skipping")),
                        ErrorResponse::encode, ErrorResponse::decode));
    }

    /** The sealed frontend type permits exactly the messages a client sends, each encoding a frontend type byte. */
    @Test
    void theFrontendMessagesAreExactlyTheRecordsOfFrontendTypes() {
        Set<Class<?>> examples = new HashSet<>();
        frontendMessages().forEach(e -> {
            assertTrue(e.message() instanceof FrontendMessage, e + " is a FrontendMessage");
            assertTrue(MessageType.isFrontend(e.type()), e + " has a frontend type");
            examples.add(e.message().getClass());
        });
        assertEquals(examples, Set.of(FrontendMessage.class.getPermittedSubclasses()));
        backendMessages().filter(e -> !(e.message() instanceof CopyData || e.message() instanceof CopyDone))
                .forEach(e -> assertFalse(e.message() instanceof FrontendMessage, e + " is not a FrontendMessage"));
    }

    /** The sealed backend type permits exactly the messages a server sends (Authentication is decoded, never encoded). */
    @Test
    void theBackendMessagesAreExactlyTheRecordsOfBackendTypes() {
        Set<Class<?>> examples = new HashSet<>(Set.of(Authentication.class, CopyData.class, CopyDone.class));
        backendMessages().forEach(e -> {
            assertTrue(e.message() instanceof BackendMessage, e + " is a BackendMessage");
            examples.add(e.message().getClass());
        });
        assertEquals(examples, Set.of(BackendMessage.class.getPermittedSubclasses()));
        frontendMessages().filter(e -> !(e.message() instanceof CopyData || e.message() instanceof CopyDone))
                .forEach(e -> assertFalse(e.message() instanceof BackendMessage, e + " is not a BackendMessage"));
    }

    static Stream<Example<?>> allMessages() {
        return Stream.concat(frontendMessages(), backendMessages());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allMessages")
    void aFrameDecodesToTheMessageItWasEncodedFrom(Example<?> example) {
        roundTrip(example);
    }

    private <T> void roundTrip(Example<T> example) {
        ByteBuf buf = alloc.buffer();
        try {
            // The frame does not start at index 0, as in a slice of a larger read: decoders
            // must read relative to the reader index.
            buf.writeBytes(new byte[] {'x', 'x', 'x'}).skipBytes(3);
            example.encoder().accept(example.message(), buf);
            int readerIndex = buf.readerIndex();

            assertEquals(example.type(), Frame.type(buf), "type byte");
            assertEquals(buf.readableBytes() - 1, buf.getInt(readerIndex + 1), "length counts itself and the body");
            T decoded = example.decoder().apply(buf);
            assertEquals(example.message(), decoded);
            assertEquals(example.message().hashCode(), decoded.hashCode(), "equal messages hash alike");
            assertEquals(readerIndex, buf.readerIndex(), "decoding leaves the frame's reader index alone");
        } finally {
            buf.release();
        }
    }

    /** Guards the hand-written equals of records holding arrays: content must matter. */
    @Test
    void differentMessagesAreNotEqual() {
        List<Object> messages = allMessages().<Object>map(Example::message).toList();
        for (int i = 0; i < messages.size(); i++) {
            for (int j = i + 1; j < messages.size(); j++) {
                assertNotEquals(messages.get(i), messages.get(j));
            }
        }
    }

    @Test
    void startupPacketsDecodeToWhatTheyWereEncodedFrom() {
        StartupMessage startup = new StartupMessage(StartupMessage.PROTOCOL_3_0,
                Map.of("user", "alice", "database", "shop", "application_name", "psql ü"));
        CancelRequest cancel = new CancelRequest(4242, new byte[32]);

        ByteBuf buf = alloc.buffer();
        try {
            startup.encode(buf);
            assertEquals(buf.readableBytes(), buf.getInt(0));
            assertEquals(startup, StartupMessage.decode(buf));
            buf.clear();
            cancel.encode(buf);
            assertEquals(buf.readableBytes(), buf.getInt(0));
            assertEquals(cancel, CancelRequest.decode(buf));
        } finally {
            buf.release();
        }
    }
}
