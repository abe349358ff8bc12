package dev.rift.router.sql;

/**
 * PostgreSQL's character classes as its lexer (scan.l) defines them ({@code space}, {@code ident_start},
 * {@code ident_cont}, {@code op_chars}), and its folding of unquoted identifiers: what {@link SqlLexer} scans by, and
 * what other readers of a client's text check a character or a name against.
 */
final class SqlCharacters {
    private SqlCharacters() {}

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentCont(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    static boolean isOperatorChar(char c) {
        return "~!@#^&|`?+-*/%<>=".indexOf(c) >= 0;
    }

    /** PostgreSQL folds unquoted identifiers to lower case, ASCII letters only for multibyte encodings. */
    static String foldIdentifier(String raw) {
        StringBuilder b = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (b == null) {
                    b = new StringBuilder(raw);
                }
                b.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return b == null ? raw : b.toString();
    }
}
