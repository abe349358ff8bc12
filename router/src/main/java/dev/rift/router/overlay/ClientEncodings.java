package dev.rift.router.overlay;

import dev.rift.pgwire.message.ErrorResponse;
import dev.rift.pgwire.message.SqlState;

import java.util.Locale;
import java.util.Set;

/**
 * The client encodings an overlay session refuses: PostgreSQL's client-only encodings whose multi-byte characters
 * may hold ASCII bytes, a backslash or a quote among them (the ones PostgreSQL itself calls unsafe for string
 * escaping, CVE-2006-2313/2314). The server converts such a text before lexing it, so 0x95 0x5C in SJIS is one
 * character there but a backslash to a reader that does not decode SJIS.
 *
 * <p>Refused rather than decoded: rift would have to decode them exactly as the server's conversion tables do,
 * byte for byte including invalid sequences, and re-encode every statement it rewrites; anything less leaves a
 * statement the server splits where rift does not. Every other encoding keeps each ASCII byte a character of its
 * own, which {@link dev.rift.router.sql.SqlLexer} relies on.
 */
public final class ClientEncodings {
    /** As the server names them in ParameterStatus (pg_encoding_to_char). */
    private static final Set<String> UNSAFE = Set.of("SJIS", "SHIFT_JIS_2004", "BIG5", "GBK", "UHC", "GB18030",
            "JOHAB");

    private ClientEncodings() {}

    public static boolean unsafe(String encoding) {
        return encoding != null && UNSAFE.contains(encoding.toUpperCase(Locale.ROOT));
    }

    /** The FATAL that ends a session whose client encoding became {@code encoding}. */
    public static ErrorResponse refusal(String encoding) {
        return ErrorResponse.fatal(SqlState.FEATURE_NOT_SUPPORTED, "client encoding \"" + encoding
                        + "\" is not supported on a rift branch: its multi-byte characters may contain ASCII bytes such"
                        + " as backslashes and quotes, so rift cannot read statements as the server does")
                .withHint("Use client_encoding UTF8 (or another encoding without ASCII bytes in its characters).");
    }
}
