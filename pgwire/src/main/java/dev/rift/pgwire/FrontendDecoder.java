package dev.rift.pgwire;

import dev.rift.pgwire.message.CancelRequest;
import dev.rift.pgwire.message.GssEncRequest;
import dev.rift.pgwire.message.SslRequest;
import dev.rift.pgwire.message.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Splits what a client sends into protocol units. The first packets carry no type byte
 * (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest) and come out decoded; once a
 * StartupMessage has passed, every later frame comes out as a whole typed {@link Frame} buffer.
 * Lengths are checked before anything is buffered, so a hostile length costs nothing.
 */
public final class FrontendDecoder extends FailStopDecoder {
    /**
     * PostgreSQL's own limit for a startup packet (MAX_STARTUP_PACKET_LENGTH). Like PostgreSQL
     * it applies to the bytes after the length word, so a whole packet may be 4 bytes longer.
     */
    public static final int MAX_STARTUP_LENGTH = 10_000;

    private final int maxFrameLength;
    private boolean startupDone;

    public FrontendDecoder(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decodeFrames(ByteBuf in, List<Object> out) {
        if (startupDone) {
            decodeTyped(in, out);
        } else {
            decodeStartup(in, out);
        }
    }

    private void decodeStartup(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 8 || length - 4 > MAX_STARTUP_LENGTH) {
            throw new CorruptedFrameException("invalid length of startup packet: " + length);
        }
        if (in.readableBytes() < length) {
            return;
        }
        ByteBuf packet = in.readSlice(length);
        int code = packet.getInt(packet.readerIndex() + 4);
        switch (code) {
            case SslRequest.CODE -> {
                requireNothingPipelined(in, "SSL request");
                out.add(SslRequest.INSTANCE);
            }
            case GssEncRequest.CODE -> {
                requireNothingPipelined(in, "GSSAPI encryption request");
                out.add(GssEncRequest.INSTANCE);
            }
            case CancelRequest.CODE -> {
                out.add(CancelRequest.decode(packet));
                startupDone = true;
            }
            default -> {
                out.add(StartupMessage.decode(packet));
                startupDone = true;
            }
        }
    }

    /**
     * A client must wait for the answer to an encryption request before it sends more. Bytes that
     * arrived with the request were sent in the clear before any handshake and may have been
     * injected by a man in the middle (CVE-2021-23214), so PostgreSQL refuses them; so do we.
     */
    private static void requireNothingPipelined(ByteBuf in, String request) {
        if (in.isReadable()) {
            throw new CorruptedFrameException("received unencrypted data after " + request);
        }
    }

    private void decodeTyped(ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= Frame.HEADER) {
            int start = in.readerIndex();
            int length = in.getInt(start + 1);
            if (length < 4) {
                throw new CorruptedFrameException("invalid message length " + length);
            }
            if (length > maxFrameLength) {
                throw new TooLongFrameException("message length " + length
                        + " exceeds the maximum of " + maxFrameLength + " bytes");
            }
            if (in.readableBytes() < length + 1) {
                return;
            }
            out.add(in.retainedSlice(start, length + 1));
            in.skipBytes(length + 1);
        }
    }
}
