package dev.rift.router.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The PostgreSQL types the functions of database {@code rift} return, with their text and binary output as
 * PostgreSQL writes them (a driver may ask for either in Bind, e.g. pgjdbc for int8 and bool).
 */
enum ColumnType {
    TEXT(25, -1),
    JSON(114, -1),
    INT4(23, 4),
    INT8(20, 8),
    BOOL(16, 1),
    TIMESTAMPTZ(1184, 8);

    /** PostgreSQL's epoch for binary timestamps. */
    private static final Instant PG_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSx");

    final int oid;
    final short size;

    ColumnType(int oid, int size) {
        this.oid = oid;
        this.size = (short) size;
    }

    /** The value in the column's text (format 0) or binary (format 1) output; null stays SQL NULL. */
    byte[] encode(Object value, short format) {
        if (value == null) {
            return null;
        }
        return format == 0 ? text(value).getBytes(StandardCharsets.UTF_8) : binary(value);
    }

    private String text(Object value) {
        return switch (this) {
            case TEXT, JSON, INT4, INT8 -> value.toString();
            case BOOL -> (Boolean) value ? "t" : "f";
            case TIMESTAMPTZ -> TIMESTAMP.format(((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC));
        };
    }

    private byte[] binary(Object value) {
        return switch (this) {
            // json's binary form is its text; text's is its UTF-8 bytes.
            case TEXT, JSON -> value.toString().getBytes(StandardCharsets.UTF_8);
            case INT4 -> ByteBuffer.allocate(4).putInt(((Number) value).intValue()).array();
            case INT8 -> ByteBuffer.allocate(8).putLong(((Number) value).longValue()).array();
            case BOOL -> new byte[] {(byte) ((Boolean) value ? 1 : 0)};
            case TIMESTAMPTZ -> {
                Duration since = Duration.between(PG_EPOCH, ((OffsetDateTime) value).toInstant());
                yield ByteBuffer.allocate(8).putLong(since.getSeconds() * 1_000_000L + since.getNano() / 1_000).array();
            }
        };
    }
}
