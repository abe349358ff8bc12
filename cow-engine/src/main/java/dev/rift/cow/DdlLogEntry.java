package dev.rift.cow;

import java.time.OffsetDateTime;

/** One DDL statement a branch ran, as the client wrote it (docs/ddl.md, "DDL log"), in the order it committed. */
public record DdlLogEntry(long seq, OffsetDateTime at, String statement) {
}
