package dev.rift.router.overlay;

import dev.rift.pgwire.Frame;
import dev.rift.pgwire.message.FrontendMessage;
import dev.rift.pgwire.message.MessageType;
import dev.rift.pgwire.message.Query;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * Writes an overlay session's messages upstream, each with the {@link Expectation} of its response registered first:
 * the expectation is what marks a message as the client's or rift's own, never the message's text.
 */
final class UpstreamSender {
    private final Channel upstream;
    private final ResponseFilter responses;
    private final ServerReading reading;

    UpstreamSender(Channel upstream, ResponseFilter responses, ServerReading reading) {
        this.upstream = upstream;
        this.responses = responses;
        this.reading = reading;
    }

    /** Sends a client's frame (consumed). */
    void send(ByteBuf frame, Expectation expectation) {
        reading.sent(Frame.type(frame));
        responses.expect(expectation);
        upstream.write(frame, upstream.voidPromise());
    }

    /** Sends a client's frame that has no response of its own (Flush, Copy data, Terminate). */
    void forward(ByteBuf frame) {
        upstream.write(frame, upstream.voidPromise());
    }

    void write(FrontendMessage message, Expectation expectation) {
        responses.expect(expectation);
        write(message);
    }

    /** Writes a message whose expectations the caller registers itself. */
    void write(FrontendMessage message) {
        if (message instanceof Query) {
            // rift's own Executes (settings, preludes) change neither setting the reading follows: only a Query of
            // its own is a cycle to wait for.
            reading.sent(MessageType.QUERY);
        }
        ByteBuf out = upstream.alloc().buffer();
        message.encode(out);
        upstream.write(out, upstream.voidPromise());
    }

    void expect(Expectation expectation) {
        responses.expect(expectation);
    }

    void flush() {
        upstream.flush();
    }
}
