package dev.rift.pgwire.message;

/**
 * A message a server sends. rift forwards these as undecoded frames told apart by their type byte
 * ({@link MessageType}) and decodes one only when a decision needs it; CopyData and CopyDone go both ways.
 */
public sealed interface BackendMessage permits Authentication, BackendKeyData, BindComplete, CloseComplete,
        CommandComplete, CopyData, CopyDone, CopyResponse, DataRow, EmptyQueryResponse, ErrorResponse,
        FunctionCallResponse, NegotiateProtocolVersion, NoData, NotificationResponse, ParameterDescription,
        ParameterStatus, ParseComplete, PortalSuspended, ReadyForQuery, RowDescription {
}
