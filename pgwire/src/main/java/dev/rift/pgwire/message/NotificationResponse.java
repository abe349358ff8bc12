package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

/** NotificationResponse ('A'): a NOTIFY on {@code channel}, raised by backend {@code processId}. */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {
    public static final char TYPE = 'A';

    public static NotificationResponse decode(ByteBuf frame) {
        ByteBuf body = Frame.body(frame);
        int pid = body.readInt();
        String channel = CString.read(body);
        return new NotificationResponse(pid, channel, CString.read(body));
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, TYPE);
        out.writeInt(processId);
        CString.write(out, channel);
        CString.write(out, payload);
        Frame.finish(out, at);
    }
}
