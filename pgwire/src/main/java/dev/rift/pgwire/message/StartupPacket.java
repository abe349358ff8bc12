package dev.rift.pgwire.message;

/** The untyped packets a client may open a connection with. */
public sealed interface StartupPacket permits StartupMessage, SslRequest, GssEncRequest, CancelRequest {
}
