package dev.rift.pgwire.message;

import dev.rift.pgwire.CString;
import dev.rift.pgwire.Frame;
import io.netty.buffer.ByteBuf;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ErrorResponse ('E') or NoticeResponse ('N'): identified fields keyed by their one-byte code
 * ('S' severity, 'V' non-localized severity, 'C' SQLSTATE, 'M' message, 'D' detail, 'H' hint…).
 */
public record ErrorResponse(char type, Map<Character, String> fields) implements BackendMessage {
    public static final char ERROR = 'E';
    public static final char NOTICE = 'N';

    public ErrorResponse {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An ERROR that ends the statement; the session goes on. */
    public static ErrorResponse error(String sqlState, String message) {
        return of("ERROR", sqlState, message, null);
    }

    /** A FATAL error: the server closes the connection after sending it. */
    public static ErrorResponse fatal(String sqlState, String message) {
        return of("FATAL", sqlState, message, null);
    }

    public static ErrorResponse of(String severity, String sqlState, String message, String hint) {
        Map<Character, String> f = new LinkedHashMap<>();
        f.put('S', severity);
        f.put('V', severity);
        f.put('C', sqlState);
        f.put('M', message);
        if (hint != null) {
            f.put('H', hint);
        }
        return new ErrorResponse(ERROR, f);
    }

    public ErrorResponse withHint(String hint) {
        Map<Character, String> f = new LinkedHashMap<>(fields);
        f.put('H', hint);
        return new ErrorResponse(type, f);
    }

    public String sqlState() {
        return fields.get('C');
    }

    public String message() {
        return fields.get('M');
    }

    public String severity() {
        return fields.getOrDefault('V', fields.get('S'));
    }

    public static ErrorResponse decode(ByteBuf frame) {
        char type = (char) frame.getByte(frame.readerIndex());
        ByteBuf body = Frame.body(frame);
        Map<Character, String> f = new LinkedHashMap<>();
        while (body.isReadable()) {
            byte code = body.readByte();
            if (code == 0) {
                break;
            }
            f.put((char) code, CString.read(body));
        }
        return new ErrorResponse(type, f);
    }

    public void encode(ByteBuf out) {
        int at = Frame.begin(out, type);
        fields.forEach((code, value) -> {
            out.writeByte(code);
            CString.write(out, value);
        });
        out.writeByte(0);
        Frame.finish(out, at);
    }
}
