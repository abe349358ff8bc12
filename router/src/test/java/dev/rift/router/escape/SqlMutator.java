package dev.rift.router.escape;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Valid statements on the shop's tables and functions, mutated where lexers disagree: quotes, backslashes, E'' and
 * U&'' strings, dollar quotes with random tags, nested and unterminated comments, ';' inside and outside literals,
 * random bytes (never NUL), and multi-byte characters whose second byte is a backslash or a quote in the client
 * encodings that allow it. Many mutations carry a write to the upstream's tables that only runs if rift and
 * PostgreSQL split the text differently. Deterministic for a given {@link Random}.
 */
final class SqlMutator {
    /** Statements with one slot ({@code %s}) inside a string literal or at the end; all valid on a branch as is. */
    private static final List<String> READS_AND_WRITES = List.of(
            "SELECT * FROM orders WHERE note = '%s'",
            "SELECT count(*) FROM customers WHERE name LIKE '%s'",
            "UPDATE orders SET note = '%s' WHERE id = 3",
            "INSERT INTO audit (msg) VALUES ('%s')",
            "DELETE FROM audit WHERE msg = '%s'",
            "INSERT INTO orders (customer_id, amount, note) VALUES (1, 1, '%s')",
            "UPDATE customers SET balance = balance + 1 WHERE id = 2 AND name <> '%s'",
            "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name = '%s'",
            "INSERT INTO tickets (label) VALUES ('%s')",
            "UPDATE tickets SET label = '%s' WHERE id = 1",
            "SELECT 1 %s");
    private static final List<String> FUNCTION_CALLS = List.of(
            "SELECT add_audit('%s')",
            "SELECT bump_balance(1), '%s'",
            "SELECT nextval('orders_id_seq'), '%s'",
            "DO $$BEGIN UPDATE tickets SET label = '%s' WHERE id = 2; END$$");
    /** What runs if a mutation makes PostgreSQL see a statement that rift took for part of a literal or comment. */
    private static final List<String> PAYLOADS = List.of(
            "; DELETE FROM public.audit; --",
            "; UPDATE public.customers SET balance = 0; --",
            "; INSERT INTO public.orders (customer_id, amount) VALUES (1, 0); --",
            "; SELECT setval('public.orders_id_seq', 99999); --",
            "; TRUNCATE public.refunds; --");
    private static final List<String> PIECES = List.of(
            "'", "''", "\\", "\\'", "\\\\", "E'", "e'\\'", "U&'\\0041'", "U&\"a\"", "$$", "$x$", "$_$", "/*", "*/",
            "/* /* nested */", "--", "\n", ";", "\"", "\"\"", "\\x", "%", "_", "?", "$1", ":=", "::text", "\t", "\r");
    private static final List<String> ENCODINGS = List.of("UTF8", "LATIN1", "SJIS", "BIG5", "GBK", "EUC_JP", "WIN1252");

    private final Random random;
    private final boolean functions;

    SqlMutator(Random random, boolean functions) {
        this.random = random;
        this.functions = functions;
    }

    /** A client encoding for the next session. */
    String encoding() {
        return pick(ENCODINGS);
    }

    /** A session setting to send before statements, or null. */
    String setting() {
        return switch (random.nextInt(6)) {
            case 0 -> "SET standard_conforming_strings = off";
            case 1 -> "SET standard_conforming_strings = on";
            case 2 -> "SET escape_string_warning = off";
            case 3 -> "SET backslash_quote = on";
            default -> null;
        };
    }

    /** One mutated statement as bytes on the wire in {@code encoding}. */
    byte[] statement(String encoding) {
        List<String> bases = functions && random.nextInt(3) == 0 ? FUNCTION_CALLS : READS_AND_WRITES;
        String base = pick(bases);
        int slot = base.indexOf("%s");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(base.substring(0, slot).getBytes(StandardCharsets.US_ASCII));
        int pieces = 1 + random.nextInt(5);
        for (int i = 0; i < pieces; i++) {
            out.writeBytes(piece(encoding));
        }
        out.writeBytes(base.substring(slot + 2).getBytes(StandardCharsets.US_ASCII));
        if (random.nextInt(4) == 0) {
            out.writeBytes(pick(PAYLOADS).getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private byte[] piece(String encoding) {
        return switch (random.nextInt(10)) {
            case 0, 1 -> pick(PAYLOADS).getBytes(StandardCharsets.US_ASCII);
            case 2 -> ("$" + tag() + "$").getBytes(StandardCharsets.US_ASCII);
            case 3 -> randomBytes();
            case 4 -> trailingBackslashCharacter(encoding);
            default -> pick(PIECES).getBytes(StandardCharsets.US_ASCII);
        };
    }

    /** A dollar-quote tag: empty, a word, or something that is not a valid tag. */
    private String tag() {
        String letters = "abcXYZ_9é";
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(letters.charAt(random.nextInt(letters.length())));
        }
        return b.toString();
    }

    private byte[] randomBytes() {
        byte[] b = new byte[1 + random.nextInt(6)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (1 + random.nextInt(255));
        }
        return b;
    }

    /**
     * A character whose last byte is a backslash (0x5c) or a quote in the encodings where that is allowed (SJIS,
     * BIG5, GBK), followed by a quote: a lexer reading bytes instead of characters sees an escaped quote there.
     */
    private byte[] trailingBackslashCharacter(String encoding) {
        return switch (encoding) {
            case "SJIS" -> new byte[] {(byte) 0x95, 0x5c, '\''};
            case "BIG5" -> new byte[] {(byte) 0xa5, 0x5c, '\''};
            case "GBK" -> new byte[] {(byte) 0x81, 0x5c, '\''};
            default -> new byte[] {(byte) 0xc3, (byte) 0xa9, '\\', '\''};
        };
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
