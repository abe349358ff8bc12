package dev.rift.router.sql;

import dev.rift.router.sql.Token.Kind;
import net.sf.jsqlparser.parser.AbstractJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.statement.Statement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Parses one statement with JSqlParser, on the calling thread ({@code CCJSqlParserUtil.parse} would start a
 * thread per call), within the {@link PlanningBudget} of the plan being made. JSqlParser does not know every
 * PostgreSQL form, so it is given a copy of the text in which such forms are blanked out <em>without moving
 * anything</em>: the node positions it reports are positions in the client's original text, where rift splices its
 * replacements.
 */
final class StatementParser {
    private final LongAdder parses = new LongAdder();

    /** Thrown when JSqlParser cannot parse the statement. */
    static final class Unparseable extends Exception {
        Unparseable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @throws StatementTooComplex past the {@link PlanningLimits} of the plan being made ({@link PlanningBudget}):
     *                             too long or too deeply nested (checked before JSqlParser runs), too slow, or
     *                             abandoned
     */
    Statement parse(Tokens tokens) throws Unparseable {
        PlanningBudget budget = PlanningBudget.current();
        budget.admit(tokens);
        parses.increment();
        String input = quoteClashingIdentifiers(parserInput(tokens), tokens);
        CCJSqlParser parser = new StoppableParser(input)
                .withDialect(AbstractJSqlParser.Dialect.POSTGRESQL)
                .withAllowComplexParsing(true);
        return budget.parse(parser, () -> {
            try {
                Statement statement = parser.Statement();
                if (parser.getToken(1).kind != CCJSqlParserConstants.EOF) {
                    throw new Unparseable("text after the end of the statement", null);
                }
                return statement;
            } catch (Unparseable | StoppableParser.Stopped e) {
                throw e;
            } catch (Exception | Error e) {
                // JSqlParser signals failures with checked exceptions, TokenMgrError and the odd RuntimeException.
                if (e instanceof VirtualMachineError vme) {
                    throw vme; // StackOverflowError among them: the budget answers it
                }
                throw new Unparseable(firstLine(e.getMessage()), e);
            }
        });
    }

    /** How many statements this parser has parsed (for tests and metrics). */
    long parseCount() {
        return parses.sum();
    }

    /**
     * The statement as JSqlParser gets it, character for character the same length: comments become spaces,
     * E'...' and dollar-quoted strings become plain strings of spaces, {@code OPERATOR(schema.op)} becomes
     * {@code op}, and the {@code ONLY} of {@code UPDATE ONLY} / {@code DELETE FROM ONLY} (which JSqlParser rejects
     * and which means nothing for a layer's table) becomes spaces, and so does the {@code ROW} of
     * {@code (a, b) = ROW(...)}.
     */
    static String parserInput(Tokens tokens) {
        String sql = tokens.sql;
        char[] out = new char[sql.length()];
        Arrays.fill(out, ' ');
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\n' || c == '\r') {
                out[i] = c;
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("operator") && tokens.is(i + 1, Kind.LPAREN) && tokens.matching(i + 1) > 0) {
                int close = tokens.matching(i + 1);
                Token op = tokens.get(close - 1);
                if (op.kind() == Kind.OP) {
                    sql.getChars(op.begin(), op.end(), out, t.begin());
                    i = close;
                    continue;
                }
            }
            if (t.is("row") && tokens.is(i + 1, Kind.LPAREN) && tokens.is(i - 1, Kind.OP)
                    && tokens.get(i - 1).value().equals("=") && tokens.is(i - 2, Kind.RPAREN)) {
                continue; // (a, b) = ROW(1, 2): JSqlParser reads only (a, b) = (1, 2), the same for rift's analysis
            }
            if (t.is("only") && (tokens.is(i - 1, "update") || tokens.is(i - 1, "from") && tokens.is(i - 2, "delete"))) {
                continue;
            }
            if (t.kind() == Kind.STRING && !isPlainString(sql, t)) {
                // a string of spaces in the same place (its content never matters to rift's analysis)
                out[t.begin()] = '\'';
                out[t.end() - 1] = '\'';
                continue;
            }
            sql.getChars(t.begin(), t.end(), out, t.begin());
        }
        return new String(out);
    }

    /**
     * Words PostgreSQL takes as plain identifiers (they are no keywords of its, or unreserved ones) but JSqlParser
     * cannot read as a table or column name: a table called {@code settings} or a column called {@code file}.
     * Found by parsing probes of every JSqlParser token word not in {@code pg_get_keywords()}'s reserved,
     * column-name or type/function-name categories (see StatementParserTest). Left out: words PostgreSQL also uses
     * as syntax in the statements rift parses ({@code set}, {@code current}, {@code unbounded}, {@code unknown},
     * {@code csv}, {@code force}, {@code returns}), where quoting would change the meaning.
     */
    static final Set<String> CLASHING_IDENTIFIERS = Set.of("absent", "connect_by_root", "distinctrow", "errors",
            "excludes", "extend", "fbv", "file", "final", "ignore", "import", "includes", "low_priority", "minus",
            "nocycle", "output", "pivot", "preferring", "prewhere", "prior", "qualify", "sample", "script", "semi",
            "settings", "sql_cache", "sql_calc_found_rows", "sql_no_cache", "statement", "unpivot", "use", "verify",
            "xor");

    /**
     * Quotes (in lower case, as PostgreSQL folds them) the unquoted identifiers JSqlParser would take for its own
     * keywords. The text grows by two characters per word: where, is recorded in {@code tokens}, so positions
     * JSqlParser reports still map to the client's text.
     */
    static String quoteClashingIdentifiers(String input, Tokens tokens) {
        StringBuilder out = null;
        List<Integer> inserted = new ArrayList<>();
        int copied = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean columnListFollows = tokens.is(i - 1, "into") || tokens.is(i - 1, "copy");
            if (t.kind() != Kind.IDENT || tokens.is(i + 1, Kind.LPAREN) && !columnListFollows) {
                continue; // a function call: file(...) names a function, not a table
            }
            String word = input.substring(t.begin(), t.end()).toLowerCase(Locale.ROOT);
            if (!CLASHING_IDENTIFIERS.contains(word)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(input.length() + 16);
            }
            out.append(input, copied, t.begin());
            inserted.add(out.length());
            out.append('"').append(word);
            inserted.add(out.length());
            out.append('"');
            copied = t.end();
        }
        if (out == null) {
            return input;
        }
        out.append(input, copied, input.length());
        tokens.parserInsertions(inserted.stream().mapToInt(Integer::intValue).toArray());
        return out.toString();
    }

    /** A '...' string JSqlParser reads as PostgreSQL does (no backslash escapes, no dollar quotes). */
    private static boolean isPlainString(String sql, Token t) {
        char c = sql.charAt(t.begin());
        return c == '\'' || ((c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n')
                && sql.charAt(t.begin() + 1) == '\'');
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
