package dev.rift.pgwire.message;

import io.netty.buffer.ByteBuf;

/**
 * A message a client sends once its session has started (the typed frames; the untyped first packets are
 * {@link StartupPacket}s). Frames on the hot path stay undecoded and are told apart by their type byte
 * ({@link MessageType}); a decoded message writes itself, so whoever sends one needs no dispatch over its type.
 */
public sealed interface FrontendMessage permits Bind, Close, CopyData, CopyDone, CopyFail, Describe, Execute, Flush,
        FunctionCall, Parse, PasswordMessage, Query, Sync, Terminate {

    /** Writes this message as one whole typed frame. */
    void encode(ByteBuf out);
}
