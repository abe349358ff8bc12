package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.ArrayList;
import java.util.List;

import static dev.rift.router.sql.SqlCharacters.foldIdentifier;
import static dev.rift.router.sql.SqlCharacters.isIdentCont;
import static dev.rift.router.sql.SqlCharacters.isIdentStart;
import static dev.rift.router.sql.SqlCharacters.isOperatorChar;
import static dev.rift.router.sql.SqlCharacters.isSpace;

/**
 * PostgreSQL's lexical rules (scan.l), as far as rift needs them to find statements, names and strings in a
 * client's text: comments and whitespace are dropped, everything else becomes a {@link Token} with its offsets.
 * Plain '...' (and N'...') strings follow the session's {@code standard_conforming_strings}: with it off,
 * backslashes escape in them as in E'...'. Overlay sessions plan texts made independent of that setting
 * ({@link StandardStrings}), so the planner's many lexers read them with it on.
 *
 * <p>The text is the client's bytes decoded as UTF-8. The server's lexer works on bytes in which every byte of a
 * multi-byte character is non-ASCII (UTF8, the EUC encodings and the single-byte ones); rift's reading keeps every
 * ASCII byte as the same ASCII character, so it finds the same token boundaries. Client encodings whose characters
 * may contain ASCII bytes are refused on overlay branches (see {@code ClientEncodings}).
 */
public final class SqlLexer {
    private final String sql;
    private final boolean standardStrings;
    private final List<Token> out = new ArrayList<>();
    private int pos;

    private SqlLexer(String sql, boolean standardStrings) {
        this.sql = sql;
        this.standardStrings = standardStrings;
    }

    /** The tokens of {@code sql} read with {@code standard_conforming_strings = on}. */
    public static List<Token> lex(String sql) {
        return lex(sql, true);
    }

    /** The tokens of {@code sql} as the server reads them under this {@code standard_conforming_strings}. */
    public static List<Token> lex(String sql, boolean standardStrings) {
        SqlLexer lexer = new SqlLexer(sql, standardStrings);
        lexer.run();
        return lexer.out;
    }

