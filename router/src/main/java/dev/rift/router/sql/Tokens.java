package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/** The tokens of one statement with their parenthesis structure, for finding clauses in the original text. */
final class Tokens {
    final String sql;
    private final List<Token> list;
    private final int[] depth;
    private final int[] match;

    /**
     * Positions, in the text JSqlParser was given, of the quote characters rift inserted there (see
     * {@link StatementParser}); empty until the statement is parsed.
     */
    private int[] parserInsertions = new int[0];

    void parserInsertions(int[] positions) {
        this.parserInsertions = positions;
    }

    /** The position in the original text of position {@code p} of the text JSqlParser was given. */
    int originalOffset(int p) {
        int before = 0;
        while (before < parserInsertions.length && parserInsertions[before] < p) {
            before++;
        }
        return p - before;
    }

    Tokens(String sql) {
        this.sql = sql;
        this.list = SqlLexer.lex(sql);
        this.depth = new int[list.size()];
        this.match = new int[list.size()];
        Arrays.fill(match, -1);
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < list.size(); i++) {
            Kind k = list.get(i).kind();
            if (k == Kind.RPAREN && !open.isEmpty()) {
                int o = open.pop();
                match[o] = i;
                match[i] = o;
            }
            depth[i] = open.size();
            if (k == Kind.LPAREN) {
                open.push(i);
            }
        }
    }

    int size() {
        return list.size();
    }

    Token get(int i) {
        return list.get(i);
    }

    List<Token> all() {
        return list;
    }

    /** Whether token {@code i} exists and is the unquoted keyword {@code word}. */
    boolean is(int i, String word) {
        return i >= 0 && i < list.size() && list.get(i).is(word);
    }

    boolean is(int i, Kind kind) {
        return i >= 0 && i < list.size() && list.get(i).kind() == kind;
    }

    /** Parenthesis depth at token {@code i}: an opening parenthesis and its closing one sit at the outer depth. */
    int depth(int i) {
        return depth[i];
    }

    /** The index of the parenthesis matching the one at {@code i}, or -1. */
    int matching(int i) {
        return match[i];
    }

    /** The innermost opening parenthesis enclosing token {@code i}, or -1 at the top level. */
    int enclosingOpen(int i) {
        int d = depth[i];
        for (int j = i - 1; j >= 0; j--) {
            if (list.get(j).kind() == Kind.LPAREN && depth[j] == d - 1) {
                return j;
            }
        }
        return -1;
    }

    /** The index of the token that begins at {@code offset}, or -1. */
    int indexAt(int offset) {
        int lo = 0;
        int hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int b = list.get(mid).begin();
            if (b == offset) {
                return mid;
            } else if (b < offset) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    /** The first token at or after {@code from} and before {@code to} that is {@code word} at depth {@code d}, or -1. */
    int find(int from, int to, int d, String word) {
        for (int i = from; i < to && i < list.size(); i++) {
            if (depth[i] == d && list.get(i).is(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether any token in [from, to) is a positional parameter. */
    boolean hasParam(int from, int to) {
        for (int i = from; i < to && i < list.size(); i++) {
            if (list.get(i).kind() == Kind.PARAM) {
                return true;
            }
        }
        return false;
    }

    /** Text offset where token {@code i} begins, or the text's end past the last token. */
    int beginOf(int i) {
        return i < list.size() ? list.get(i).begin() : sql.length();
    }

    int endOf(int i) {
        return list.get(i).end();
    }
}
