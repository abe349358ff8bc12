package dev.rift.router.sql;

import dev.rift.pgwire.message.FunctionCall;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The fast-path FunctionCall message on a branch: it calls any function by OID, past every rewrite, so only the
 * calls libpq makes to read large objects go upstream ({@code lo_open} for reading, {@code loread},
 * {@code lo_lseek[64]}, {@code lo_tell[64]}, {@code lo_close}, {@code lo_get}); everything else, writing large
 * objects included ({@code \lo_import} is {@code lo_creat} + {@code lowrite}), is refused with 0A000. The OIDs are
 * PostgreSQL's fixed ones for built-in functions (pg_proc.dat).
 */
public final class FastPathCalls {
    private static final int LO_OPEN = 952;
    private static final Set<Integer> READS = Set.of(953 /* lo_close */, 954 /* loread */, 956 /* lo_lseek */,
            3170 /* lo_lseek64 */, 958 /* lo_tell */, 3171 /* lo_tell64 */, 3458 /* lo_get(oid) */,
            3459 /* lo_get(oid, bigint, integer) */);
    private static final int INV_WRITE = 0x20000;

    private FastPathCalls() {}

    /** Why the call is refused on a branch, or empty when it may go upstream. */
    public static Optional<String> refusal(FunctionCall call) {
        int oid = call.functionOid();
        if (READS.contains(oid) || oid == LO_OPEN && readOnlyMode(call)) {
            return Optional.empty();
        }
        return Optional.of(oid == LO_OPEN
                ? "writing large objects is not supported on overlay branches (large objects are not branched; "
                        + "reading them is)"
                : "fast-path function calls (function OID " + (oid & 0xffffffffL) + ") are not supported on overlay "
                        + "branches, except those that read large objects");
    }

    private static boolean readOnlyMode(FunctionCall call) {
        byte[][] args = call.arguments();
        if (args.length != 2 || args[1] == null) {
            return false;
        }
        short[] formats = call.argumentFormats();
        short format = formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[1];
        try {
            int mode;
            if (format == 1) {
                byte[] b = args[1];
                if (b.length != 4) {
                    return false;
                }
                mode = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
            } else {
                mode = Integer.parseInt(new String(args[1], StandardCharsets.UTF_8).trim());
            }
            return (mode & INV_WRITE) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
