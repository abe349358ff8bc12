package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A dotted name in the text ({@code a}, {@code s.t}, {@code "S"."T".c}) as PostgreSQL reads it: unquoted parts
 * folded to lower case, every part truncated to 63 bytes.
 *
 * @param parts  the parts; a null part is one rift cannot decode (a {@code U&"..."} name)
 * @param first  index of the first token
 * @param last   index of the last token
 */
record NameChain(List<String> parts, int first, int last) {
    private static final int NAMEDATALEN = 64;

    /** The dotted name starting at token {@code i}, or null when token {@code i} is not a name. */
    static NameChain at(Tokens tokens, int i) {
        if (!isNamePart(tokens, i)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        parts.add(part(tokens.get(i)));
        int last = i;
        while (tokens.is(last + 1, Kind.DOT) && isNamePart(tokens, last + 2)) {
            parts.add(part(tokens.get(last + 2)));
            last += 2;
        }
        return new NameChain(Collections.unmodifiableList(parts), i, last);
    }

    private static boolean isNamePart(Tokens tokens, int i) {
        return tokens.is(i, Kind.IDENT) || tokens.is(i, Kind.QIDENT) || tokens.is(i, Kind.UIDENT);
    }

    private static String part(Token t) {
        return t.kind() == Kind.UIDENT ? null : truncate(t.value());
    }

    boolean decodable() {
        return !parts.contains(null);
    }

    String lastPart() {
        return parts.get(parts.size() - 1);
    }

    /**
     * The parts of a name written inside a string, as {@code regclass} input reads it ({@code 'public.seq'},
     * {@code '"My Seq"'}), or null when the string is not a plain dotted name.
     */
    static List<String> ofRegclassText(String text) {
        Tokens tokens = new Tokens(text);
        NameChain chain = at(tokens, 0);
        if (chain == null || chain.last != tokens.size() - 1 || !chain.decodable()) {
            return null;
        }
        return chain.parts;
    }

    /** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes (on a character boundary). */
    static String truncate(String name) {
        if (name == null || name.length() < (NAMEDATALEN - 1) / 3) {
            return name;
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < NAMEDATALEN) {
            return name;
        }
        int len = NAMEDATALEN - 1;
        while (len > 0 && (bytes[len] & 0xC0) == 0x80) {
            len--;
        }
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }
}
