package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

import java.util.ArrayList;
import java.util.List;

/**
 * NegotiateProtocolVersion ('v'): the server supports only minor version {@code newestMinor} of
 * the requested major version, and did not recognize these {@code _pq_.} startup options.
 */
public record NegotiateProtocolVersion(int newestMinor, List<String> unrecognizedOptions) implements BackendMessage {
    public static final char TYPE = 'v';

    public NegotiateProtocolVersion {
        unrecognizedOptions = List.copyOf(unrecognizedOptions);
    }

    public static NegotiateProtocolVersion decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        int minor = body.readInt();
        int count = body.readInt();
        if (count < 0) {
            throw new CorruptedFrameException("invalid option count " + count);
        }
        // Not presized from the count: each name takes at least one byte, so the frame bounds the list.
        List<String> options = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            options.add(CString.read(body));
        }
        return new NegotiateProtocolVersion(minor, options);
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        out.writeInt(newestMinor);
        out.writeInt(unrecognizedOptions.size());
        for (String option : unrecognizedOptions) {
            CString.write(out, option);
        }
        Frame.finish(out, at);
    }
}