    private void run() {
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                if (!skipBlockComment()) {
                    return;
                }
            } else if (!lexOne(c)) {
                return;
            }
        }
    }

    /** Lexes one token starting at {@code pos}; false when it ran to the end unterminated. */
    private boolean lexOne(char c) {
        int start = pos;
        char next = peek(1);
        if ((c == 'e' || c == 'E') && next == '\'') {
            pos++;
            return string(start, true);
        }
        if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && next == '\'') {
            pos++;
            return string(start, false);
        }
        if ((c == 'n' || c == 'N') && next == '\'') {
            // scan.l: N is the keyword NCHAR before an ordinary string, which follows standard_conforming_strings.
            pos++;
            return string(start, !standardStrings);
        }
        if ((c == 'u' || c == 'U') && next == '&' && (peek(2) == '\'' || peek(2) == '"')) {
            pos += 2;
            return unicodeQuoted(start);
        }
        if (isIdentStart(c)) {
            pos++;
            while (pos < sql.length() && isIdentCont(sql.charAt(pos))) {
                pos++;
            }
            add(Kind.IDENT, start, foldIdentifier(sql.substring(start, pos)));
            return true;
        }
        switch (c) {
            case '\'':
                return string(start, !standardStrings);
            case '"':
                return quotedIdentifier(start);
            case '$':
                return dollar(start);
            case '(':
                return single(Kind.LPAREN);
            case ')':
                return single(Kind.RPAREN);
            case '[':
                return single(Kind.LBRACKET);
            case ']':
                return single(Kind.RBRACKET);
            case ',':
                return single(Kind.COMMA);
            case ';':
                return single(Kind.SEMICOLON);
            case ':':
                if (next == ':') {
                    pos += 2;
                    add(Kind.OP, start, "::");
                    return true;
                }
                return single(Kind.COLON);
            case '.':
                if (Character.isDigit(next)) {
                    return number(start);
                }
                return single(Kind.DOT);
            default:
                break;
        }
        if (Character.isDigit(c)) {
            return number(start);
        }
        if (isOperatorChar(c)) {
            operator(start);
            return true;
        }
        // Characters PostgreSQL rejects; keep them as a token so nothing is silently lost.
        pos++;
        add(Kind.OP, start, sql.substring(start, pos));
        return true;
    }

    private boolean single(Kind kind) {
        int start = pos++;
        add(kind, start, String.valueOf(sql.charAt(start)));
        return true;
    }

    private void add(Kind kind, int begin, String value) {
        out.add(new Token(kind, begin, pos, value));
    }

    private boolean unterminated(int start) {
        pos = sql.length();
        add(Kind.UNTERMINATED, start, sql.substring(start));
        return false;
    }

    // ---------------------------------------------------------------- comments

    private void skipLineComment() {
        while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
            pos++;
        }
    }

    /** PostgreSQL's block comments nest. */
    private boolean skipBlockComment() {
        int start = pos;
        int depth = 0;
        while (pos < sql.length()) {
            if (sql.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (sql.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return true;
                }
            } else {
                pos++;
            }
        }
        return unterminated(start);
    }

    // ---------------------------------------------------------------- strings and quoted names

    /** A '...' string (pos at the opening quote); {@code escapes} for E'...' backslash escapes. */
    private boolean string(int start, boolean escapes) {
        pos++; // opening quote
        StringBuilder value = new StringBuilder();
        boolean decodable = true;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\'') {
                if (peek(1) == '\'') {
                    value.append('\'');
                    pos += 2;
                    continue;
                }
                pos++;
                int next = continuation(pos);
                if (next >= 0) {
                    pos = next + 1; // the same literal goes on, read as its first part is
                    continue;
                }
                add(Kind.STRING, start, decodable ? value.toString() : null);
                return true;
            }
            if (escapes && c == '\\') {
                if (pos + 1 >= sql.length()) {
                    break;
                }
                char e = sql.charAt(pos + 1);
                pos += 2;
                switch (e) {
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    default -> {
                        if (Character.isLetterOrDigit(e)) {
                            // octal, hex and unicode escapes: rift never needs their value
                            decodable = false;
                        } else {
                            value.append(e);
                        }
                    }
                }
                continue;
            }
            value.append(c);
            pos++;
        }
        return unterminated(start);
    }

    /**
     * scan.l's {@code quotecontinue}: a string literal followed by whitespace with a newline in it (and -- comments)
     * and another quote continues in that quote, e.g. {@code 'a'<newline>'b'} is 'ab'. Returns the offset of the
     * continuing quote, or -1.
     */
    private int continuation(int from) {
        boolean newline = false;
        int p = from;
        while (p < sql.length()) {
            char c = sql.charAt(p);
            if (c == '\n' || c == '\r') {
                newline = true;
                p++;
            } else if (isSpace(c)) {
                p++;
            } else if (c == '-' && p + 1 < sql.length() && sql.charAt(p + 1) == '-') {
                while (p < sql.length() && sql.charAt(p) != '\n' && sql.charAt(p) != '\r') {
                    p++;
                }
            } else {
                return newline && c == '\'' ? p : -1;
            }
        }
        return -1;
    }

    private boolean quotedIdentifier(int start) {
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '"') {
                if (peek(1) == '"') {
                    value.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                add(Kind.QIDENT, start, value.toString());
                return true;
            }
            value.append(c);
            pos++;
        }
        return unterminated(start);
    }

    /** U&amp;'...' or U&amp;"..." (pos at the quote): kept undecoded. */
    private boolean unicodeQuoted(int start) {
        char quote = sql.charAt(pos);
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == quote) {
                if (peek(1) == quote) {
                    pos += 2;
                    continue;
                }
                pos++;
                int next = quote == '\'' ? continuation(pos) : -1;
                if (next >= 0) {
                    pos = next + 1;
                    continue;
                }
                add(quote == '"' ? Kind.UIDENT : Kind.STRING, start, null);
                return true;
            }
            pos++;
        }
        return unterminated(start);
    }

    /** {@code $n}, or a dollar-quoted string {@code $tag$...$tag$}. */
    private boolean dollar(int start) {
        if (Character.isDigit(peek(1))) {
            pos++;
            while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                pos++;
            }
            add(Kind.PARAM, start, sql.substring(start, pos));
            return true;
        }
        int p = pos + 1;
        if (p < sql.length() && isIdentStart(sql.charAt(p))) {
            p++;
            while (p < sql.length() && (isIdentStart(sql.charAt(p)) || Character.isDigit(sql.charAt(p)))) {
                p++;
            }
        }
        if (p >= sql.length() || sql.charAt(p) != '$') {
            pos++;
            add(Kind.OP, start, "$");
            return true;
        }
        String tag = sql.substring(start, p + 1);
        int close = sql.indexOf(tag, p + 1);
        if (close < 0) {
            return unterminated(start);
        }
        pos = close + tag.length();
        add(Kind.STRING, start, sql.substring(p + 1, close));
        return true;
    }

    // ---------------------------------------------------------------- numbers and operators

    private boolean number(int start) {
        if (sql.charAt(pos) == '0' && "xXoObB".indexOf(peek(1)) >= 0 && Character.isLetterOrDigit(peek(2))) {
            pos += 2;
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
                pos++;
            }
            add(Kind.NUMBER, start, sql.substring(start, pos));
            return true;
        }
        digits();
        if (pos < sql.length() && sql.charAt(pos) == '.' && peek(1) != '.') {
            pos++;
            digits();
        }
        if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < sql.length() && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                digits();
            } else {
                pos = save;
            }
        }
        add(Kind.NUMBER, start, sql.substring(start, pos));
        return true;
    }

    private void digits() {
        while (pos < sql.length() && (Character.isDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
            pos++;
        }
    }

    private void operator(int start) {
        int p = pos;
        while (p < sql.length() && isOperatorChar(sql.charAt(p))) {
            if (p > start && (sql.startsWith("--", p) || sql.startsWith("/*", p))) {
                break;
            }
            p++;
        }
        // scan.l: a multi-character operator may end in + or - only if it contains one of ~ ! @ # % ^ & | ` ?
        if (p - start > 1 && (sql.charAt(p - 1) == '+' || sql.charAt(p - 1) == '-')) {
            boolean special = false;
            for (int i = start; i < p; i++) {
                if ("~!@#%^&|`?".indexOf(sql.charAt(i)) >= 0) {
                    special = true;
                    break;
                }
            }
            if (!special) {
                while (p - start > 1 && (sql.charAt(p - 1) == '+' || sql.charAt(p - 1) == '-')) {
                    p--;
                }
            }
        }
        pos = p;
        add(Kind.OP, start, sql.substring(start, pos));
    }

    private char peek(int ahead) {
        int p = pos + ahead;
        return p < sql.length() ? sql.charAt(p) : '\0';
    }
}
